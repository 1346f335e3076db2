package io.fnhost.queue.internal;

import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;

import io.fnhost.spi.ValueConverter;

/**
 * The messages of one output binding value, as Azure's Java worker writes them: a collection or array
 * gives one message per element; {@code String} is the text, {@code byte[]} the bytes, numbers and
 * booleans their text, anything else JSON with Gson defaults (the core's {@link ValueConverter}).
 *
 * @param queue the target queue
 * @param base64 the writing app's {@code messageEncoding}
 */
record OutputMessages(String queue, boolean base64) {

    /** The encoded texts to enqueue for {@code value}. */
    List<String> texts(Object value, ValueConverter converter) {
        List<String> texts = new ArrayList<>();
        if (value instanceof Collection<?> elements) {
            for (Object element : elements) {
                add(texts, element, converter);
            }
        } else if (value != null && value.getClass().isArray() && !(value instanceof byte[])) {
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                add(texts, Array.get(value, i), converter);
            }
        } else {
            add(texts, value, converter);
        }
        return texts;
    }

    private void add(List<String> texts, Object element, ValueConverter converter) {
        if (element == null) {
            return;
        }
        byte[] payload;
        if (element instanceof byte[] bytes) {
            payload = bytes;
        } else if (element instanceof CharSequence || element instanceof Number || element instanceof Boolean
                || element instanceof Character) {
            payload = element.toString().getBytes(StandardCharsets.UTF_8);
        } else {
            payload = converter.toJson(element).getBytes(StandardCharsets.UTF_8);
        }
        texts.add(QueueMessages.encode(payload, base64));
    }

    /** Sends the messages of {@code value} with {@code producer}; they take effect when {@code session} commits. */
    int send(ClientSession session, ClientProducer producer, Object value, ValueConverter converter)
            throws ActiveMQException {
        List<String> texts = texts(value, converter);
        send(session, producer, texts);
        return texts.size();
    }

    /** Sends {@code texts} (made by {@link #texts}) with {@code producer}; they take effect when {@code session} commits. */
    void send(ClientSession session, ClientProducer producer, List<String> texts) throws ActiveMQException {
        SimpleString address = SimpleString.of(queue);
        for (String text : texts) {
            producer.send(address, QueueMessages.newMessage(session, text));
        }
    }
}
