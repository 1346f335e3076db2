package io.fnhost.timer.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fnhost.spi.TriggerListener;

/**
 * Firing lateness of the timer trigger: how long after its scheduled instant a run of a
 * {@code * * * * * *} schedule starts (the moment the trigger hands it to the invoker), over N firings,
 * against a bare {@link ScheduledExecutorService} that schedules the same instants (every whole second)
 * in the same run. Both run side by side on the same seconds; the scheduled instant of a run is the
 * whole second at or before its start (lateness is far below a second). Not JMH: this measures
 * wall-clock accuracy, not throughput. The descriptor, invoker and store are fnhost-timer's test fixtures
 * ({@link Fakes}, from its test-jar).
 *
 * <pre>java -cp benchmarks/jmh/target/benchmarks.jar io.fnhost.timer.internal.TimerLateness [firings]</pre>
 */
public final class TimerLateness {
    private TimerLateness() {
    }

    public static void main(String[] args) throws Exception {
        int firings = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        List<Long> fnhost = Collections.synchronizedList(new ArrayList<>());
        List<Long> baseline = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(2);

        TimerTriggerProvider provider = new TimerTriggerProvider(4, Clock.systemUTC());
        // a sub-minute schedule runs without the schedule monitor: the store is never asked
        provider.statusStore = new Fakes.MemoryStore();
        provider.bindOwnership(new LocalTimerOwnership());
        // the test suite's recording invoker; the sample is taken when it hands the run over
        Fakes.RecordingInvoker invoker = new Fakes.RecordingInvoker(Fakes.descriptor("* * * * * *"));
        invoker.during = payload -> {
            fnhost.add(latenessMicros(Instant.now()));
            if (fnhost.size() == firings) {
                done.countDown();
            }
        };
        TriggerListener listener = provider.start(invoker);

        ScheduledExecutorService bare = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "baseline-timer");
            thread.setDaemon(true);
            return thread;
        });
        scheduleNextSecond(bare, baseline, firings, done);

        System.err.printf("measuring %d firings of '* * * * * *' (about %d s)%n", firings, firings + 2);
        if (!done.await(firings * 2L + 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("firings did not complete: fnhost " + fnhost.size() + ", baseline " + baseline.size());
        }
        listener.stop();
        bare.shutdownNow();
        provider.deactivate();
        report("fnhost timer trigger", fnhost.subList(0, firings));
        report("bare ScheduledExecutorService", baseline.subList(0, firings));
    }

    private static void scheduleNextSecond(ScheduledExecutorService executor, List<Long> samples, int firings,
            CountDownLatch done) {
        Instant now = Instant.now();
        Instant due = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        executor.schedule(() -> {
            samples.add(latenessMicros(Instant.now()));
            if (samples.size() == firings) {
                done.countDown();
            } else {
                scheduleNextSecond(executor, samples, firings, done);
            }
        }, Duration.between(now, due).toNanos(), TimeUnit.NANOSECONDS);
    }

    private static long latenessMicros(Instant start) {
        return Duration.between(start.truncatedTo(ChronoUnit.SECONDS), start).toNanos() / 1_000;
    }

    private static void report(String name, List<Long> samples) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-32s firings %4d  lateness p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms%n", name,
                sorted.size(), percentile(sorted, 50) / 1000.0, percentile(sorted, 99) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
