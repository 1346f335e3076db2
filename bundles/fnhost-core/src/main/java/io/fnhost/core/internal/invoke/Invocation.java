package io.fnhost.core.internal.invoke;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.RetryContext;

import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.TriggerData;

/**
 * One invocation: its {@link ExecutionContext} while the function runs, then its {@link InvocationResult}.
 * One object per invocation keeps the hot path to a single allocation plus the argument array.
 */
final class Invocation implements ExecutionContext, InvocationResult {
    static final int MAX_LOG_LINES = 100;
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int TIMED_OUT = 2;

    final CompiledFunction function;
    final TriggerData trigger;
    final String id;
    final long startMillis;
    final long startNanos;
    final Thread thread;
    final Object[] outputs;
    /** Which attempt of a retried event this is. */
    final AttemptRetryContext retryContext;
    private final AtomicInteger phase = new AtomicInteger(RUNNING);
    private Logger logger;
    private List<String> logLines;
    InvocationStatus status;
    Throwable error;
    long durationNanos;

    Invocation(CompiledFunction function, TriggerData trigger, AttemptRetryContext retryContext) {
        this.function = function;
        this.trigger = trigger;
        this.retryContext = retryContext;
        this.id = newId();
        this.startMillis = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
        this.thread = Thread.currentThread();
        this.outputs = function.outputCount() == 0 ? null : new Object[function.outputCount()];
    }

    /** A random (version 4) UUID, as Azure's invocation ids; ThreadLocalRandom avoids SecureRandom's cost. */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    // ---- ExecutionContext

    @Override
    public Logger getLogger() {
        Logger l = logger;
        if (l == null) {
            l = new CapturingLogger(this, function.categoryLogger());
            logger = l;
        }
        return l;
    }

    @Override
    public String getInvocationId() {
        return id;
    }

    @Override
    public String getFunctionName() {
        return function.function().name();
    }

    @Override
    public RetryContext getRetryContext() {
        return retryContext;
    }

    synchronized void addLogLine(String line) {
        if (logLines == null) {
            logLines = new ArrayList<>();
        }
        if (logLines.size() < MAX_LOG_LINES) {
            logLines.add(line);
        } else if (logLines.size() == MAX_LOG_LINES) {
            logLines.add("... further lines omitted");
        }
    }

    synchronized List<String> logLines() {
        return logLines == null ? Collections.emptyList() : new ArrayList<>(logLines);
    }

    // ---- timeout handshake with the watchdog

    /** Called by the invoking thread when the call returned; false if the watchdog timed it out first. */
    boolean finish() {
        if (phase.compareAndSet(RUNNING, DONE)) {
            return true;
        }
        // The watchdog interrupts under this monitor: wait for it, then clear the flag so the
        // caller's thread (a pooled Jetty thread, say) does not carry a stray interrupt.
        synchronized (this) {
            Thread.interrupted();
        }
        return false;
    }

    /** Called by the watchdog when the deadline passed. */
    void timeOut() {
        synchronized (this) {
            if (phase.compareAndSet(RUNNING, TIMED_OUT)) {
                thread.interrupt();
            }
        }
    }

    // ---- InvocationResult

    @Override
    public String invocationId() {
        return id;
    }

    @Override
    public InvocationStatus status() {
        return status;
    }

    @Override
    public Throwable error() {
        return error;
    }

    @Override
    public Object output(String bindingName) {
        int slot = function.outputSlot(bindingName);
        return slot < 0 || outputs == null ? null : outputs[slot];
    }
}
