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
     * Runs the function once: binds its arguments from {@code trigger}, calls it with the app's class
     * loader as context class loader, enforces the app's {@code functionTimeout}, hands outputs to their
     * binding providers when it succeeds and records the invocation. Never throws for a failure of the
     * function: the result says what happened.
     */
    InvocationResult invoke(TriggerData trigger);
}
