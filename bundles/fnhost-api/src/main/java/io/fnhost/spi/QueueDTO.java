package io.fnhost.spi;

import org.osgi.dto.DTO;

/** One queue as {@link QueueAdmin#queues()} reports it. */
public class QueueDTO extends DTO {
    /** The queue's name. */
    public String name;
    /** Messages waiting in the queue now, including scheduled retries and those being processed. */
    public long messages;
    /** Messages in the queue's poison queue ({@code <name>-poison}); 0 when it has none. */
    public long poisonMessages;
    /** Consumers attached now (one per concurrent slot of each queue-triggered function). */
    public int consumers;
}
