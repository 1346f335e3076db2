package io.fnhost.queue.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import io.fnhost.spi.BindingException;
import io.fnhost.spi.FunctionDescriptor;

/**
 * An app's {@code host.json} {@code extensions.queues} section with Azure's defaults: {@code batchSize} 16
 * (1-32), {@code newBatchThreshold} batchSize/2 x processors, {@code maxDequeueCount} 5,
 * {@code visibilityTimeout} 0, {@code messageEncoding} base64. ({@code maxPollingInterval} has no
 * meaning here: the broker pushes messages, there is no polling.)
 */
record QueueOptions(int batchSize, int newBatchThreshold, int maxDequeueCount, Duration visibilityTimeout,
        boolean base64) {

    static final QueueOptions DEFAULTS = new QueueOptions(16, 8 * Runtime.getRuntime().availableProcessors(), 5,
            Duration.ZERO, true);

    /** Most messages of one function processed at once on one node, as Azure bounds it. */
    int maxInFlight() {
        return batchSize + newBatchThreshold;
    }

    static QueueOptions of(FunctionDescriptor function) throws BindingException {
        return of(function.hostExtension("queues"), Runtime.getRuntime().availableProcessors(), function.app());
    }

    static QueueOptions of(Map<String, Object> section, int processors, String app) throws BindingException {
        try {
            int batchSize = integer(section, "batchSize", 16);
            if (batchSize < 1 || batchSize > 32) {
                throw new IllegalArgumentException("batchSize must be 1 to 32, not " + batchSize);
            }
            int threshold = integer(section, "newBatchThreshold", (batchSize / 2) * processors);
            if (threshold < 0) {
                throw new IllegalArgumentException("newBatchThreshold must not be negative, not " + threshold);
            }
            int maxDequeueCount = integer(section, "maxDequeueCount", 5);
            if (maxDequeueCount < 1) {
                throw new IllegalArgumentException("maxDequeueCount must be at least 1, not " + maxDequeueCount);
            }
            Object timeout = section.get("visibilityTimeout");
            Duration visibility = timeout == null ? Duration.ZERO : TimeSpans.parse(String.valueOf(timeout));
            Object encoding = section.get("messageEncoding");
            String enc = encoding == null ? "base64" : String.valueOf(encoding).toLowerCase(Locale.ROOT);
            if (!enc.equals("base64") && !enc.equals("none")) {
                throw new IllegalArgumentException("messageEncoding must be base64 or none, not '" + encoding + "'");
            }
            return new QueueOptions(batchSize, threshold, maxDequeueCount, visibility, enc.equals("base64"));
        } catch (IllegalArgumentException e) {
            throw new BindingException("App '" + app + "': host.json extensions.queues: " + e.getMessage() + ".");
        }
    }

    private static int integer(Map<String, Object> section, String key, int fallback) {
        Object value = section.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
        }
    }
}
