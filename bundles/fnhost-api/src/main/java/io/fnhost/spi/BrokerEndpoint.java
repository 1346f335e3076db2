package io.fnhost.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's embedded message broker, as other nodes reach it. Registered by fnhost-queue once its
 * broker accepts connections, on nodes that run it (the management role); the cluster hands the
 * {@link #url()} to workers, whose default queue connection ({@code AzureWebJobsStorage}) then means
 * this broker.
 *
 * @since 1.4
 */
@ProviderType
public interface BrokerEndpoint {
    /**
     * The broker's address for clients on other nodes, e.g. {@code tcp://10.0.0.5:61616}: the host its
     * TCP acceptor is bound to and its port, without credentials or options.
     */
    String url();
}
