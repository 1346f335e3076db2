package io.fnhost.timer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonParser;

import io.fnhost.spi.TriggerListener;
import io.fnhost.timer.internal.Fakes.ManualScheduler;
import io.fnhost.timer.internal.Fakes.MemoryStore;
import io.fnhost.timer.internal.Fakes.MutableClock;
import io.fnhost.timer.internal.Fakes.RecordingInvoker;
import io.fnhost.timer.internal.Fakes.SwitchableOwnership;

/**
 * Running timers follow the highest-ranked {@code TimerOwnership} and {@code ScheduleStatusStore} as SCR
 * rebinds the provider's greedy references: the cluster's services appear seconds after boot, when timers
 * already run, and go away when its member stops. Bind and unbind are called in SCR's order (the
 * replacement is bound before the replaced one is unbound).
 */
class TimerTriggerProviderRankingTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2024-01-06T10:02:30Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final MemoryStore store = new MemoryStore();
    /** Like LocalTimerOwnership (ranking 0): owns every timer, never notifies. */
    private final SwitchableOwnership local = new SwitchableOwnership(true);
    /** The cluster's (ranking 100): another node owns the timer until the test says otherwise. */
    private final SwitchableOwnership cluster = new SwitchableOwnership(false);
    private final RecordingInvoker invoker = new RecordingInvoker(Fakes.descriptor("0 */5 * * * *"));
    private TimerTriggerProvider provider;

    @BeforeEach
    void startProvider() {
        provider = new TimerTriggerProvider(1, clock, scheduler);
        provider.statusStore = store;
        provider.bindOwnership(local);
    }

    @AfterEach
    void stopProvider() throws InterruptedException {
        provider.deactivate();
    }

    private void clusterAppears() {
        provider.bindOwnership(cluster);
        provider.unbindOwnership(local);
    }

    private void clusterGoes() {
        provider.bindOwnership(local);
        provider.unbindOwnership(cluster);
    }

    private static boolean pastDue(String payload) {
        return JsonParser.parseString(payload).getAsJsonObject().get("IsPastDue").getAsBoolean();
    }

    @Test
    void aTimerStartedBeforeTheClusterWatchesTheClustersOwnership() throws Exception {
        provider.start(invoker);
        assertThat(local.watches()).isEqualTo(1);

        clusterAppears();
        assertThat(local.watches()).isZero();
        assertThat(cluster.watches()).isEqualTo(1);
        scheduler.runNext(); // the re-evaluation, at once
        scheduler.runNext(); // 10:05: another node's, per the cluster
        scheduler.runNext(); // 10:10: still another node's
        assertThat(invoker.payloads).isEmpty();

        // the other node ran 10:05, died before 10:10; at 10:12 the cluster gives the timer to this node
        store.write("timers", "tick", ScheduleMonitor.status(Instant.parse("2024-01-06T10:05:00Z"),
                Instant.parse("2024-01-06T10:10:00Z"), Instant.parse("2024-01-06T10:05:00Z")));
        clock.set(Instant.parse("2024-01-06T10:12:00Z"));
        cluster.flip(true);
        scheduler.runNext(); // the ownership check the notification asked for
        scheduler.runNext(); // the past-due run it found
        assertThat(invoker.payloads).hasSize(1);
        assertThat(pastDue(invoker.payloads.get(0))).isTrue();
        assertThat(scheduler.nextDue()).isEqualTo(Instant.parse("2024-01-06T10:15:00Z"));
    }

    @Test
    void whenTheClusterGoesTheTimerIsReevaluatedAtOnceAndRunsWhatWasMissed() throws Exception {
        provider.start(invoker);
        clusterAppears();
        scheduler.runNext(); // re-evaluated: another node owns it now
        scheduler.runNext(); // 10:05 skipped here; its owner died before running it
        assertThat(invoker.payloads).isEmpty();

        // 10:07: the cluster's member stops; the local service is the best again and owns every timer
        clock.set(Instant.parse("2024-01-06T10:07:00Z"));
        clusterGoes();
        assertThat(cluster.watches()).isZero();
        assertThat(local.watches()).isEqualTo(1);
        scheduler.runNext(); // the re-evaluation: this node owns it, and 10:05 was missed
        scheduler.runNext(); // the past-due run, before 10:10
        assertThat(invoker.payloads).hasSize(1);
        assertThat(pastDue(invoker.payloads.get(0))).isTrue();
        assertThat(clock.instant()).isEqualTo(Instant.parse("2024-01-06T10:07:00Z"));
    }

    @Test
    void aStoppedTimerIsNotFollowed() throws Exception {
        TriggerListener timer = provider.start(invoker);
        timer.stop();
        assertThat(local.watches()).isZero();
        clusterAppears();
        assertThat(cluster.watches()).isZero();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void statusIsReadAndWrittenThroughTheCurrentBestStore() throws Exception {
        provider.start(invoker);
        assertThat(store.writes).hasSize(1); // the first start records the next occurrence

        MemoryStore shared = new MemoryStore();
        provider.statusStore = shared; // SCR replaces the greedy field reference with the better store
        clusterAppears();
        cluster.flip(true);
        scheduler.runNext(); // re-evaluation(s): still this node's
        while (invoker.payloads.isEmpty()) {
            scheduler.runNext(); // until the 10:05 run
        }
        assertThat(store.writes).hasSize(1);
        assertThat(shared.read("timers", "tick").last).isEqualTo(Instant.parse("2024-01-06T10:05:00Z"));
    }
}
