package io.fnhost.queue.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.TriggerListener;
import io.fnhost.spi.ValueConverter;

/**
 * Delivers one queue's messages to one function, Azure's way. {@code batchSize + newBatchThreshold}
 * consumer slots, each a transacted session whose consumer buffers nothing (window 0): a slot holds one
 * message at a time, so at most that many invocations run at once and a message is never processed twice
 * at once on this node. Per message, in one transaction:
 * <ul>
 * <li>success: the outputs bound to this broker are sent and the message acknowledged;
 * <li>failure: below {@code maxDequeueCount} a copy carrying the dequeue count is scheduled
 * {@code visibilityTimeout} later; at {@code maxDequeueCount} the message goes to {@code <queue>-poison};
 * <li>arriving with a dequeue count above {@code maxDequeueCount}, or not decodable as base64: straight to
 * the poison queue;
 * <li>not readable at all (a text message whose body is no string, a non-numeric fnhost property): a failed
 * delivery like a failed invocation, so it reaches the poison queue after {@code maxDequeueCount}
 * deliveries instead of being redelivered forever.
 * </ul>
 * Anything else that goes wrong in a delivery (the broker refusing a send) rolls it back; the broker counts
 * that delivery, so such a message too ends in the poison queue when it arrives above {@code maxDequeueCount}.
 * Nothing is acknowledged before the function finished: a node that dies mid-invocation leaves the
 * message in the broker, which delivers it again (with its dequeue count increased).
 */
final class QueueListener implements TriggerListener {
    /** How long {@link #stop} waits for its consumers to close. */
    static final long STOP_WAIT_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(QueueListener.class);

    private final FunctionInvoker invoker;
    private final BrokerConnection connection;
    private final String queue;
    private final String poisonQueue;
    private final QueueOptions options;
    private final boolean binaryValue;
    /** Output bindings written in the trigger's transaction (same broker), by binding name. */
    private final List<TransactionalOutput> outputs;
    private final ValueConverter converter;
    private final List<Slot> slots = new ArrayList<>();

    /** An output binding sent together with the acknowledgement. */
    record TransactionalOutput(String bindingName, OutputMessages messages) {
    }

    private record Slot(ClientSession session, ClientConsumer consumer, ClientProducer producer) {
    }

    QueueListener(FunctionInvoker invoker, BrokerConnection connection, String queue, QueueOptions options,
            boolean binaryValue, List<TransactionalOutput> outputs, ValueConverter converter) {
        this.invoker = invoker;
        this.connection = connection;
        this.queue = queue;
        this.poisonQueue = QueueNames.poisonOf(queue);
        this.options = options;
        this.binaryValue = binaryValue;
        this.outputs = List.copyOf(outputs);
        this.converter = converter;
    }

    /** Opens the slots and starts delivery. */
    void start() throws ActiveMQException {
        connection.ensureQueue(queue);
        connection.ensureQueue(poisonQueue);
        try {
            for (int i = 0; i < options.maxInFlight(); i++) {
                ClientSession session = connection.transactedSession();
                ClientConsumer consumer = session.createConsumer(SimpleString.of(queue), null, 0, -1, false);
                Slot slot = new Slot(session, consumer, session.createProducer());
                slots.add(slot);
                consumer.setMessageHandler(message -> onMessage(slot, message));
                session.start();
            }
        } catch (ActiveMQException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void onMessage(Slot slot, ClientMessage message) {
        try {
            handle(slot, message);
            slot.session().commit();
        } catch (Exception e) {
            // nothing committed: the broker delivers the message again with its delivery count increased, so
            // a message that keeps failing here arrives above maxDequeueCount and goes to poison (see handle)
            LOG.warn("Queue {}: message {} of function {} is rolled back and will be delivered again: {}", queue,
                    QueueMessages.id(message), invoker.function().name(), e.toString());
            LOG.debug("Queue {}: handling message {} failed", queue, QueueMessages.id(message), e);
            try {
                slot.session().rollback();
            } catch (ActiveMQException rollbackFailed) {
                LOG.debug("Rollback failed (the session is closing?)", rollbackFailed);
            }
        }
    }

    private void handle(Slot slot, ClientMessage message) throws ActiveMQException {
        int dequeueCount = QueueMessages.dequeueCountOrDeliveries(message);
        if (dequeueCount > options.maxDequeueCount()) {
            poisonAsIs(slot, message, dequeueCount, "it arrived with DequeueCount " + dequeueCount
                    + ", above maxDequeueCount " + options.maxDequeueCount());
            return;
        }
        String stored;
        long insertionTime;
        try {
            dequeueCount = QueueMessages.dequeueCount(message);
            stored = QueueMessages.text(message);
            insertionTime = QueueMessages.insertionTime(message);
        } catch (UnreadableMessageException e) {
            failedBeforeInvocation(slot, message, dequeueCount, e);
            return;
        }
        byte[] payload;
        try {
            payload = QueueMessages.decode(stored, options.base64());
        } catch (IllegalArgumentException e) {
            poison(slot, message, stored, dequeueCount, "it is not base64 text while the app's host.json says "
                    + "messageEncoding base64 (send base64, or set messageEncoding to none)");
            return;
        }
        long now = System.currentTimeMillis();
        QueueTriggerData data = new QueueTriggerData(payload, binaryValue, QueueMessages.id(message), dequeueCount,
                insertionTime, message.getExpiration(), now, UUID.randomUUID().toString());
        InvocationResult result = invoker.invoke(data);
        List<PendingOutput> pending = List.of();
        String outputFailure = null;
        if (result.succeeded()) {
            // all outputs are converted before any is sent: one that cannot be (a value Gson cannot write)
            // fails the delivery, as an output binding error fails an invocation on Azure, and sends nothing
            try {
                pending = pendingOutputs(result);
            } catch (RuntimeException e) {
                outputFailure = e.toString();
                LOG.debug("Queue {}: the outputs of function {} for message {} cannot be written", queue,
                        invoker.function().name(), QueueMessages.id(message), e);
            }
        }
        if (result.status() == InvocationStatus.RETIRED) {
            // the app version went away before the function ran: hand the message on, this was no dequeue
            slot.producer().send(SimpleString.of(queue),
                    QueueMessages.copy(slot.session(), message, stored, dequeueCount - 1, 0));
        } else if (result.succeeded() && outputFailure == null) {
            for (PendingOutput output : pending) {
                output.messages().send(slot.session(), slot.producer(), output.texts());
            }
        } else if (dequeueCount >= options.maxDequeueCount()) {
            poison(slot, message, stored, dequeueCount, "it failed " + dequeueCount + " times (maxDequeueCount "
                    + options.maxDequeueCount() + ")" + (outputFailure == null ? ""
                            : "; the last time its outputs could not be written: " + outputFailure));
            return;
        } else {
            long delay = options.visibilityTimeout().toMillis();
            slot.producer().send(SimpleString.of(queue),
                    QueueMessages.copy(slot.session(), message, stored, dequeueCount, delay > 0 ? now + delay : 0));
        }
        message.acknowledge();
    }

    private record PendingOutput(OutputMessages messages, List<String> texts) {
    }

    private List<PendingOutput> pendingOutputs(InvocationResult result) {
        List<PendingOutput> pending = new ArrayList<>(outputs.size());
        for (TransactionalOutput output : outputs) {
            Object value = result.output(output.bindingName());
            if (value != null) {
                pending.add(new PendingOutput(output.messages(), output.messages().texts(value, converter)));
            }
        }
        return pending;
    }

    /**
     * A message that cannot be read (its body or one of fnhost's properties) is a failed delivery, as a
     * failed invocation is: retried after {@code visibilityTimeout}, poisoned at {@code maxDequeueCount}. It
     * is copied byte for byte, so the poison queue shows it as it was sent. Logged once, when poisoned.
     */
    private void failedBeforeInvocation(Slot slot, ClientMessage message, int dequeueCount,
            UnreadableMessageException unreadable) throws ActiveMQException {
        if (dequeueCount >= options.maxDequeueCount()) {
            poisonAsIs(slot, message, dequeueCount, "it could not be read in " + dequeueCount + " deliveries "
                    + "(maxDequeueCount " + options.maxDequeueCount() + "): the message " + unreadable.getMessage());
            LOG.debug("Queue {}: why message {} could not be read", queue, QueueMessages.id(message), unreadable);
            return;
        }
        LOG.debug("Queue {}: delivery {} of message {} to function {} failed before the invocation: the message {}",
                queue, dequeueCount, QueueMessages.id(message), invoker.function().name(), unreadable.getMessage(),
                unreadable);
        long delay = options.visibilityTimeout().toMillis();
        slot.producer().send(SimpleString.of(queue), QueueMessages.copyAsIs(slot.session(), message, dequeueCount,
                delay > 0 ? System.currentTimeMillis() + delay : 0));
        message.acknowledge();
    }

    private void poisonAsIs(Slot slot, ClientMessage message, int dequeueCount, String why) throws ActiveMQException {
        LOG.warn("Queue {}: message {} moved to {} because {}", queue, QueueMessages.id(message), poisonQueue, why);
        slot.producer().send(SimpleString.of(poisonQueue),
                QueueMessages.copyAsIs(slot.session(), message, dequeueCount, 0));
        message.acknowledge();
    }

    private void poison(Slot slot, ClientMessage message, String stored, int dequeueCount, String why)
            throws ActiveMQException {
        LOG.warn("Queue {}: message {} moved to {} because {}", queue, QueueMessages.id(message), poisonQueue, why);
        slot.producer().send(SimpleString.of(poisonQueue),
                QueueMessages.copy(slot.session(), message, stored, dequeueCount, 0));
        message.acknowledge();
    }

    @Override
    public void stop() {
        // Each slot closes on a thread of its own and the wait is bounded. A close waits for the invocation
        // its slot runs (which the host drains anyway), and while the broker is unreachable (a worker whose
        // management node is down) each blocking close waits for the client's call timeout: one after
        // another, 2 x 32 of them held a worker's shutdown for many minutes.
        List<Slot> closing = List.copyOf(slots);
        slots.clear();
        CountDownLatch closed = new CountDownLatch(closing.size());
        for (Slot slot : closing) {
            Thread closer = new Thread(() -> {
                try {
                    close(slot);
                } finally {
                    closed.countDown();
                }
            }, "fnhost-queue-close-" + queue);
            closer.setDaemon(true);
            closer.start();
        }
        try {
            if (!closed.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Queue {}: {} of {} consumers did not close within {} s (an invocation still running, or "
                        + "the broker unreachable); they close in the background, and what they did not "
                        + "acknowledge returns to the queue", queue, closed.getCount(), closing.size(),
                        STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the slot's consumer (uncommitted work is redelivered), then its session. */
    private void close(Slot slot) {
        try {
            slot.consumer().close();
        } catch (ActiveMQException | RuntimeException e) {
            LOG.debug("Closing a consumer of queue {} failed", queue, e);
        }
        try {
            slot.session().close();
        } catch (ActiveMQException | RuntimeException e) {
            LOG.debug("Closing a session of queue {} failed", queue, e);
        }
    }
}
