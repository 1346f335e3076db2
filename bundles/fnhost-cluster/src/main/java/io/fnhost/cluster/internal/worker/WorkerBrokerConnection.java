package io.fnhost.cluster.internal.worker;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker-only node's default queue connection: points the core's {@code embeddedStorageConnection}
 * (configuration PID {@value #NODE_SERVICES_PID}, the value of {@code AzureWebJobsStorage} for apps
 * that do not set it) at the management node's broker, with client options that let the broker clear a
 * hung worker's session within seconds and let the worker reconnect by itself. So queue functions on
 * every worker consume the same queues (competing consumers).
 * <p>
 * It must be in place before an app is installed: a queue listener keeps the connection it started
 * with, and a change of this setting restarts the node's functions. An operator's own value (anything
 * but empty or {@value #DEVELOPMENT_STORAGE} that this class did not write) is kept: the operator chose
 * a broker on purpose.
 */
final class WorkerBrokerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerBrokerConnection.class);
    /** The core's configuration of the services it offers apps ({@code ConfigAdminAppSettings}). */
    static final String NODE_SERVICES_PID = "io.fnhost.core.NodeServices";
    static final String STORAGE_PROPERTY = "embeddedStorageConnection";
    /** Marks a value this class wrote (its broker url), so that it may replace it later. */
    static final String WRITTEN_FROM_PROPERTY = "fnhost.cluster.brokerUrl";
    static final String DEVELOPMENT_STORAGE = "UseDevelopmentStorage=true";

    private final ConfigurationAdmin configAdmin;
    private final String options;
    private volatile boolean operatorValueLogged;

    /**
     * @param options Artemis client URL options appended to the broker's url (without {@code ?}), may be
     *        empty
     */
    WorkerBrokerConnection(ConfigurationAdmin configAdmin, String options) {
        this.configAdmin = Objects.requireNonNull(configAdmin, "configAdmin");
        this.options = options == null ? "" : options.trim().replaceFirst("^[?&]+", "");
    }

    /** The connection a worker uses for {@code brokerUrl}. */
    String connectionFor(String brokerUrl) {
        String url = brokerUrl.trim();
        return options.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + options;
    }

    /**
     * Makes the node's default connection the broker at {@code brokerUrl}.
     *
     * @param brokerUrl the management broker's url from {@code fnhost.broker}, or {@code null} when no
     *        management node has published one yet
     * @return {@code null} when apps may be installed now, else why they must wait (for the node's
     *         status)
     */
    String apply(String brokerUrl) {
        if (brokerUrl == null || brokerUrl.isBlank()) {
            return "waiting for the management node's broker address (cluster map fnhost.broker): apps are installed "
                    + "once queue functions can reach the shared broker";
        }
        String wanted = connectionFor(brokerUrl);
        try {
            Configuration config = configAdmin.getConfiguration(NODE_SERVICES_PID, "?");
            Dictionary<String, Object> properties = config.getProperties();
            Object current = properties == null ? null : properties.get(STORAGE_PROPERTY);
            Object writtenFrom = properties == null ? null : properties.get(WRITTEN_FROM_PROPERTY);
            String value = current == null ? "" : String.valueOf(current).trim();
            if (!value.isEmpty() && !value.equalsIgnoreCase(DEVELOPMENT_STORAGE) && writtenFrom == null) {
                if (!operatorValueLogged) {
                    operatorValueLogged = true;
                    LOG.info("{} of {} is set by the operator: queue functions use it, not the management node's broker",
                            STORAGE_PROPERTY, NODE_SERVICES_PID);
                }
                return null;
            }
            if (value.equals(wanted)) {
                return null;
            }
            Dictionary<String, Object> updated = properties == null ? new Hashtable<>() : properties;
            updated.put(STORAGE_PROPERTY, wanted);
            updated.put(WRITTEN_FROM_PROPERTY, brokerUrl.trim());
            config.update(updated);
            LOG.info("Queue functions on this worker use the management node's broker {} ({} of {})", brokerUrl.trim(),
                    STORAGE_PROPERTY, NODE_SERVICES_PID);
            // The core restarts its functions for the new value; installing now would start them twice.
            return "applying the management node's broker " + brokerUrl.trim() + " as the default queue connection";
        } catch (IOException e) {
            LOG.error("Cannot set {} of {}: {}", STORAGE_PROPERTY, NODE_SERVICES_PID, e.getMessage());
            return "cannot set the default queue connection (" + NODE_SERVICES_PID + "): " + e.getMessage();
        }
    }
}
