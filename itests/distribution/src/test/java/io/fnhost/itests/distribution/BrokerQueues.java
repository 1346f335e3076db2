package io.fnhost.itests.distribution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.jms.Connection;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A JMS client of a node's Artemis broker, as any application outside fnhost would be: sends text messages
 * to a queue and collects what arrives on another. fnhost keeps an Azure queue message's text as a JMS text
 * body (with {@code messageEncoding: none} the text is the payload), so plain JMS reads and writes the
 * same queues as the functions.
 */
final class BrokerQueues implements AutoCloseable {
    private final Connection connection;
    private final List<Session> sessions = new ArrayList<>();

    BrokerQueues(String brokerUrl) throws JMSException {
        connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
        // a broker that goes away (node stopped) is the test's business, not a reason to log a stack trace
        connection.setExceptionListener(e -> System.out.println("[queues] connection to " + brokerUrl + " lost: " + e));
        connection.start();
    }

    /** Sends each text as one persistent message to {@code queue}, committing every {@code batch} messages. */
    void send(String queue, List<String> texts, int batch) throws JMSException {
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            int uncommitted = 0;
            for (String text : texts) {
                producer.send(session.createTextMessage(text));
                if (++uncommitted == batch) {
                    session.commit();
                    uncommitted = 0;
                }
            }
            session.commit();
        } finally {
            session.close();
        }
    }

    /** Starts collecting (and acknowledging) every message of {@code queue}, those waiting included. */
    Received collect(String queue) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        sessions.add(session);
        Received received = new Received(queue);
        MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
        consumer.setMessageListener(received::add);
        return received;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (JMSException e) {
            System.out.println("[queues] closing the connection failed: " + e);
        }
    }

    /** A message as received: its text and when the test got it. */
    record Arrival(String text, Instant receivedAt) {
    }

    /** What arrived on one queue so far, in arrival order; thread-safe. */
    static final class Received {
        private final String queue;
        private final List<Arrival> arrivals = new ArrayList<>();

        private Received(String queue) {
            this.queue = queue;
        }

        private void add(Message message) {
            Instant now = Instant.now();
            try {
                String text = message instanceof TextMessage t ? t.getText() : message.getBody(String.class);
                synchronized (arrivals) {
                    arrivals.add(new Arrival(text, now));
                }
            } catch (JMSException e) {
                System.out.println("[queues] unreadable message on " + queue + ": " + e);
            }
        }

        int size() {
            synchronized (arrivals) {
                return arrivals.size();
            }
        }

        /** A copy of what arrived so far. */
        List<Arrival> snapshot() {
            synchronized (arrivals) {
                return List.copyOf(arrivals);
            }
        }

        /** The texts that arrived so far. */
        List<String> texts() {
            return snapshot().stream().map(Arrival::text).toList();
        }
    }
}
