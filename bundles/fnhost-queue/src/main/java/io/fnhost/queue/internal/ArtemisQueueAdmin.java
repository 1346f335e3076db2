package io.fnhost.queue.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.spi.BindingException;
import io.fnhost.spi.QueueAdmin;
import io.fnhost.spi.QueueDTO;

/** {@link QueueAdmin} on the node's embedded broker. */
@Component(service = QueueAdmin.class)
public final class ArtemisQueueAdmin implements QueueAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(ArtemisQueueAdmin.class);
    /** The admin API does not wait long for a broker that is still starting: it answers 503. */
    private static final long BROKER_WAIT_MILLIS = 5_000;
    /** Messages moved per transaction by a redrive. */
    private static final int REDRIVE_BATCH = 500;

    private final EmbeddedBroker broker;
    private final BrokerConnections brokers;

    @Activate
    public ArtemisQueueAdmin(@Reference EmbeddedBroker broker, @Reference BrokerConnections brokers) {
        this.broker = broker;
        this.brokers = brokers;
    }

    @Override
    public List<QueueDTO> queues() {
        ActiveMQServer server = broker.awaitStarted(BROKER_WAIT_MILLIS);
        Map<String, org.apache.activemq.artemis.core.server.Queue> byName = new HashMap<>();
        server.getPostOffice().getAllBindings().filter(LocalQueueBinding.class::isInstance)
                .map(b -> ((LocalQueueBinding) b).getQueue()).filter(q -> !q.isInternalQueue())
                .forEach(q -> byName.put(q.getName().toString(), q));
        List<QueueDTO> queues = new ArrayList<>();
        byName.forEach((name, queue) -> {
            if (name.endsWith(POISON_SUFFIX) && byName.containsKey(name.substring(0, name.length() - POISON_SUFFIX.length()))) {
                return; // reported with its queue
            }
            QueueDTO dto = new QueueDTO();
            dto.name = name;
            dto.messages = queue.getMessageCount();
            dto.consumers = queue.getConsumerCount();
            org.apache.activemq.artemis.core.server.Queue poison = byName.get(QueueNames.poisonOf(name));
            dto.poisonMessages = poison == null ? 0 : poison.getMessageCount();
            queues.add(dto);
        });
        queues.sort(Comparator.comparing(q -> q.name));
        return queues;
    }

    @Override
    public String enqueue(String queue, String text) {
        QueueNames.check(queue);
        BrokerConnection connection = embedded();
        try (ClientSession session = connection.transactedSession()) {
            connection.ensureQueue(session, queue);
            byte[] payload = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
            ClientMessage message = QueueMessages.newMessage(session,
                    QueueMessages.encode(payload, brokers.base64For(queue)));
            try (ClientProducer producer = session.createProducer()) {
                producer.send(SimpleString.of(queue), message);
            }
            session.commit();
            return message.getStringProperty(QueueMessages.ID);
        } catch (ActiveMQException e) {
            throw new IllegalStateException("Enqueueing to '" + queue + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int redrive(String poisonQueue) {
        if (poisonQueue == null || !poisonQueue.endsWith(POISON_SUFFIX)) {
            throw new IllegalArgumentException("'" + poisonQueue + "' is not a poison queue: redrive works on "
                    + "<queue>" + POISON_SUFFIX + ", where <queue> is " + QueueNames.RULE + ".");
        }
        String target = QueueNames.check(poisonQueue.substring(0, poisonQueue.length() - POISON_SUFFIX.length()));
        BrokerConnection connection = embedded();
        int moved = 0;
        try (ClientSession session = connection.transactedSession()) {
            if (!session.queueQuery(SimpleString.of(poisonQueue)).isExists()) {
                throw new NoSuchElementException("There is no queue '" + poisonQueue + "'. GET /admin/queues lists "
                        + "the queues.");
            }
            connection.ensureQueue(session, target);
            try (ClientConsumer consumer = session.createConsumer(poisonQueue);
                    ClientProducer producer = session.createProducer()) {
                session.start();
                ClientMessage message;
                while ((message = consumer.receiveImmediate()) != null) {
                    // as is: a message poisoned because it could not be read is moved back unread
                    producer.send(SimpleString.of(target), QueueMessages.copyAsIs(session, message, 0, 0));
                    message.acknowledge();
                    if (++moved % REDRIVE_BATCH == 0) {
                        session.commit();
                    }
                }
                session.commit();
            }
        } catch (ActiveMQException e) {
            throw new IllegalStateException("Redriving '" + poisonQueue + "' failed after " + moved + " messages: "
                    + e.getMessage(), e);
        }
        LOG.info("Redrive moved {} messages from {} to {}", moved, poisonQueue, target);
        return moved;
    }

    private BrokerConnection embedded() {
        broker.awaitStarted(BROKER_WAIT_MILLIS);
        try {
            return brokers.embedded();
        } catch (BindingException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
