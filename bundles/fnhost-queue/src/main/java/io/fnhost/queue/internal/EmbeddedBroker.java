package io.fnhost.queue.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.spi.BrokerEndpoint;
import io.fnhost.spi.NodeIdentity;

/**
 * The node's embedded Artemis broker: the queues behind {@code AzureWebJobsStorage}. Persistent journal
 * under the data folder, an in-VM acceptor for this node's functions and a TCP acceptor (loopback by
 * default) for workers of other nodes. Security is off: the TCP acceptor is protected by where it
 * listens (127.0.0.1 unless the operator binds it elsewhere, then by the network's firewall), see
 * docs/queues.md. Starts on its own thread: a large journal takes a while to load and must not hold up
 * the framework; users of the broker wait for {@link #awaitStarted}.
 * <p>
 * Only a node with the management role runs it; once its TCP acceptor accepts connections it registers
 * the SPI {@link BrokerEndpoint}, which the cluster hands to workers as their default queue connection.
 * On a worker-only node this component is there but disabled (no port taken), so queue functions still
 * run there on the broker their connection setting names.
 */
// BrokerEndpoint is registered by hand once the broker accepts connections: its capability is declared here.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.fnhost.spi.BrokerEndpoint")
// Immediate: workers of other nodes depend on it even when no queue function of this node uses it.
@Component(service = EmbeddedBroker.class, immediate = true, configurationPid = EmbeddedBroker.PID)
@Designate(ocd = EmbeddedBroker.Config.class)
public final class EmbeddedBroker {
    static final String PID = "io.fnhost.queue.EmbeddedBroker";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    @ObjectClassDefinition(id = PID, name = "fnhost embedded queue broker",
            description = "The Apache ActiveMQ Artemis broker that holds the node's queues (AzureWebJobsStorage).")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Run the embedded broker. When off, queue functions "
                + "must name an external broker (tcp://host:port) in their connection setting.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Host", description = "Interface of the TCP acceptor. 127.0.0.1 keeps it "
                + "local to this machine; anything else exposes unauthenticated queues to that network.")
        String host() default "127.0.0.1";

        @AttributeDefinition(name = "Port", description = "Port of the TCP acceptor.", min = "1", max = "65535")
        int port() default 61616;

        @AttributeDefinition(name = "Journal directory", description = "Where messages are persisted; empty "
                + "means ${karaf.data}/fnhost/artemis.")
        String journalDirectory() default "";

        @AttributeDefinition(name = "Global max size (MB)", description = "Memory the broker may use for messages "
                + "before paging them to disk; -1 lets Artemis take half of the heap (-Xmx).", min = "-1")
        long globalMaxSizeMb() default 64;
    }

    private final boolean enabled;
    private final int inVmId;
    private final CompletableFuture<ActiveMQServer> started = new CompletableFuture<>();
    private final EmbeddedActiveMQ embedded;
    private final Object registrationLock = new Object();
    // Guarded by registrationLock.
    private ServiceRegistration<BrokerEndpoint> endpointRegistration;
    private boolean stopped;

    /**
     * @param node    this node: the broker runs only with the management role
     * @param context where the {@link BrokerEndpoint} is registered once the broker accepts connections
     */
    @Activate
    public EmbeddedBroker(@Reference NodeIdentity node, BundleContext context, Config config) {
        this(node.manages() ? null : "The node's role is " + node.role() + ": it runs no embedded queue broker; "
                + "queue functions use the broker their connection setting names (in a cluster, the management "
                + "node's broker by default).", config.enabled(), config.host(), config.port(),
                journalDirectory(config.journalDirectory()), config.globalMaxSizeMb(),
                url -> context.registerService(BrokerEndpoint.class, new TcpBrokerEndpoint(url), null));
    }

    EmbeddedBroker(boolean enabled, String host, int port, Path journal, long globalMaxSizeMb) {
        this(null, enabled, host, port, journal, globalMaxSizeMb, url -> null);
    }

    /**
     * @param notRunBecause      why the broker does not run on this node, or {@code null}
     * @param registerEndpoint   registers the endpoint with this URL once the broker accepts connections
     */
    EmbeddedBroker(String notRunBecause, boolean enabled, String host, int port, Path journal, long globalMaxSizeMb,
            Function<String, ServiceRegistration<BrokerEndpoint>> registerEndpoint) {
        this.enabled = enabled && notRunBecause == null;
        // in-VM acceptors are named by a number unique in the JVM: random, so tests can run several brokers
        this.inVmId = ThreadLocalRandom.current().nextInt(1_000_000, Integer.MAX_VALUE);
        if (notRunBecause != null) {
            this.embedded = null;
            started.completeExceptionally(new IllegalStateException(notRunBecause));
            LOG.info(notRunBecause);
            return;
        }
        if (!enabled) {
            this.embedded = null;
            started.completeExceptionally(new IllegalStateException("The embedded queue broker is disabled "
                    + "(configuration " + PID + ", enabled=false)."));
            return;
        }
        this.embedded = new EmbeddedActiveMQ();
        embedded.setConfiguration(configuration(host, port, journal, globalMaxSizeMb));
        if (!isLoopback(host)) {
            LOG.warn("The embedded queue broker accepts unauthenticated connections on {}:{}: anyone who reaches "
                    + "that port can read and write every queue. Keep it behind a firewall, or set host=127.0.0.1 "
                    + "in {}", host, port, PID);
        }
        Thread starter = new Thread(() -> {
            try {
                embedded.start();
                LOG.info("Embedded queue broker started: journal {}, TCP acceptor {}:{}", journal, host, port);
                started.complete(embedded.getActiveMQServer());
                registerEndpoint(registerEndpoint, "tcp://" + advertisedHost(host) + ":" + port);
            } catch (Throwable e) {
                LOG.error("The embedded queue broker did not start (journal {}, {}:{}): queue functions on the "
                        + "default connection stay in error until it does", journal, host, port, e);
                started.completeExceptionally(e);
            }
        }, "fnhost-queue-broker-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void registerEndpoint(Function<String, ServiceRegistration<BrokerEndpoint>> register,
            String url) {
        synchronized (registrationLock) {
            if (!stopped) {
                try {
                    endpointRegistration = register.apply(url);
                } catch (IllegalStateException bundleStopping) {
                    LOG.debug("The broker endpoint {} was not registered: {}", url, bundleStopping.toString());
                }
            }
        }
    }

    /** The host other nodes connect to: the bound interface, or this machine's address when bound to all. */
    static String advertisedHost(String host) {
        if (!host.equals("0.0.0.0") && !host.equals("::") && !host.equals("[::]")) {
            return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    /** The broker as other nodes reach it. */
    private record TcpBrokerEndpoint(String url) implements BrokerEndpoint {
    }

    private Configuration configuration(String host, int port, Path journal, long globalMaxSizeMb) {
        try {
            Configuration c = new ConfigurationImpl().setName("fnhost").setPersistenceEnabled(true)
                    .setJournalType(JournalType.NIO)
                    .setJournalDirectory(journal.resolve("journal").toString())
                    .setBindingsDirectory(journal.resolve("bindings").toString())
                    .setLargeMessagesDirectory(journal.resolve("large-messages").toString())
                    .setPagingDirectory(journal.resolve("paging").toString())
                    .setSecurityEnabled(false).setJMXManagementEnabled(false)
                    // DequeueCount = delivery count: persisted before each delivery, a crash mid-invocation counts
                    .setPersistDeliveryCountBeforeDelivery(true);
            if (globalMaxSizeMb > 0) {
                c.setGlobalMaxSize(globalMaxSizeMb * 1024 * 1024);
            }
            c.addAcceptorConfiguration("in-vm", "vm://" + inVmId);
            c.addAcceptorConfiguration("tcp", "tcp://" + host + ":" + port + "?protocols=CORE");
            // fnhost moves poison messages itself (<queue>-poison), so the broker never drops or diverts them
            c.addAddressSetting("#", new AddressSettings().setMaxDeliveryAttempts(-1).setAutoCreateQueues(true)
                    .setAutoCreateAddresses(true).setAutoDeleteQueues(false).setAutoDeleteAddresses(false));
            return c;
        } catch (Exception e) {
            throw new IllegalArgumentException("Invalid embedded broker configuration (" + PID + "): " + e.getMessage(), e);
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    private static Path journalDirectory(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String data = System.getProperty("karaf.data");
        return Path.of(data == null ? "data" : data, "fnhost", "artemis");
    }

    boolean enabled() {
        return enabled;
    }

    /** URL of the in-VM acceptor: this node's functions connect there. */
    String inVmUrl() {
        return "vm://" + inVmId;
    }

    /**
     * The running server, waiting up to {@code timeoutMillis} for it to start.
     *
     * @throws IllegalStateException when it is disabled, failed to start or is still starting
     */
    ActiveMQServer awaitStarted(long timeoutMillis) {
        try {
            return started.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedded queue broker", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The embedded queue broker is still starting after " + timeoutMillis
                    + " ms; its journal may be large. Retry shortly.");
        }
    }

    @Deactivate
    void stop() {
        synchronized (registrationLock) {
            stopped = true;
            // Before stopping: nobody may be handed an endpoint that is going away.
            if (endpointRegistration != null) {
                try {
                    endpointRegistration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the bundle is stopping and the framework unregistered it first
                }
                endpointRegistration = null;
            }
        }
        if (embedded == null) {
            return;
        }
        try {
            started.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // stopped below either way
        }
        try {
            embedded.stop();
            LOG.info("Embedded queue broker stopped");
        } catch (Exception e) {
            LOG.warn("Stopping the embedded queue broker failed", e);
        }
    }
}
