package io.fnhost.timer.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.ScheduleStatusDTO;
import io.fnhost.spi.ScheduleStatusStore;
import io.fnhost.spi.TimerOwnership;
import io.fnhost.spi.TriggerData;
import io.fnhost.spi.TriggerListener;

/**
 * The running timer of one function, after Azure's {@code TimerListener}: one pending occurrence at a
 * time on a shared scheduler, runs of the function never overlapping. After a run the next occurrence is
 * computed from the time the run was due to start, so a run that overruns the next occurrence is followed
 * immediately by one more run (not by a run per missed occurrence, and never in parallel). Occurrences
 * this node does not own ({@link TimerOwnership}) are skipped here.
 */
final class TimerListenerImpl implements TriggerListener {
    private static final Logger LOG = LoggerFactory.getLogger(TimerListenerImpl.class);

    /** Where occurrences wait: the provider's scheduled executor (a manual one in tests). */
    @FunctionalInterface
    interface Scheduler {
        /** Runs {@code task} once after {@code delay}; the future cancels it. */
        Future<?> schedule(Runnable task, Duration delay);
    }

    /** Why a run happens, as Azure's {@code UnscheduledInvocationReason}. */
    enum Reason { SCHEDULED, PAST_DUE, RUN_ON_STARTUP }

    private final FunctionInvoker invoker;
    private final TimerSpec spec;
    private final String app;
    private final String function;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Supplier<ScheduleStatusStore> store;
    private final Supplier<TimerOwnership> ownership;
    /** Held for the length of a run: runs of one function never overlap. */
    private final ReentrantLock running = new ReentrantLock();

    // guarded by this
    private ScheduleStatusDTO status;
    private Future<?> pending;
    private boolean stopped;
    private boolean owner;
    private TimerOwnership.Watch watch;
    /** The service {@link #watch} is registered with. */
    private TimerOwnership watched;

    TimerListenerImpl(FunctionInvoker invoker, TimerSpec spec, Scheduler scheduler, Clock clock,
            Supplier<ScheduleStatusStore> store, Supplier<TimerOwnership> ownership) {
        this.invoker = invoker;
        this.spec = spec;
        this.app = invoker.function().app();
        this.function = invoker.function().name();
        this.scheduler = scheduler;
        this.clock = clock;
        this.store = store;
        this.ownership = ownership;
    }

    /** Reads the status, then schedules the past-due run, the startup run or the first occurrence. */
    synchronized void start() {
        Instant now = clock.instant();
        TimerOwnership owners = ownership.get();
        owner = owners.owns(app, function);
        watched = owners;
        watch = owners.watch(app, function, this::ownershipMayHaveChanged);
        boolean pastDue = false;
        if (owner) {
            pastDue = loadStatus(now);
        } else {
            // the owner keeps the status; this node only follows the schedule until it owns the timer
            status = ScheduleMonitor.status(null, spec.schedule.nextAfter(now), null);
        }
        LOG.info("Timer function {}/{}: schedule {}, monitor {}, next occurrence {}{}", app, function, spec.schedule,
                spec.useMonitor ? "on" : "off", status.next, pastDue ? " (an occurrence is past due: running now)" : "");
        if (pastDue) {
            schedule(Reason.PAST_DUE, Duration.ZERO);
        } else if (spec.runOnStartup) {
            schedule(Reason.RUN_ON_STARTUP, Duration.ZERO);
        } else {
            scheduleNext();
        }
    }

    /** Loads (or creates) the status; true when an occurrence was missed. */
    private boolean loadStatus(Instant now) {
        if (!spec.useMonitor) {
            status = ScheduleMonitor.status(null, spec.schedule.nextAfter(now), null);
            return false;
        }
        ScheduleStatusDTO recorded = null;
        try {
            recorded = store.get().read(app, function);
        } catch (RuntimeException e) {
            LOG.warn("Timer function {}/{}: cannot read its schedule status, starting afresh: {}", app, function, e.toString());
        }
        ScheduleMonitor.Check check = ScheduleMonitor.check(spec.schedule, recorded, now);
        status = check.status();
        if (check.changed()) {
            save(status);
        }
        return check.pastDue();
    }

    /**
     * Moves the watch to the current {@link TimerOwnership} if it is another service than the watched one
     * (a higher-ranked one appeared, or the watched one went away) and re-evaluates ownership at once, as
     * on a notification: the new service may see another owner than the old one did.
     */
    void followOwnership() {
        TimerOwnership.Watch old;
        TimerOwnership current;
        synchronized (this) {
            current = ownership.get();
            if (stopped || watch == null || current == watched) {
                return; // not started yet (start() watches the current service), stopped, or nothing changed
            }
            old = watch;
            watched = current;
            watch = current.watch(app, function, this::ownershipMayHaveChanged);
        }
        old.close();
        LOG.debug("Timer function {}/{}: follows the ownership service {} now", app, function, current);
        ownershipMayHaveChanged();
    }

    /** Called by the ownership service on its own thread: the check runs on the timer's scheduler. */
    private void ownershipMayHaveChanged() {
        try {
            scheduler.schedule(this::ownershipChanged, Duration.ZERO);
        } catch (RejectedExecutionException e) {
            LOG.debug("Timer function {}/{}: ownership change ignored, the timer trigger is stopping", app, function);
        }
    }

    private void ownershipChanged() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            boolean nowOwner = ownership.get().owns(app, function);
            if (nowOwner == owner) {
                return;
            }
            owner = nowOwner;
            LOG.info("Timer function {}/{}: this node {} runs it", app, function, owner ? "now" : "no longer");
            if (owner && loadStatus(clock.instant())) {
                schedule(Reason.PAST_DUE, Duration.ZERO);
                return;
            }
            scheduleNext();
        }
    }

    private synchronized void scheduleNext() {
        if (status.next == null) {
            LOG.info("Timer function {}/{}: the schedule has no further occurrence", app, function);
            return;
        }
        Duration delay = Duration.between(clock.instant(), status.next);
        schedule(Reason.SCHEDULED, delay.isNegative() ? Duration.ZERO : delay);
    }

    private synchronized void schedule(Reason reason, Duration delay) {
        if (stopped) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        try {
            pending = scheduler.schedule(() -> fire(reason), delay);
        } catch (RejectedExecutionException e) {
            // the provider is stopping: its listeners stop with it
            LOG.debug("Timer function {}/{}: not scheduled, the timer trigger is stopping", app, function);
        }
    }

    /** Runs one occurrence (if this node owns it) and schedules the next. */
    void fire(Reason reason) {
        Instant firedAt = clock.instant();
        running.lock();
        try {
            ScheduleStatusDTO before;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                before = status;
                owner = ownership.get().owns(app, function);
            }
            if (owner) {
                run(reason, firedAt, before);
            } else {
                advance(reason, firedAt, before, false);
            }
        } catch (RuntimeException e) {
            LOG.error("Timer function {}/{}: occurrence failed in the trigger", app, function, e);
        } finally {
            running.unlock();
            scheduleNext();
        }
    }

    private void run(Reason reason, Instant firedAt, ScheduleStatusDTO before) {
        boolean pastDue = reason == Reason.PAST_DUE;
        String payload = TimerPayload.json(spec.schedule, spec.useMonitor ? before : null, pastDue);
        if (pastDue) {
            LOG.info("Timer function {}/{} is past due (was due {})", app, function, before.next);
        }
        invoker.invoke(new TriggerData() {
            @Override
            public Object value() {
                return payload;
            }
        });
        advance(reason, firedAt, before, true);
    }

    /** Azure: a scheduled run records its due time (or the firing time if later) as Last, and computes Next from it. */
    private void advance(Reason reason, Instant firedAt, ScheduleStatusDTO before, boolean ran) {
        Instant basis = firedAt;
        if (reason == Reason.SCHEDULED && before.next != null && before.next.isAfter(firedAt)) {
            basis = before.next;
        }
        ScheduleStatusDTO after = ran ? ScheduleMonitor.status(basis, spec.schedule.nextAfter(basis), basis)
                : ScheduleMonitor.status(before.last, spec.schedule.nextAfter(basis), before.lastUpdated);
        synchronized (this) {
            status = after;
        }
        if (ran) {
            save(after);
        }
    }

    private void save(ScheduleStatusDTO value) {
        if (!spec.useMonitor) {
            return;
        }
        try {
            store.get().write(app, function, value);
        } catch (RuntimeException e) {
            LOG.warn("Timer function {}/{}: cannot record its schedule status: {}", app, function, e.toString());
        }
    }

    @Override
    public void stop() {
        TimerOwnership.Watch toClose;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (pending != null) {
                pending.cancel(false);
            }
            toClose = watch;
        }
        if (toClose != null) {
            toClose.close();
        }
        LOG.debug("Timer function {}/{} stopped", app, function);
    }

    @Override
    public String toString() {
        return "timer " + app + "/" + function + " " + spec.schedule;
    }
}
