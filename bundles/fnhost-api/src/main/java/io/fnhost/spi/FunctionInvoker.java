package io.fnhost.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Invokes one function. Built once per function when its app is deployed; {@link #invoke} does only
 * argument binding, the call and the result, on the calling thread. Thread-safe.
 */
@ProviderType
public interface FunctionInvoker {
    FunctionDescriptor function();

    /**
     * Runs the function for one trigger event: binds its arguments from {@code trigger}, calls it with the
     * app's class loader as context class loader, enforces the app's {@code functionTimeout}, hands outputs
     * to their binding providers when it succeeds and records the invocation. Never throws for a failure
     * of the function: the result says what happened.
     * <p>
     * When the function has a retry policy ({@code @FixedDelayRetry}, {@code @ExponentialBackoffRetry} or
     * host.json's {@code retry}), a failed or timed-out attempt is retried here, on the calling thread,
     * after the policy's delay, with the same {@code trigger}; each attempt is recorded, and the result is
     * that of the last attempt. So one call may take as long as all its delays: a trigger counts calls
     * (a queue message's dequeue count), not attempts. When the core stops the listener this invoker was
     * started with, waiting retries end at once and the call returns the last failure; stopping such a
     * listener therefore never has to wait for a retry delay.
     */
    InvocationResult invoke(TriggerData trigger);
}
