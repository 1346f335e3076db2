package io.fnhost.timer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.ScheduleStatusDTO;
import io.fnhost.timer.internal.Fakes.ManualScheduler;
import io.fnhost.timer.internal.Fakes.MemoryStore;
import io.fnhost.timer.internal.Fakes.MutableClock;
import io.fnhost.timer.internal.Fakes.RecordingInvoker;
import io.fnhost.timer.internal.Fakes.SwitchableOwnership;

class TimerListenerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2024-01-06T10:02:30Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final MemoryStore store = new MemoryStore();
    private final SwitchableOwnership ownership = new SwitchableOwnership(true);

    private TimerListenerImpl listener(RecordingInvoker invoker, String schedule, boolean runOnStartup, boolean useMonitor) {
        TimerSpec spec = new TimerSpec(TimerSpec.parse(schedule, ZoneOffset.UTC), runOnStartup, useMonitor);
        TimerListenerImpl listener = new TimerListenerImpl(invoker, spec, scheduler, clock, () -> store, () -> ownership);
        listener.start();
        return listener;
    }

    private static RecordingInvoker invoker() {
        return new RecordingInvoker(Fakes.descriptor("0 */5 * * * *"));
    }

    private static JsonObject json(String payload) {
        return JsonParser.parseString(payload).getAsJsonObject();
    }

    @Test
    void firstStartRecordsTheNextOccurrenceAndRunsOnlyWhenItIsDue() {
        RecordingInvoker invoker = invoker();
        listener(invoker, "0 */5 * * * *", false, true);

        assertThat(store.read("timers", "tick").next).isEqualTo(Instant.parse("2024-01-06T10:05:00Z"));
        assertThat(invoker.payloads).isEmpty();
        assertThat(scheduler.nextDue()).isEqualTo(Instant.parse("2024-01-06T10:05:00Z"));

        scheduler.runNext();
        assertThat(invoker.payloads).hasSize(1);
        JsonObject payload = json(invoker.payloads.get(0));
        assertThat(payload.get("IsPastDue").getAsBoolean()).isFalse();
        assertThat(payload.getAsJsonObject("Schedule").get("AdjustForDST").getAsBoolean()).isTrue();
        assertThat(payload.getAsJsonObject("ScheduleStatus").get("Next").getAsString()).isEqualTo("2024-01-06T10:05:00+00:00");
        assertThat(payload.getAsJsonObject("ScheduleStatus").get("Last").getAsString()).isEqualTo("0001-01-01T00:00:00+00:00");

        ScheduleStatusDTO after = store.read("timers", "tick");
        assertThat(after.last).isEqualTo(Instant.parse("2024-01-06T10:05:00Z"));
        assertThat(after.next).isEqualTo(Instant.parse("2024-01-06T10:10:00Z"));
        assertThat(scheduler.nextDue()).isEqualTo(Instant.parse("2024-01-06T10:10:00Z"));
    }

    @Test
    void anOccurrenceMissedWhileStoppedRunsOnceAtStartAsPastDue() {
        // the node last ran 09:55 and was down at 10:00 and 10:05
        store.write("timers", "tick", ScheduleMonitor.status(Instant.parse("2024-01-06T09:55:00Z"),
                Instant.parse("2024-01-06T10:00:00Z"), Instant.parse("2024-01-06T09:55:00Z")));
        clock.set(Instant.parse("2024-01-06T10:07:00Z"));
        RecordingInvoker invoker = invoker();
        listener(invoker, "0 */5 * * * *", false, true);

        assertThat(scheduler.nextDue()).isEqualTo(clock.instant());
        scheduler.runNext();
        assertThat(invoker.payloads).hasSize(1);
        JsonObject payload = json(invoker.payloads.get(0));
        assertThat(payload.get("IsPastDue").getAsBoolean()).isTrue();
        assertThat(payload.getAsJsonObject("ScheduleStatus").get("Next").getAsString()).isEqualTo("2024-01-06T10:00:00+00:00");
        // then back on schedule: one past-due run, not one per missed occurrence
        assertThat(scheduler.nextDue()).isEqualTo(Instant.parse("2024-01-06T10:10:00Z"));
        assertThat(store.read("timers", "tick").last).isEqualTo(Instant.parse("2024-01-06T10:07:00Z"));
        scheduler.runNext();
        assertThat(json(invoker.payloads.get(1)).get("IsPastDue").getAsBoolean()).isFalse();
    }

    @Test
    void aChangedScheduleIsRecomputedNotPastDue() {
        // recorded under an hourly schedule; the function now runs every five minutes
        store.write("timers", "tick", ScheduleMonitor.status(Instant.parse("2024-01-06T09:00:00Z"),
                Instant.parse("2024-01-06T10:00:00Z"), Instant.parse("2024-01-06T09:00:00Z")));
        clock.set(Instant.parse("2024-01-06T10:07:00Z"));
        RecordingInvoker invoker = invoker();
        listener(invoker, "0 */5 * * * *", false, true);

        assertThat(scheduler.nextDue()).isEqualTo(Instant.parse("2024-01-06T10:10:00Z"));
        ScheduleStatusDTO recorded = store.read("timers", "tick");
        assertThat(recorded.last).isNull();
        assertThat(recorded.next).isEqualTo(Instant.parse("2024-01-06T10:10:00Z"));
    }

    @Test
    void runOnStartupRunsImmediatelyNotPastDue() {
        RecordingInvoker invoker = invoker();
        listener(invoker, "0 0 0 * * *", true, true);
        assertThat(scheduler.nextDue()).isEqualTo(clock.instant());
        scheduler.runNext();
        assertThat(json(invoker.payloads.get(0)).get("IsPastDue").getAsBoolean()).isFalse();
        assertThat(scheduler.nextDue()).isEqualTo(Instant.parse("2024-01-07T00:00:00Z"));
    }

    @Test
    void aRunOverrunningTheNextOccurrenceIsFollowedByOneRunRightAfterNeverInParallel() {
        RecordingInvoker invoker = invoker();
        listener(invoker, "0 * * * * *", false, true);
        // the 10:03 run takes 2.5 minutes: 10:04 and 10:05 pass while it runs
        invoker.during = payload -> {
            if (invoker.payloads.size() == 1) {
                clock.advance(Duration.ofSeconds(150));
            }
        };
        scheduler.runNext();
        assertThat(clock.instant()).isEqualTo(Instant.parse("2024-01-06T10:05:30Z"));
        assertThat(scheduler.pending()).isEqualTo(1);
        assertThat(scheduler.nextDue()).isEqualTo(clock.instant()); // due 10:04 (computed from 10:03): now
        scheduler.runNext();
        assertThat(invoker.payloads).hasSize(2);
        assertThat(scheduler.nextDue()).isEqualTo(Instant.parse("2024-01-06T10:06:00Z"));
    }

    @Test
    void aSubMinuteScheduleRunsWithoutMonitorOrStatus() {
        RecordingInvoker invoker = invoker();
        listener(invoker, "*/2 * * * * *", false, true);
        scheduler.runNext();
        scheduler.runNext();
        assertThat(invoker.payloads).hasSize(2);
        assertThat(json(invoker.payloads.get(0)).get("ScheduleStatus").isJsonNull()).isTrue();
        assertThat(store.writes).isEmpty();
        assertThat(clock.instant()).isEqualTo(Instant.parse("2024-01-06T10:02:34Z"));
    }

    @Test
    void occurrencesThisNodeDoesNotOwnAreSkippedAndGainingOwnershipChecksPastDue() {
        ownership.owns = false;
        RecordingInvoker invoker = invoker();
        listener(invoker, "0 */5 * * * *", false, true);
        scheduler.runNext(); // 10:05, owned elsewhere
        assertThat(invoker.payloads).isEmpty();
        assertThat(scheduler.nextDue()).isEqualTo(Instant.parse("2024-01-06T10:10:00Z"));
        scheduler.runNext(); // 10:10, owned elsewhere
        assertThat(invoker.payloads).isEmpty();

        // the owner recorded 10:05 and then went away; this node takes over at 10:12
        store.write("timers", "tick", ScheduleMonitor.status(Instant.parse("2024-01-06T10:05:00Z"),
                Instant.parse("2024-01-06T10:10:00Z"), Instant.parse("2024-01-06T10:05:00Z")));
        clock.set(Instant.parse("2024-01-06T10:12:00Z"));
        ownership.flip(true);
        scheduler.runNext(); // the ownership check
        scheduler.runNext(); // the past-due run it scheduled
        assertThat(invoker.payloads).hasSize(1);
        assertThat(scheduler.pending()).isEqualTo(1); // only the 10:15 occurrence waits: one chain per function
        assertThat(json(invoker.payloads.get(0)).get("IsPastDue").getAsBoolean()).isTrue();
    }

    @Test
    void stopCancelsThePendingOccurrence() {
        RecordingInvoker invoker = invoker();
        TimerListenerImpl listener = listener(invoker, "0 */5 * * * *", false, true);
        listener.stop();
        assertThat(scheduler.pending()).isZero();
        assertThat(invoker.payloads).isEmpty();
    }

    @Test
    void providerStartsNoTimerForADisabledFunction() throws Exception {
        FunctionDescriptor disabled = Fakes.descriptor("*/1 * * * * *", Map.of(), Map.of(), true);
        TimerTriggerProvider provider = new TimerTriggerProvider(1, clock);
        provider.statusStore = store;
        provider.bindOwnership(ownership);
        try {
            provider.start(new RecordingInvoker(disabled));
            assertThat(provider.scheduler().getQueue()).isEmpty();
        } finally {
            provider.deactivate();
        }
    }

    @Test
    void adminInvocationGetsTheRecordedStatusNotPastDue() throws Exception {
        store.write("timers", "tick", ScheduleMonitor.status(Instant.parse("2024-01-06T10:00:00Z"),
                Instant.parse("2024-01-06T10:05:00Z"), Instant.parse("2024-01-06T10:00:00Z")));
        TimerTriggerProvider provider = new TimerTriggerProvider(1, clock);
        provider.statusStore = store;
        provider.bindOwnership(ownership);
        try {
            JsonObject payload = json((String) provider.adminInvocation(Fakes.descriptor("0 */5 * * * *"), "").value());
            assertThat(payload.get("IsPastDue").getAsBoolean()).isFalse();
            assertThat(payload.getAsJsonObject("ScheduleStatus").get("Last").getAsString()).isEqualTo("2024-01-06T10:00:00+00:00");
        } finally {
            provider.deactivate();
        }
    }
}
