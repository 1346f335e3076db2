package io.fnhost.core.internal.invoke;

/** The function ran past the app's {@code functionTimeout}; named and worded as Azure's. */
public final class FunctionTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FunctionTimeoutException(String message) {
        super(message);
    }
}
