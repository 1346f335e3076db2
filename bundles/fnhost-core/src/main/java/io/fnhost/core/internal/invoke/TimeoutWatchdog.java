package io.fnhost.core.internal.invoke;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces {@code functionTimeout}: one daemon thread looks at the running invocations a few times a
 * second and interrupts those past their deadline. Registering costs a set insertion, so the hot path
 * schedules no task per invocation.
 */
public final class TimeoutWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimeoutWatchdog.class);
    private static final long PERIOD_MILLIS = 50;

    // Striped by thread so that invocations on different threads do not contend for one set.
    private static final int STRIPES = 16;
    @SuppressWarnings("unchecked")
    private final Set<Invocation>[] running = new Set[STRIPES];
    private final Thread thread;
    private volatile boolean closed;

    public TimeoutWatchdog() {
        for (int i = 0; i < STRIPES; i++) {
            running[i] = ConcurrentHashMap.newKeySet();
        }
        thread = new Thread(this::watch, "fnhost-timeout-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    void register(Invocation invocation) {
        stripe(invocation).add(invocation);
    }

    void unregister(Invocation invocation) {
        stripe(invocation).remove(invocation);
    }

    private Set<Invocation> stripe(Invocation invocation) {
        return running[(int) (invocation.thread.getId() & (STRIPES - 1))];
    }

    private void watch() {
        while (!closed) {
            long now = System.nanoTime();
            for (Set<Invocation> stripe : running) {
                for (Invocation invocation : stripe) {
                    long timeout = invocation.function.timeoutNanos();
                    if (now - invocation.startNanos <= timeout) {
                        continue;
                    }
                    stripe.remove(invocation);
                    LOG.warn("Invocation {} of function {} exceeded its timeout; interrupting it",
                            invocation.id, invocation.function.function().name());
                    invocation.timeOut();
                }
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
