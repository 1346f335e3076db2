package io.fnhost.queue.internal;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQQueueExistsException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;

/**
 * One broker fnhost talks to: a server locator and session factory shared by every listener and output
 * of that broker. Sessions are per consumer slot (transacted) or per output send; this object is
 * thread-safe.
 */
final class BrokerConnection implements AutoCloseable {
    private final BrokerAddress address;
    private final ServerLocator locator;
    private final ClientSessionFactory factory;

    BrokerConnection(BrokerAddress address, String locatorUrl) throws Exception {
        this.address = address;
        this.locator = ActiveMQClient.createServerLocator(locatorUrl);
        // handlers run fnhost functions and may block: a pool of their own, never the global one
        locator.setUseGlobalPools(false);
        locator.setThreadPoolMaxSize(-1);
        locator.setReconnectAttempts(-1);
        locator.setBlockOnDurableSend(true);
        try {
            this.factory = locator.createSessionFactory();
        } catch (Exception e) {
            locator.close();
            throw e;
        }
    }

    BrokerAddress address() {
        return address;
    }

    /** A transacted session: sends and acknowledgements take effect together on {@code commit()}. */
    ClientSession transactedSession() throws ActiveMQException {
        return factory.createSession(address.user(), address.password(), false, false, false, false,
                locator.getAckBatchSize());
    }

    /** Creates the durable anycast queue {@code name} (address of the same name) unless it exists. */
    void ensureQueue(ClientSession session, String name) throws ActiveMQException {
        SimpleString queue = SimpleString.of(name);
        if (session.queueQuery(queue).isExists()) {
            return;
        }
        try {
            session.createQueue(QueueConfiguration.of(queue).setAddress(queue).setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true).setAutoCreated(false));
        } catch (ActiveMQQueueExistsException e) {
            // created concurrently: what we wanted
        }
    }

    void ensureQueue(String name) throws ActiveMQException {
        try (ClientSession session = transactedSession()) {
            ensureQueue(session, name);
        }
    }

    @Override
    public void close() {
        factory.close();
        locator.close();
    }
}
