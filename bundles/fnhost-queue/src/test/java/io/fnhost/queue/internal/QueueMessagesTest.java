package io.fnhost.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.client.impl.ClientMessageImpl;
import org.junit.jupiter.api.Test;

/**
 * Azure's message fields of messages that plain JMS or core clients sent: they carry none of fnhost's
 * properties, and must still be read (not rolled back forever on an exception).
 */
class QueueMessagesTest {

    private static ClientMessageImpl plainClientMessage(String text, long timestamp) {
        ClientMessageImpl message = new ClientMessageImpl(Message.TEXT_TYPE, true, 0, timestamp, (byte) 4, 1024);
        message.getBodyBuffer().writeNullableSimpleString(SimpleString.of(text));
        message.getBodyBuffer().resetReaderIndex();
        message.setDeliveryCount(1);
        return message;
    }

    @Test
    void aMessageWithoutFnhostPropertiesTakesItsInsertionTimeFromItsTimestamp() {
        ClientMessageImpl message = plainClientMessage("from jms", 1_700_000_000_000L);

        assertThat(QueueMessages.insertionTime(message)).isEqualTo(1_700_000_000_000L);
        assertThat(QueueMessages.dequeueCount(message)).isEqualTo(1);
        assertThat(QueueMessages.text(message)).isEqualTo("from jms");
    }

    @Test
    void fnhostsOwnPropertiesWinOverTheMessageHeaders() {
        ClientMessageImpl message = plainClientMessage("retried", 1_700_000_000_000L);
        message.putLongProperty(QueueMessages.INSERTION_TIME, 1_600_000_000_000L);
        message.putIntProperty(QueueMessages.EARLIER_DEQUEUES, 2);
        message.putStringProperty(QueueMessages.ID, "the-id");

        assertThat(QueueMessages.insertionTime(message)).isEqualTo(1_600_000_000_000L);
        assertThat(QueueMessages.dequeueCount(message)).isEqualTo(3);
        assertThat(QueueMessages.id(message)).isEqualTo("the-id");
    }
}
