package io.fnhost.queue.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.BindingException;
import io.fnhost.spi.BindingHandler;
import io.fnhost.spi.BindingProvider;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.TriggerProvider;
import io.fnhost.spi.ValueConverter;

/**
 * The {@code queue} output binding ({@code @QueueOutput}, {@code OutputBinding<T>} or {@code $return}).
 * The target queue is created when the function starts. For a queue-triggered function on the same
 * broker the trigger's listener sends the messages, in the transaction that acknowledges the trigger
 * message, and this handler writes nothing; otherwise (HTTP, timer, another broker) each value is sent in
 * a transaction of its own once the function succeeded.
 */
@Component(service = BindingProvider.class, property = TriggerProvider.BINDING_TYPE + "=" + QueueTriggerProvider.OUTPUT_TYPE)
public final class QueueOutputBindingProvider implements BindingProvider {
    private static final BindingHandler SENT_BY_TRIGGER = new BindingHandler() {
    };

    private final BrokerConnections brokers;
    private final ValueConverter converter;

    @Activate
    public QueueOutputBindingProvider(@Reference BrokerConnections brokers, @Reference ValueConverter converter) {
        this.brokers = brokers;
        this.converter = converter;
    }

    @Override
    public BindingHandler bind(FunctionDescriptor function, BindingDTO binding) throws BindingException {
        if (BindingDTO.DIRECTION_IN.equalsIgnoreCase(binding.direction)) {
            throw new BindingException("Function '" + function.name() + "': the queue binding '" + binding.name
                    + "' must have direction out; read messages with a queueTrigger");
        }
        String queue = QueueNames.resolve(function, binding.name, binding.attribute("queueName", null));
        QueueOptions options = QueueOptions.of(function);
        BrokerAddress address = brokers.address(function, binding);
        BrokerConnection connection = brokers.connection(address);
        try {
            connection.ensureQueue(queue);
        } catch (ActiveMQException e) {
            throw new BindingException("Function '" + function.name() + "': cannot create queue '" + queue + "' on "
                    + address.display() + ": " + e.getMessage(), e);
        }
        BindingDTO trigger = function.trigger();
        if (trigger != null && QueueTriggerProvider.TYPE.equalsIgnoreCase(trigger.type)
                && QueueTriggerProvider.sendsWithTrigger(function, binding, brokers.address(function, trigger))) {
            return SENT_BY_TRIGGER;
        }
        return new OwnTransactionWriter(connection, new OutputMessages(queue, options.base64()), converter);
    }

    /** Sends each value in a transaction of its own, on pooled sessions (a session is single-threaded). */
    static final class OwnTransactionWriter implements BindingHandler {
        private final BrokerConnection connection;
        private final OutputMessages messages;
        private final ValueConverter converter;
        private final Queue<PooledSession> idle = new ConcurrentLinkedQueue<>();

        private record PooledSession(ClientSession session, ClientProducer producer) {
        }

        OwnTransactionWriter(BrokerConnection connection, OutputMessages messages, ValueConverter converter) {
            this.connection = connection;
            this.messages = messages;
            this.converter = converter;
        }

        @Override
        public void write(String invocationId, Object value) throws Exception {
            PooledSession pooled = idle.poll();
            if (pooled == null) {
                ClientSession session = connection.transactedSession();
                pooled = new PooledSession(session, session.createProducer());
            }
            try {
                messages.send(pooled.session(), pooled.producer(), value, converter);
                pooled.session().commit();
            } catch (Exception e) {
                pooled.session().close();
                throw e;
            }
            idle.add(pooled);
        }

        @Override
        public void close() {
            PooledSession pooled;
            while ((pooled = idle.poll()) != null) {
                try {
                    pooled.session().close();
                } catch (ActiveMQException e) {
                    // closing anyway
                }
            }
        }
    }
}
