package io.fnhost.timer.internal;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.spi.BindingException;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.ScheduleStatusDTO;
import io.fnhost.spi.ScheduleStatusStore;
import io.fnhost.spi.TimerOwnership;
import io.fnhost.spi.TriggerData;
import io.fnhost.spi.TriggerListener;
import io.fnhost.spi.TriggerProvider;

/**
 * The {@code timerTrigger} extension. {@link #start} reads the function's schedule (NCRONTAB or
 * TimeSpan, {@code %Setting%} resolved, in the zone of {@code WEBSITE_TIME_ZONE}/{@code TZ}) and
 * starts a {@link TimerListenerImpl} on the shared scheduler. Schedule status and ownership come from
 * the highest-ranked {@link ScheduleStatusStore} and {@link TimerOwnership} services, so a cluster
 * extension replaces the local ones by registering its own with a higher ranking, also for timers that
 * are already running.
 */
@Component(service = TriggerProvider.class, property = TriggerProvider.BINDING_TYPE + "=timerTrigger",
        configurationPid = TimerTriggerProvider.PID)
@Designate(ocd = TimerTriggerProvider.Config.class)
public final class TimerTriggerProvider implements TriggerProvider {
    static final String PID = "io.fnhost.timer.TimerTrigger";
    private static final Logger LOG = LoggerFactory.getLogger(TimerTriggerProvider.class);

    @ObjectClassDefinition(id = PID, name = "fnhost timer trigger",
            description = "Runs timerTrigger functions on NCRONTAB or TimeSpan schedules.")
    public @interface Config {
        @AttributeDefinition(name = "Scheduler threads",
                description = "Threads (fnhost-timer-N) that start timer runs. A run occupies a thread for its length, "
                        + "so this bounds how many timer functions of this node run at the same moment.")
        int threads() default 4;
    }

    private final ScheduledThreadPoolExecutor scheduler;
    private final Clock clock;
    private final TimeZones zones = TimeZones.load();

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ScheduleStatusStore statusStore;

    /** The highest-ranked ownership service; see {@link #bindOwnership}. */
    private volatile TimerOwnership ownership;
    /** The running timers, which follow {@link #ownership} when it changes. */
    private final Set<TimerListenerImpl> timers = ConcurrentHashMap.newKeySet();
    /** Where occurrences wait: {@link #scheduler}, or a manual scheduler in tests. */
    private final TimerListenerImpl.Scheduler occurrences;

    @Activate
    public TimerTriggerProvider(Config config) {
        this(Math.max(1, config.threads()), Clock.systemUTC());
    }

    TimerTriggerProvider(int threads, Clock clock) {
        this(threads, clock, null);
    }

    /** With {@code occurrences} {@code null}, occurrences wait on the provider's own scheduler threads. */
    TimerTriggerProvider(int threads, Clock clock, TimerListenerImpl.Scheduler occurrences) {
        this.clock = clock;
        this.scheduler = new ScheduledThreadPoolExecutor(threads, daemonThreads());
        scheduler.setRemoveOnCancelPolicy(true);
        // in-flight runs finish on their own (the core waits for invocations); nothing new starts after deactivation
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.occurrences = occurrences != null ? occurrences
                : (task, delay) -> scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The highest-ranked {@link TimerOwnership} (greedy: a better one replaces the bound one, the bind of the
     * replacement coming before the unbind of the old). The cluster registers its ownership seconds after
     * boot, when timers are already running: each moves its watch to the new service and asks it at once
     * whether this node still owns the timer, so no ownership change is missed on the old service.
     */
    @Reference(name = "ownership", policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindOwnership")
    void bindOwnership(TimerOwnership best) {
        ownership = best;
        timers.forEach(TimerListenerImpl::followOwnership);
    }

    void unbindOwnership(TimerOwnership gone) {
        // nothing to do: a replacement was bound before, and without one the component is deactivated
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "fnhost-timer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        scheduler.shutdown();
        if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("Timer runs still busy 30 s after the timer trigger stopped");
        }
    }

    @Override
    public TriggerListener start(FunctionInvoker invoker) throws BindingException {
        FunctionDescriptor function = invoker.function();
        TimerSpec spec = TimerSpec.of(function, zones);
        if (function.disabled()) {
            LOG.info("Timer function {}/{} is disabled: it does not run on its schedule", function.app(), function.name());
            return () -> {
            };
        }
        // both always read the current highest-ranked service
        Supplier<ScheduleStatusStore> store = () -> statusStore;
        Supplier<TimerOwnership> owners = () -> ownership;
        TimerListenerImpl listener = new TimerListenerImpl(invoker, spec, occurrences, clock, store, owners);
        // registered before it starts, so an ownership service that appears meanwhile is followed too
        timers.add(listener);
        try {
            listener.start();
        } catch (RuntimeException e) {
            timers.remove(listener);
            throw e;
        }
        return new TriggerListener() {
            @Override
            public void stop() {
                timers.remove(listener);
                listener.stop();
            }

            @Override
            public String toString() {
                return listener.toString();
            }
        };
    }

    /** An operator's run gets the payload of a scheduled run: the recorded status, not past due. */
    @Override
    public TriggerData adminInvocation(FunctionDescriptor function, String input) {
        String payload;
        try {
            TimerSpec spec = TimerSpec.of(function, zones);
            ScheduleStatusDTO status = null;
            if (spec.useMonitor) {
                ScheduleStatusStore store = statusStore;
                status = store == null ? null : store.read(function.app(), function.name());
                if (status == null) {
                    status = ScheduleMonitor.status(null, spec.schedule.nextAfter(clock.instant()), null);
                }
            }
            payload = TimerPayload.json(spec.schedule, status, false);
        } catch (BindingException | RuntimeException e) {
            // the function shows Error already; give the operator the shape the function expects anyway
            payload = "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":null,\"IsPastDue\":false}";
        }
        String value = payload;
        return new TriggerData() {
            @Override
            public Object value() {
                return value;
            }
        };
    }

    ScheduledThreadPoolExecutor scheduler() {
        return scheduler;
    }
}
