package io.fnhost.core.internal.invoke;

import java.util.Locale;
import java.util.function.DoubleSupplier;

import io.fnhost.core.internal.HostJson;
import io.fnhost.spi.RetryDTO;

/**
 * A validated retry policy ({@code @FixedDelayRetry}, {@code @ExponentialBackoffRetry} or host.json's
 * {@code retry}), with the delays Azure's WebJobs SDK computes ({@code FixedDelayRetryAttribute},
 * {@code ExponentialBackoffRetryAttribute} with {@code RandomizedExponentialBackoffStrategy}).
 * Immutable; the per-event state of the exponential strategy lives in a {@link Backoff}.
 */
public final class RetryPolicy {
    /** {@code maxRetryCount} that retries until the listener stops. */
    public static final int FOREVER = -1;
    /** Azure's jitter: each exponential increment is scaled by a random factor in [0.8, 1.2). */
    static final double RANDOMIZATION_FACTOR = 0.2;

    private final boolean exponential;
    private final int maxRetryCount;
    /** Fixed delay, or the exponential strategy's minimum interval. */
    private final long minimumMillis;
    private final long maximumMillis;

    private RetryPolicy(boolean exponential, int maxRetryCount, long minimumMillis, long maximumMillis) {
        this.exponential = exponential;
        this.maxRetryCount = maxRetryCount;
        this.minimumMillis = minimumMillis;
        this.maximumMillis = maximumMillis;
    }

    /** A fixed-delay policy. */
    public static RetryPolicy fixedDelay(int maxRetryCount, long delayMillis) {
        return new RetryPolicy(false, maxRetryCount, delayMillis, delayMillis);
    }

    /** An exponential-backoff policy. */
    public static RetryPolicy exponentialBackoff(int maxRetryCount, long minimumMillis, long maximumMillis) {
        return new RetryPolicy(true, maxRetryCount, minimumMillis, maximumMillis);
    }

    /**
     * Validates {@code retry} as Azure does when it reads a retry attribute or host.json.
     *
     * @param where names the policy in messages, e.g. "@FixedDelayRetry of function 'orders'"
     * @return the policy, or {@code null} when {@code retry} is null
     * @throws IllegalArgumentException with a message that says what is wrong and how to fix it
     */
    public static RetryPolicy of(RetryDTO retry, String where) {
        if (retry == null) {
            return null;
        }
        if (retry.maxRetryCount < FOREVER) {
            throw new IllegalArgumentException(where + " has maxRetryCount " + retry.maxRetryCount
                    + "; use a count of 0 or more, or -1 to retry until the function's trigger stops");
        }
        String strategy = retry.strategy == null ? "" : retry.strategy.trim().toLowerCase(Locale.ROOT);
        if (strategy.equals(RetryDTO.FIXED_DELAY.toLowerCase(Locale.ROOT))) {
            return fixedDelay(retry.maxRetryCount, interval(retry.delayInterval, "delayInterval", where));
        }
        if (strategy.equals(RetryDTO.EXPONENTIAL_BACKOFF.toLowerCase(Locale.ROOT))) {
            long min = interval(retry.minimumInterval, "minimumInterval", where);
            long max = interval(retry.maximumInterval, "maximumInterval", where);
            if (min > max) {
                throw new IllegalArgumentException(where + " has minimumInterval " + retry.minimumInterval
                        + " greater than maximumInterval " + retry.maximumInterval
                        + "; the minimum must not be greater than the maximum");
            }
            return exponentialBackoff(retry.maxRetryCount, min, max);
        }
        throw new IllegalArgumentException(where + " has strategy \"" + retry.strategy + "\"; use \""
                + RetryDTO.FIXED_DELAY + "\" (with delayInterval) or \"" + RetryDTO.EXPONENTIAL_BACKOFF
                + "\" (with minimumInterval and maximumInterval)");
    }

    private static long interval(String text, String attribute, String where) {
        long millis = HostJson.parseTimeSpan(text);
        if (millis < 0) {
            throw new IllegalArgumentException(where + " has " + attribute + " "
                    + (text == null ? "missing" : "\"" + text + "\"") + "; give a time span as hh:mm:ss "
                    + "(or d.hh:mm:ss, seconds may have a fraction), e.g. \"00:00:05\"");
        }
        return millis;
    }

    /** Retries after the first attempt; {@link #FOREVER} for no limit. */
    public int maxRetryCount() {
        return maxRetryCount;
    }

    /** Whether another attempt may follow when {@code retriesDone} retries have run. */
    boolean allowsRetry(int retriesDone) {
        return maxRetryCount == FOREVER || retriesDone < maxRetryCount;
    }

    /**
     * The delays for one trigger event, starting fresh.
     *
     * @param unitRandom uniform random numbers in [0, 1), for the exponential strategy's jitter
     */
    Backoff backoff(DoubleSupplier unitRandom) {
        return exponential ? new Backoff(unitRandom) : new Backoff(null);
    }

    @Override
    public String toString() {
        return exponential
                ? "exponentialBackoff(maxRetryCount=" + maxRetryCount + ", " + minimumMillis + "-" + maximumMillis + " ms)"
                : "fixedDelay(maxRetryCount=" + maxRetryCount + ", " + minimumMillis + " ms)";
    }

    /**
     * The delays before the retries of one event. Exponential, as Azure's strategy: the first retry
     * waits the minimum, retry n &gt; 1 waits {@code min + r * 2^(n-2) * min} with r in [0.8, 1.2),
     * and once that reaches the maximum every further retry waits the maximum. Not thread-safe: one
     * per event.
     */
    final class Backoff {
        private final DoubleSupplier unitRandom;
        private double current;
        private int exponent;

        private Backoff(DoubleSupplier unitRandom) {
            this.unitRandom = unitRandom;
        }

        /** The delay before the next retry, in milliseconds. */
        long nextDelayMillis() {
            if (unitRandom == null) {
                return minimumMillis;
            }
            if (current != maximumMillis) {
                double interval = minimumMillis;
                if (exponent > 0) {
                    double factor = 1.0 - RANDOMIZATION_FACTOR + 2 * RANDOMIZATION_FACTOR * unitRandom.getAsDouble();
                    interval += factor * Math.pow(2.0, exponent - 1) * minimumMillis;
                }
                if (interval < maximumMillis) {
                    current = interval;
                    exponent++;
                } else {
                    current = maximumMillis;
                }
            }
            return (long) current;
        }
    }
}
