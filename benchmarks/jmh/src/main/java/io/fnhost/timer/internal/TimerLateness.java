package io.fnhost.timer.internal;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.ScheduleStatusDTO;
import io.fnhost.spi.ScheduleStatusStore;
import io.fnhost.spi.TriggerData;
import io.fnhost.spi.TriggerListener;

/**
 * Firing lateness of the timer trigger: how long after its scheduled instant a run of a
 * {@code * * * * * *} schedule starts (the moment the trigger hands it to the invoker), over N firings,
 * against a bare {@link ScheduledExecutorService} that schedules the same instants (every whole second)
 * in the same run. Both run side by side on the same seconds; the scheduled instant of a run is the
 * whole second at or before its start (lateness is far below a second). Not JMH: this measures
 * wall-clock accuracy, not throughput.
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
        provider.statusStore = new NoStore();
        provider.ownership = new LocalTimerOwnership();
        TriggerListener listener = provider.start(new LatenessInvoker(descriptor("* * * * * *"), fnhost, firings, done));

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

    /** Records when the trigger hands each run over; does nothing else. */
    private static final class LatenessInvoker implements FunctionInvoker {
        private final FunctionDescriptor function;
        private final List<Long> samples;
        private final int firings;
        private final CountDownLatch done;

        LatenessInvoker(FunctionDescriptor function, List<Long> samples, int firings, CountDownLatch done) {
            this.function = function;
            this.samples = samples;
            this.firings = firings;
            this.done = done;
        }

        @Override
        public FunctionDescriptor function() {
            return function;
        }

        @Override
        public InvocationResult invoke(TriggerData trigger) {
            samples.add(latenessMicros(Instant.now()));
            if (samples.size() == firings) {
                done.countDown();
            }
            return new InvocationResult() {
                @Override
                public String invocationId() {
                    return "bench";
                }

                @Override
                public InvocationStatus status() {
                    return InvocationStatus.SUCCEEDED;
                }

                @Override
                public Throwable error() {
                    return null;
                }

                @Override
                public Object output(String bindingName) {
                    return null;
                }
            };
        }
    }

    /** A sub-minute schedule runs without the monitor; the store is never asked. */
    private static final class NoStore implements ScheduleStatusStore {
        @Override
        public ScheduleStatusDTO read(String app, String function) {
            return null;
        }

        @Override
        public void write(String app, String function, ScheduleStatusDTO status) {
        }
    }

    private static FunctionDescriptor descriptor(String schedule) {
        BindingDTO trigger = new BindingDTO();
        trigger.type = "timerTrigger";
        trigger.direction = BindingDTO.DIRECTION_IN;
        trigger.name = "timerInfo";
        trigger.attributes.put("schedule", schedule);
        return new FunctionDescriptor() {
            @Override
            public String app() {
                return "bench";
            }

            @Override
            public String appVersion() {
                return "1.0.0";
            }

            @Override
            public long generation() {
                return 1;
            }

            @Override
            public String name() {
                return "everySecond";
            }

            @Override
            public FunctionDTO dto() {
                return new FunctionDTO();
            }

            @Override
            public BindingDTO trigger() {
                return trigger;
            }

            @Override
            public BindingDTO binding(String type, String direction) {
                return null;
            }

            @Override
            public Type parameterType(String bindingName) {
                return String.class;
            }

            @Override
            public Map<String, Object> hostExtension(String extension) {
                return Map.of();
            }
        };
    }
}
