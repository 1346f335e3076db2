package io.fnhost.core.internal.invoke;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells a retry loop that the events it retries are no longer wanted: the trigger listener that
 * delivered them stopped, or the app version was retired. Waiting on it is interruptible and holds
 * no lock, so stopping a listener never waits for a retry delay to run out.
 */
public final class StopSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Signals stop; waiting retries give up at once. Idempotent. */
    public void stop() {
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /**
     * Waits up to {@code millis} for the stop signal.
     *
     * @return {@code true} when stopped (before or during the wait), {@code false} when the time ran out
     */
    boolean await(long millis) throws InterruptedException {
        return stopped.await(millis, TimeUnit.MILLISECONDS);
    }
}
