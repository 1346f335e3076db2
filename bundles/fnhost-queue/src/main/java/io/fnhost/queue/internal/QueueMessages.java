package io.fnhost.queue.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;

/**
 * How an Azure queue message is kept in Artemis. The body is the message's text exactly as Azure Storage
 * would hold it (base64 or not, per {@code messageEncoding}), as a JMS-compatible text body, so plain
 * JMS clients can read and write the same queues. Azure's message fields are properties:
 * <ul>
 * <li>{@value #ID}: the message {@code Id} (a UUID), kept when the message is retried or poisoned;
 * <li>{@value #INSERTION_TIME}: when it was first enqueued (epoch ms);
 * <li>{@value #EARLIER_DEQUEUES}: dequeues of earlier copies of the message. fnhost retries a failed
 * message by committing a copy (delayed by {@code visibilityTimeout}) together with the acknowledgement
 * of the original, so {@code DequeueCount} = earlier dequeues + Artemis' delivery count of this copy. The
 * delivery count is persisted before each delivery, so it survives broker restarts and counts an
 * attempt cut short by a crash, as Azure's dequeue count does.
 * </ul>
 * Messages without these properties (from other clients) get them on their first retry: Id from the
 * Artemis message id, insertion time from its timestamp.
 */
final class QueueMessages {
    static final String ID = "fnhost_id";
    static final String INSERTION_TIME = "fnhost_insertion_time";
    static final String EARLIER_DEQUEUES = "fnhost_earlier_dequeues";
    /** Azure's default time to live of a queue message. */
    static final Duration TIME_TO_LIVE = Duration.ofDays(7);
    /** Prefixes of the broker's own headers (duplicate id, schedule, routing), never copied. */
    private static final SimpleString ARTEMIS_HEADER = SimpleString.of("_AMQ");
    private static final SimpleString ARTEMIS_JMS_HEADER = SimpleString.of("__AMQ");

    private QueueMessages() {
    }

    /** The stored text of a payload: base64 of its bytes, or the text itself. */
    static String encode(byte[] payload, boolean base64) {
        return base64 ? Base64.getEncoder().encodeToString(payload) : new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * The payload of a stored text.
     *
     * @throws IllegalArgumentException when {@code base64} and the text is not base64
     */
    static byte[] decode(String stored, boolean base64) {
        return base64 ? Base64.getDecoder().decode(stored.strip()) : stored.getBytes(StandardCharsets.UTF_8);
    }

    /** A new durable message with {@code text} as body and a fresh Id. */
    static ClientMessage newMessage(ClientSession session, String text) {
        long now = System.currentTimeMillis();
        ClientMessage message = session.createMessage(Message.TEXT_TYPE, true, now + TIME_TO_LIVE.toMillis(), now,
                (byte) 4);
        message.getBodyBuffer().writeNullableSimpleString(SimpleString.of(text));
        message.putStringProperty(ID, UUID.randomUUID().toString());
        message.putLongProperty(INSERTION_TIME, now);
        return message;
    }

    /**
     * The body text of a received message ({@code ""} for an empty or non-text body). Reads a view of the
     * body, so it can be called more than once.
     *
     * @throws UnreadableMessageException when a text message's body is not one string (a client wrote
     *         raw bytes into a text message)
     */
    static String text(ClientMessage message) {
        ActiveMQBuffer body = body(message);
        if (message.getType() == Message.TEXT_TYPE) {
            try {
                SimpleString text = body.readNullableSimpleString();
                return text == null ? "" : text.toString();
            } catch (RuntimeException e) {
                throw new UnreadableMessageException("is a text message (type " + Message.TEXT_TYPE + ") whose body "
                        + "of " + message.getBodySize() + " bytes is not a string: its sender wrote raw bytes into a "
                        + "text message (send a text body, or a bytes message)", e);
            }
        }
        byte[] bytes = new byte[body.readableBytes()];
        body.readBytes(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String id(ClientMessage message) {
        Object id = message.getObjectProperty(ID);
        if (id instanceof SimpleString || id instanceof String) {
            return id.toString();
        }
        Object userId = message.getUserID();
        return userId != null ? userId.toString() : Long.toString(message.getMessageID());
    }

    /**
     * When the message was first enqueued (epoch ms): its {@value #INSERTION_TIME}, else its timestamp.
     *
     * @throws UnreadableMessageException when {@value #INSERTION_TIME} is not a number
     */
    static long insertionTime(ClientMessage message) {
        // getLongProperty throws (NumberFormatException) on a missing property: messages of plain JMS/core
        // clients have none
        if (!message.containsProperty(INSERTION_TIME)) {
            return message.getTimestamp();
        }
        try {
            return message.getLongProperty(INSERTION_TIME);
        } catch (RuntimeException e) {
            throw new UnreadableMessageException(notANumber(message, INSERTION_TIME, "time in epoch milliseconds"), e);
        }
    }

    /**
     * Azure's DequeueCount of a delivered message, this delivery included.
     *
     * @throws UnreadableMessageException when {@value #EARLIER_DEQUEUES} is not a whole number
     */
    static int dequeueCount(ClientMessage message) {
        if (!message.containsProperty(EARLIER_DEQUEUES)) {
            return message.getDeliveryCount();
        }
        try {
            return message.getIntProperty(EARLIER_DEQUEUES) + message.getDeliveryCount();
        } catch (RuntimeException e) {
            throw new UnreadableMessageException(notANumber(message, EARLIER_DEQUEUES, "whole number"), e);
        }
    }

    /**
     * The DequeueCount of a message that may not be readable: {@value #EARLIER_DEQUEUES} counts only when it
     * is a whole number. Counts the failed deliveries of unreadable messages.
     */
    static int dequeueCountOrDeliveries(ClientMessage message) {
        try {
            return dequeueCount(message);
        } catch (UnreadableMessageException e) {
            return message.getDeliveryCount();
        }
    }

    private static String notANumber(ClientMessage message, String property, String expected) {
        String value = String.valueOf(message.getObjectProperty(property));
        if (value.length() > 40) {
            value = value.substring(0, 40) + "...";
        }
        return "has the property " + property + " = '" + value + "', which is not a " + expected
                + " (fnhost sets this property itself: senders must leave it out)";
    }

    /**
     * A copy of a delivered message (same text, Id, insertion time and expiration) that carries
     * {@code earlierDequeues}, visible from {@code visibleAt} (epoch ms, 0 = at once).
     */
    static ClientMessage copy(ClientSession session, ClientMessage original, String text, int earlierDequeues,
            long visibleAt) {
        ClientMessage copy = session.createMessage(Message.TEXT_TYPE, true, original.getExpiration(),
                original.getTimestamp(), original.getPriority());
        copy.getBodyBuffer().writeNullableSimpleString(SimpleString.of(text));
        copy.putStringProperty(ID, id(original));
        copy.putLongProperty(INSERTION_TIME, insertionTime(original));
        copy.putIntProperty(EARLIER_DEQUEUES, earlierDequeues);
        if (visibleAt > 0) {
            copy.putLongProperty(Message.HDR_SCHEDULED_DELIVERY_TIME, visibleAt);
        }
        return copy;
    }

    /**
     * A byte-for-byte copy of a delivered message (type, body, expiration, priority and the sender's
     * properties, without Artemis' internal ones), carrying {@code earlierDequeues}, visible from
     * {@code visibleAt} (epoch ms, 0 = at once). Unlike {@link #copy} it never reads the body or fnhost's
     * properties, so it works for a message that cannot be read.
     */
    static ClientMessage copyAsIs(ClientSession session, ClientMessage original, int earlierDequeues, long visibleAt) {
        ClientMessage copy = session.createMessage(original.getType(), true, original.getExpiration(),
                original.getTimestamp(), original.getPriority());
        ActiveMQBuffer body = body(original);
        copy.getBodyBuffer().writeBytes(body, body.readableBytes());
        for (SimpleString name : original.getPropertyNames()) {
            if (!name.startsWith(ARTEMIS_HEADER) && !name.startsWith(ARTEMIS_JMS_HEADER)) {
                copy.putObjectProperty(name, original.getObjectProperty(name));
            }
        }
        if (!original.containsProperty(ID)) {
            copy.putStringProperty(ID, id(original));
        }
        if (!original.containsProperty(INSERTION_TIME)) {
            copy.putLongProperty(INSERTION_TIME, original.getTimestamp());
        }
        copy.putIntProperty(EARLIER_DEQUEUES, earlierDequeues);
        if (visibleAt > 0) {
            copy.putLongProperty(Message.HDR_SCHEDULED_DELIVERY_TIME, visibleAt);
        }
        return copy;
    }

    /**
     * A view of a received message's body that leaves the message as it was, so that the body can be read
     * again (for a copy). A large message (over 100 KiB) keeps its body streamed in: a copy of it.
     */
    private static ActiveMQBuffer body(ClientMessage message) {
        return message.isLargeMessage() ? message.getBodyBuffer().copy() : message.getReadOnlyBodyBuffer();
    }
}
