package io.fnhost.spi;

/** Outcome of one invocation. */
public enum InvocationStatus {
    SUCCEEDED,
    /** The function (or binding its arguments) threw. */
    FAILED,
    /** The function ran longer than the app's {@code functionTimeout}. */
    TIMED_OUT
}
