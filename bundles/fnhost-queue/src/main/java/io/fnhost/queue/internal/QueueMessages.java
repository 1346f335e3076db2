package io.fnhost.queue.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

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

    /** The body text of a received message ({@code ""} for an empty or non-text body). */
    static String text(ClientMessage message) {
        if (message.getType() == Message.TEXT_TYPE) {
            SimpleString body = message.getBodyBuffer().readNullableSimpleString();
            return body == null ? "" : body.toString();
        }
        byte[] bytes = new byte[message.getBodySize()];
        message.getBodyBuffer().readBytes(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String id(ClientMessage message) {
        String id = message.getStringProperty(ID);
        if (id != null) {
            return id;
        }
        Object userId = message.getUserID();
        return userId != null ? userId.toString() : Long.toString(message.getMessageID());
    }

    static long insertionTime(ClientMessage message) {
        // getLongProperty throws (NumberFormatException) on a missing property: messages of plain JMS/core
        // clients have none, and must not be rolled back forever
        return message.containsProperty(INSERTION_TIME) ? message.getLongProperty(INSERTION_TIME) : message.getTimestamp();
    }

    /** Azure's DequeueCount of a delivered message, this delivery included. */
    static int dequeueCount(ClientMessage message) {
        Integer earlier = message.containsProperty(EARLIER_DEQUEUES) ? message.getIntProperty(EARLIER_DEQUEUES) : 0;
        return earlier + message.getDeliveryCount();
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
}
