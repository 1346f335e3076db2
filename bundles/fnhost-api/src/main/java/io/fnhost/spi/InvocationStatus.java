package io.fnhost.spi;

/** Outcome of one invocation. */
public enum InvocationStatus {
    SUCCEEDED,
    /** The function (or binding its arguments) threw. */
    FAILED,
    /** The function ran longer than the app's {@code functionTimeout}. */
    TIMED_OUT,
    /**
     * The function did not run: its app version was being replaced or removed when the event arrived.
     * The trigger hands the event to the current version instead (an HTTP trigger routes the request
     * again; a queue trigger leaves the message for redelivery). Never recorded as an invocation.
     */
    RETIRED
}
