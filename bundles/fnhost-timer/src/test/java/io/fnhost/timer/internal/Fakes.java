package io.fnhost.timer.internal;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.ScheduleStatusDTO;
import io.fnhost.spi.ScheduleStatusStore;
import io.fnhost.spi.TimerOwnership;
import io.fnhost.spi.TriggerData;

/** Hand-written test doubles: a settable clock, a manual scheduler, descriptors, an invoker, stores. */
final class Fakes {
    private Fakes() {
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Tasks wait until {@link #runNext()} moves the clock to the earliest and runs it. */
    static final class ManualScheduler implements TimerListenerImpl.Scheduler {
        private final MutableClock clock;
        private final List<Task> tasks = new ArrayList<>();
        private long sequence;

        ManualScheduler(MutableClock clock) {
            this.clock = clock;
        }

        private final class Task {
            final Instant due;
            final long order = sequence++;
            final Runnable body;
            final CompletableFuture<Void> future = new CompletableFuture<>();

            Task(Instant due, Runnable body) {
                this.due = due;
                this.body = body;
            }
        }

        @Override
        public synchronized Future<?> schedule(Runnable task, Duration delay) {
            Task t = new Task(clock.instant().plus(delay), task);
            tasks.add(t);
            return t.future;
        }

        synchronized int pending() {
            tasks.removeIf(t -> t.future.isCancelled());
            return tasks.size();
        }

        /** The due time of the earliest live task, or null. */
        synchronized Instant nextDue() {
            tasks.removeIf(t -> t.future.isCancelled());
            return tasks.stream().min(Comparator.comparing((Task t) -> t.due).thenComparing(t -> t.order)).map(t -> t.due)
                    .orElse(null);
        }

        /** Runs the earliest task, moving the clock forward to its due time if it lies ahead. */
        void runNext() {
            Task next;
            synchronized (this) {
                tasks.removeIf(t -> t.future.isCancelled());
                next = tasks.stream().min(Comparator.comparing((Task t) -> t.due).thenComparing(t -> t.order))
                        .orElseThrow(() -> new AssertionError("nothing scheduled"));
                tasks.remove(next);
            }
            if (next.due.isAfter(clock.instant())) {
                clock.set(next.due);
            }
            next.body.run();
            next.future.complete(null);
        }
    }

    static FunctionDescriptor descriptor(String schedule, Map<String, Object> attributes, Map<String, String> settings,
            boolean disabled) {
        BindingDTO trigger = new BindingDTO();
        trigger.type = "timerTrigger";
        trigger.direction = BindingDTO.DIRECTION_IN;
        trigger.name = "timerInfo";
        if (schedule != null) {
            trigger.attributes.put("schedule", schedule);
        }
        trigger.attributes.putAll(attributes);
        return new FunctionDescriptor() {
            @Override
            public String app() {
                return "timers";
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
                return "tick";
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

            @Override
            public boolean disabled() {
                return disabled;
            }

            @Override
            public String appSetting(String name) {
                return settings.get(name);
            }
        };
    }

    static FunctionDescriptor descriptor(String schedule) {
        return descriptor(schedule, Map.of(), Map.of(), false);
    }

    /** Records the payload of every invocation; {@code during} runs inside the invocation. */
    static final class RecordingInvoker implements FunctionInvoker {
        private final FunctionDescriptor function;
        final List<String> payloads = new CopyOnWriteArrayList<>();
        volatile Consumer<String> during = payload -> {
        };

        RecordingInvoker(FunctionDescriptor function) {
            this.function = function;
        }

        @Override
        public FunctionDescriptor function() {
            return function;
        }

        @Override
        public InvocationResult invoke(TriggerData trigger) {
            String payload = (String) trigger.value();
            payloads.add(payload);
            during.accept(payload);
            return new InvocationResult() {
                @Override
                public String invocationId() {
                    return "id-" + payloads.size();
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

    static final class MemoryStore implements ScheduleStatusStore {
        final Map<String, ScheduleStatusDTO> records = new HashMap<>();
        final List<ScheduleStatusDTO> writes = new CopyOnWriteArrayList<>();

        @Override
        public synchronized ScheduleStatusDTO read(String app, String function) {
            return records.get(app + "/" + function);
        }

        @Override
        public synchronized void write(String app, String function, ScheduleStatusDTO status) {
            records.put(app + "/" + function, status);
            writes.add(status);
        }
    }

    /** Ownership a test flips; {@link #flip} notifies the watchers as a cluster would. */
    static final class SwitchableOwnership implements TimerOwnership {
        volatile boolean owns;
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

        SwitchableOwnership(boolean owns) {
            this.owns = owns;
        }

        void flip(boolean owned) {
            owns = owned;
            listeners.forEach(Runnable::run);
        }

        @Override
        public boolean owns(String app, String function) {
            return owns;
        }

        @Override
        public Watch watch(String app, String function, Runnable listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        /** How many watches are open on this service. */
        int watches() {
            return listeners.size();
        }
    }
}
