package io.fnhost.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides which node runs a timer function. Azure runs a timer function on exactly one instance of a
 * scaled-out app (a singleton listener lock); in fnhost the rule belongs to the cluster. The timer
 * trigger asks {@link #owns} at every occurrence and runs it only when the answer is {@code true}; an
 * occurrence that a node does not own is skipped there (its owner runs it).
 * <p>
 * The timer trigger uses the highest-ranked service ({@code service.ranking}, then lowest
 * {@code service.id}). fnhost-timer registers one with ranking 0 for a standalone node: this node owns
 * every timer. A cluster extension registers a higher-ranked one.
 * <p>
 * Implementations are thread-safe and answer {@link #owns} quickly (no network round trip per call):
 * it is called on the timer's thread right before an invocation.
 *
 * @since 1.3
 */
@ConsumerType
public interface TimerOwnership {
    /** Whether this node may run the occurrences of timer function {@code function} of {@code app} now. */
    boolean owns(String app, String function);

    /**
     * Asks to be told when this node's ownership of {@code function} of {@code app} may have changed.
     * The timer trigger then asks {@link #owns} again; a node that gains ownership checks the schedule
     * status for a past-due occurrence, as at start. {@code listener} is called on a thread of the
     * implementation's choosing and must not block.
     *
     * @return a handle whose {@link Watch#close()} ends the notifications
     */
    Watch watch(String app, String function, Runnable listener);

    /** A registration made by {@link TimerOwnership#watch}. */
    interface Watch extends AutoCloseable {
        /** Stops the notifications; idempotent. */
        @Override
        void close();
    }
}
