package io.fnhost.spi;

import org.osgi.dto.DTO;

/** A function's retry policy, as the {@code retry} object of {@code function.json}. */
public class RetryDTO extends DTO {
    public static final String FIXED_DELAY = "fixedDelay";
    public static final String EXPONENTIAL_BACKOFF = "exponentialBackoff";

    /** {@code fixedDelay} or {@code exponentialBackoff}. */
    public String strategy;
    /** Retries after the first attempt; {@code -1} retries indefinitely. */
    public int maxRetryCount;
    /** TimeSpan ({@code hh:mm:ss}) between attempts, for {@code fixedDelay}. */
    public String delayInterval;
    /** TimeSpan, for {@code exponentialBackoff}. */
    public String minimumInterval;
    /** TimeSpan, for {@code exponentialBackoff}. */
    public String maximumInterval;
}
