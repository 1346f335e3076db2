package io.fnhost.spi;

import java.util.List;
import java.util.NoSuchElementException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Administration of the node's queues (the embedded broker behind {@code AzureWebJobsStorage}):
 * what the admin API's {@code /admin/queues} endpoints call. Registered by the queue extension
 * ({@code io.fnhost.queue}); absent without it, so callers treat it as optional. Every method throws
 * {@link IllegalStateException} (with a message for the operator) while the embedded broker is disabled
 * or still starting. Queue names follow Azure Storage's rule: 3 to 63 characters, lowercase letters,
 * digits and single hyphens, starting and ending with a letter or digit.
 *
 * @since 1.3
 */
@ProviderType
public interface QueueAdmin {
    /** Suffix of the queue that receives a queue's poison messages. */
    String POISON_SUFFIX = "-poison";

    /** Every queue of the broker, sorted by name, with its depth and the depth of its poison queue. */
    List<QueueDTO> queues();

    /**
     * Enqueues {@code text} as one message on {@code queue} (created when missing), encoded as the
     * {@code messageEncoding} of the function app that consumes the queue (base64 when no function does),
     * so the consuming function receives {@code text} as sent.
     *
     * @return the new message's {@code Id}
     * @throws IllegalArgumentException when {@code queue} breaks the naming rule; the message says how
     */
    String enqueue(String queue, String text);

    /**
     * Moves every message of {@code poisonQueue} (a name ending in {@value #POISON_SUFFIX}) back to the
     * queue it came from, with its {@code DequeueCount} reset, in one transaction.
     *
     * @return how many messages moved
     * @throws IllegalArgumentException when the name breaks the naming rule or does not end in
     *         {@value #POISON_SUFFIX}
     * @throws NoSuchElementException when no such queue exists
     */
    int redrive(String poisonQueue);
}
