package io.fnhost.queue.internal;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.BindingException;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.TriggerData;
import io.fnhost.spi.TriggerListener;
import io.fnhost.spi.TriggerProvider;
import io.fnhost.spi.ValueConverter;

/**
 * The {@code queueTrigger} provider: one {@link QueueListener} per function on the broker its
 * {@code connection} setting names (the node's embedded broker by default). Queue output bindings of the
 * same function on the same broker are sent by the listener, in the transaction that acknowledges the
 * message (their {@link QueueOutputBindingProvider} handler writes nothing), and after an operator's run
 * in a transaction of their own.
 */
@Component(service = TriggerProvider.class, property = TriggerProvider.BINDING_TYPE + "=" + QueueTriggerProvider.TYPE)
public final class QueueTriggerProvider implements TriggerProvider {
    static final String TYPE = "queueTrigger";
    static final String OUTPUT_TYPE = "queue";
    private static final Logger LOG = LoggerFactory.getLogger(QueueTriggerProvider.class);

    private final BrokerConnections brokers;
    private final ValueConverter converter;

    @Activate
    public QueueTriggerProvider(@Reference BrokerConnections brokers, @Reference ValueConverter converter) {
        this.brokers = brokers;
        this.converter = converter;
    }

    @Override
    public TriggerListener start(FunctionInvoker invoker) throws BindingException {
        FunctionDescriptor function = invoker.function();
        BindingDTO trigger = function.trigger();
        String queue = QueueNames.resolve(function, trigger.name, trigger.attribute("queueName", null));
        QueueOptions options = QueueOptions.of(function);
        BrokerAddress address = brokers.address(function, trigger);
        if (function.disabled()) {
            // Azure starts no listener for a disabled function: its messages wait in the queue
            return () -> { };
        }
        BrokerConnection connection = brokers.connection(address);
        List<QueueListener.TransactionalOutput> outputs = transactionalOutputs(function, address, options);
        QueueListener listener = new QueueListener(invoker, connection, queue, options, isBinary(function, trigger),
                outputs, converter);
        try {
            listener.start();
        } catch (Exception e) {
            throw new BindingException("Function '" + function.name() + "': cannot listen to queue '" + queue
                    + "' on " + address.display() + ": " + e.getMessage(), e);
        }
        boolean embedded = address.embedded();
        if (embedded) {
            brokers.consuming(listener, queue, options.base64());
        }
        LOG.info("Function {} listens to queue {} on {} ({} at once)", function.name(), queue, address.display(),
                options.maxInFlight());
        return () -> {
            listener.stop();
            if (embedded) {
                brokers.notConsuming(listener);
            }
        };
    }

    /**
     * An operator's run had no listener to send the outputs the listener sends for a message: they are sent
     * here, together in one transaction, when the function succeeded.
     */
    @Override
    public void adminInvocationDone(FunctionDescriptor function, TriggerData trigger, InvocationResult result) {
        if (!result.succeeded()) {
            return;
        }
        try {
            BrokerAddress address = brokers.address(function, function.trigger());
            List<QueueListener.TransactionalOutput> outputs = transactionalOutputs(function, address,
                    QueueOptions.of(function));
            if (outputs.isEmpty()) {
                return;
            }
            try (ClientSession session = brokers.connection(address).transactedSession();
                    ClientProducer producer = session.createProducer()) {
                for (QueueListener.TransactionalOutput output : outputs) {
                    Object value = result.output(output.bindingName());
                    if (value != null) {
                        output.messages().send(session, producer, value, converter);
                    }
                }
                session.commit();
            }
        } catch (BindingException | ActiveMQException | RuntimeException e) {
            LOG.error("Function {} ran at an operator's request, but its queue outputs could not be sent: {}",
                    function.name(), e.toString());
        }
    }

    /** The function's outputs sent with the trigger's transaction (see {@link #sendsWithTrigger}). */
    private static List<QueueListener.TransactionalOutput> transactionalOutputs(FunctionDescriptor function,
            BrokerAddress triggerAddress, QueueOptions options) throws BindingException {
        List<QueueListener.TransactionalOutput> outputs = new ArrayList<>();
        for (BindingDTO binding : function.dto().bindings) {
            if (sendsWithTrigger(function, binding, triggerAddress)) {
                String target = QueueNames.resolve(function, binding.name, binding.attribute("queueName", null));
                outputs.add(new QueueListener.TransactionalOutput(binding.name, new OutputMessages(target, options.base64())));
            }
        }
        return outputs;
    }

    /**
     * Whether output {@code binding} is sent by the trigger's listener in its transaction: a queue output
     * of a queue-triggered function on the same broker.
     */
    static boolean sendsWithTrigger(FunctionDescriptor function, BindingDTO binding, BrokerAddress triggerAddress)
            throws BindingException {
        return OUTPUT_TYPE.equalsIgnoreCase(binding.type) && !BindingDTO.DIRECTION_IN.equalsIgnoreCase(binding.direction)
                && triggerAddress != null && triggerAddress.equals(addressOf(function, binding));
    }

    private static BrokerAddress addressOf(FunctionDescriptor function, BindingDTO binding) throws BindingException {
        String setting = binding.attribute("connection", "");
        try {
            return BrokerAddress.parse(function.appSetting(setting.isBlank()
                    ? BrokerConnections.DEFAULT_CONNECTION_SETTING : setting));
        } catch (IllegalArgumentException e) {
            throw new BindingException("Function '" + function.name() + "': the connection setting '" + setting
                    + "' of binding '" + binding.name + "' is not usable: " + e.getMessage() + ".");
        }
    }

    /** The trigger parameter wants bytes: {@code byte[]}/{@code Byte[]}, or {@code dataType = "binary"}. */
    static boolean isBinary(FunctionDescriptor function, BindingDTO trigger) {
        Type type = function.parameterType(trigger.name);
        return type == byte[].class || type == Byte[].class
                || "binary".equalsIgnoreCase(trigger.attribute("dataType", ""));
    }

    /** An operator's run: {@code input} is the message text, delivered for the first time. */
    @Override
    public TriggerData adminInvocation(FunctionDescriptor function, String input) {
        long now = System.currentTimeMillis();
        byte[] payload = input == null ? new byte[0] : input.getBytes(StandardCharsets.UTF_8);
        return new QueueTriggerData(payload, isBinary(function, function.trigger()), UUID.randomUUID().toString(), 1,
                now, now + QueueMessages.TIME_TO_LIVE.toMillis(), now, UUID.randomUUID().toString());
    }
}
