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

    private final Set<Invocation> running = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    public TimeoutWatchdog() {
        thread = new Thread(this::watch, "fnhost-timeout-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    void register(Invocation invocation) {
        running.add(invocation);
    }

    void unregister(Invocation invocation) {
        running.remove(invocation);
    }

    private void watch() {
        while (!closed) {
            long now = System.nanoTime();
            for (Invocation invocation : running) {
                long timeout = invocation.function.timeoutNanos();
                if (now - invocation.startNanos > timeout) {
                    running.remove(invocation);
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
