package io.fnhost.queue.internal;

import java.nio.file.Path;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's embedded Artemis broker: the queues behind {@code AzureWebJobsStorage}. Persistent journal
 * under the data folder, an in-VM acceptor for this node's functions and a TCP acceptor (loopback by
 * default) for workers of other nodes. Security is off: the TCP acceptor is protected by where it
 * listens (127.0.0.1 unless the operator binds it elsewhere, then by the network's firewall), see
 * docs/queues.md. Starts on its own thread: a large journal takes a while to load and must not hold up
 * the framework; users of the broker wait for {@link #awaitStarted}.
 */
@Component(service = EmbeddedBroker.class, configurationPid = EmbeddedBroker.PID)
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

    @Activate
    public EmbeddedBroker(Config config) {
        this(config.enabled(), config.host(), config.port(), journalDirectory(config.journalDirectory()),
                config.globalMaxSizeMb());
    }

    EmbeddedBroker(boolean enabled, String host, int port, Path journal, long globalMaxSizeMb) {
        this.enabled = enabled;
        // in-VM acceptors are named by a number unique in the JVM: random, so tests can run several brokers
        this.inVmId = ThreadLocalRandom.current().nextInt(1_000_000, Integer.MAX_VALUE);
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
            } catch (Throwable e) {
                LOG.error("The embedded queue broker did not start (journal {}, {}:{}): queue functions on the "
                        + "default connection stay in error until it does", journal, host, port, e);
                started.completeExceptionally(e);
            }
        }, "fnhost-queue-broker-start");
        starter.setDaemon(true);
        starter.start();
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
