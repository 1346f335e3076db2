package io.fnhost.spi;

import org.osgi.annotation.versioning.ProviderType;

/** The outcome of {@link FunctionInvoker#invoke}: status and the values of output bindings. */
@ProviderType
public interface InvocationResult {
    String invocationId();

    InvocationStatus status();

    /** The failure (the function's own exception, unwrapped) or {@code null} on success. */
    Throwable error();

    /**
     * The value the function set for output binding {@code bindingName}: an {@code OutputBinding}'s
     * value, or the return value for {@link BindingDTO#RETURN}. {@code null} when unset.
     */
    Object output(String bindingName);

    default boolean succeeded() {
        return status() == InvocationStatus.SUCCEEDED;
    }
}
