package io.fnhost.core.internal.invoke;

/**
 * Waits out the delay between two attempts of a retried event. Production code waits on the
 * {@link StopSignal}; tests substitute a pause that records the delays and returns at once.
 */
@FunctionalInterface
public interface RetryPause {
    /** Waits the full delay unless stopped first. */
    RetryPause UNTIL_STOPPED = (delayMillis, stop) -> !stop.await(delayMillis);

    /**
     * Waits {@code delayMillis} before the next attempt.
     *
     * @return {@code true} to make the next attempt, {@code false} when {@code stop} was signalled
     *         (the retry loop then gives up and reports the last failure)
     * @throws InterruptedException when the waiting thread is interrupted (also a reason to give up)
     */
    boolean await(long delayMillis, StopSignal stop) throws InterruptedException;
}
