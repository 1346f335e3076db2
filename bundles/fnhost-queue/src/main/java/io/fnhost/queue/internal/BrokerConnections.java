package io.fnhost.queue.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.BindingException;
import io.fnhost.spi.FunctionDescriptor;

/**
 * Resolves a binding's {@code connection} to a broker and keeps one {@link BrokerConnection} per broker
 * for every function of the node. The attribute names an app setting ({@code AzureWebJobsStorage} when
 * empty); its value picks the broker (see {@link BrokerAddress#parse}).
 */
@Component(service = BrokerConnections.class)
public final class BrokerConnections {
    static final String DEFAULT_CONNECTION_SETTING = "AzureWebJobsStorage";
    /** How long a function start waits for the embedded broker to finish starting. */
    private static final long BROKER_START_WAIT_MILLIS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnections.class);

    private final EmbeddedBroker embedded;
    private final Map<BrokerAddress, BrokerConnection> open = new ConcurrentHashMap<>();
    /** Listeners on the embedded broker: the queue each consumes and whether its app encodes base64. */
    private final Map<Object, Consumption> consumptions = new ConcurrentHashMap<>();

    private record Consumption(String queue, boolean base64) {
    }

    @Activate
    public BrokerConnections(@Reference EmbeddedBroker embedded) {
        this.embedded = embedded;
    }

    /** Where {@code binding} of {@code function} connects. */
    BrokerAddress address(FunctionDescriptor function, BindingDTO binding) throws BindingException {
        String setting = binding.attribute("connection", "");
        if (setting.isBlank()) {
            setting = DEFAULT_CONNECTION_SETTING;
        }
        try {
            return BrokerAddress.parse(function.appSetting(setting));
        } catch (IllegalArgumentException e) {
            throw new BindingException("Function '" + function.name() + "': the connection setting '" + setting
                    + "' of binding '" + binding.name + "' is not usable: " + e.getMessage() + ".");
        }
    }

    /** The shared connection to {@code address}, opened on first use. */
    BrokerConnection connection(BrokerAddress address) throws BindingException {
        try {
            return open.computeIfAbsent(address, this::openConnection);
        } catch (IllegalStateException e) {
            throw new BindingException(e.getMessage(), e.getCause());
        }
    }

    /** The connection to the node's embedded broker. */
    BrokerConnection embedded() throws BindingException {
        return connection(BrokerAddress.EMBEDDED);
    }

    private BrokerConnection openConnection(BrokerAddress address) {
        String url;
        if (address.embedded()) {
            embedded.awaitStarted(BROKER_START_WAIT_MILLIS);
            url = embedded.inVmUrl();
        } else {
            url = address.locatorUrl();
        }
        try {
            BrokerConnection connection = new BrokerConnection(address, url);
            LOG.info("Connected to {}", address.display());
            return connection;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot connect to " + address.display() + ": " + e.getMessage()
                    + ". Check that the broker runs and the connection setting names it.", e);
        }
    }

    /** {@code listener} consumes {@code queue} of the embedded broker until {@link #notConsuming}. */
    void consuming(Object listener, String queue, boolean base64) {
        consumptions.put(listener, new Consumption(queue, base64));
    }

    void notConsuming(Object listener) {
        consumptions.remove(listener);
    }

    /**
     * Encoding for a message an operator enqueues: the consuming app's, base64 when none consumes the
     * queue (or when the apps consuming it disagree, base64 if any of them uses it).
     */
    boolean base64For(String queue) {
        boolean consumed = false;
        for (Consumption c : consumptions.values()) {
            if (c.queue().equals(queue)) {
                if (c.base64()) {
                    return true;
                }
                consumed = true;
            }
        }
        return !consumed;
    }

    @Deactivate
    void close() {
        open.values().forEach(BrokerConnection::close);
        open.clear();
    }
}
