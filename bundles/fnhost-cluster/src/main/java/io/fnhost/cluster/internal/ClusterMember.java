package io.fnhost.cluster.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import io.fnhost.cluster.internal.state.ClusterMaps;
import io.fnhost.spi.NodeIdentity;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's Hazelcast member. Started off the activation thread (joining takes a second or more); once
 * it runs, the {@link HazelcastInstance} is registered as a service with {@value NodeIdentity#NAME_PROPERTY},
 * so every other cluster component, by referencing it, starts when the member is up and stops before it
 * goes. Immediate: a delayed component would be deactivated as soon as its last user let go, taking the
 * member down with it.
 */
// the member is registered by code, not DS: declare it, so that the requirement of its users is met
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=com.hazelcast.core.HazelcastInstance",
        uses = HazelcastInstance.class)
@Component(service = {}, immediate = true, configurationPid = ClusterMember.PID)
@Designate(ocd = ClusterMember.Config.class)
public final class ClusterMember {
    static final String PID = "io.fnhost.cluster.Member";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);
    private static final String PAX_WEB_PID = "org.ops4j.pax.web";
    private static final String HTTP_PORT_PROPERTY = "org.osgi.service.http.port";
    /** Environment variable: the node's HTTP port. */
    static final String ENV_HTTP_PORT = "FNHOST_HTTP_PORT";

    @ObjectClassDefinition(id = PID, name = "fnhost cluster member",
            description = "How this node joins the fnhost cluster (Hazelcast). The environment variables "
                    + "FNHOST_CLUSTER_PORT, FNHOST_CLUSTER_MEMBERS and FNHOST_CLUSTER_INTERFACE win over this file.")
    public @interface Config {
        @AttributeDefinition(name = "Cluster name", description = "Nodes join only members of the same name.")
        String clusterName() default "fnhost";

        @AttributeDefinition(name = "Port", description = "The member's port (env FNHOST_CLUSTER_PORT). Every node "
                + "on one machine needs its own.", min = "1", max = "65535")
        int port() default 5701;

        @AttributeDefinition(name = "Members", description = "Comma-separated host:port of members to join (env "
                + "FNHOST_CLUSTER_MEMBERS), e.g. the management node's 10.0.0.5:5701. Empty: this node's own "
                + "address, so it waits for others to join it.")
        String members() default "";

        @AttributeDefinition(name = "Interface", description = "The address the member binds (env "
                + "FNHOST_CLUSTER_INTERFACE); other nodes must reach it. Also the host of this node's httpUrl.")
        String interface$() default "127.0.0.1";

        @AttributeDefinition(name = "Multicast", description = "Find members by multicast instead of the member "
                + "list (only on networks that carry multicast).")
        boolean multicast() default false;

        @AttributeDefinition(name = "Heartbeat interval (s)", min = "1")
        int heartbeatIntervalSeconds() default 1;

        @AttributeDefinition(name = "Max seconds without heartbeat", description = "A member silent this long "
                + "(hung, or its machine unplugged) is removed and its apps are re-planned. A crashed process "
                + "is noticed at once regardless.", min = "2")
        int maxNoHeartbeatSeconds() default 5;
    }

    private final BundleContext bundleContext;
    private final Object lock = new Object();
    private HazelcastInstance instance;
    private ServiceRegistration<HazelcastInstance> registration;
    private boolean closed;

    @Activate
    public ClusterMember(BundleContext bundleContext, Config config, @Reference NodeIdentity node,
            @Reference ConfigurationAdmin configurationAdmin) {
        this(bundleContext, config, node, httpPort(System::getenv, bundleContext, configurationAdmin), System::getenv);
    }

    ClusterMember(BundleContext bundleContext, Config config, NodeIdentity node, int httpPort,
            Function<String, String> env) {
        this.bundleContext = bundleContext;
        ClusterMemberSettings settings;
        try {
            settings = ClusterMemberSettings.from(config, env, attributes(node, config, env, httpPort));
        } catch (IllegalArgumentException e) {
            LOG.error("This node does not join the fnhost cluster: {}. Nothing was started; the node runs on its own "
                    + "until the configuration is fixed.", e.getMessage());
            return;
        }
        Thread starter = new Thread(() -> start(settings), "fnhost-cluster-member-start-" + settings.nodeName());
        starter.setDaemon(true);
        starter.start();
    }

    private void start(ClusterMemberSettings settings) {
        long begin = System.nanoTime();
        HazelcastInstance started;
        try {
            started = Hazelcast.newHazelcastInstance(settings.toHazelcastConfig(ClusterMember.class.getClassLoader()));
        } catch (RuntimeException e) {
            LOG.error("The cluster member of node {} did not start on {}:{} (cluster {}): {}. Check that the port is "
                    + "free (FNHOST_CLUSTER_PORT) and the interface is an address of this machine "
                    + "(FNHOST_CLUSTER_INTERFACE).", settings.nodeName(), settings.networkInterface(), settings.port(),
                    settings.clusterName(), e.getMessage(), e);
            return;
        }
        synchronized (lock) {
            if (closed) {
                started.shutdown();
                return;
            }
            instance = started;
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(NodeIdentity.NAME_PROPERTY, settings.nodeName());
            registration = bundleContext.registerService(HazelcastInstance.class, started, properties);
        }
        LOG.info("Node {} joined cluster {} on {}:{} in {} ms: {} member(s), joining through {}", settings.nodeName(),
                settings.clusterName(), settings.networkInterface(), settings.port(),
                (System.nanoTime() - begin) / 1_000_000, started.getCluster().getMembers().size(), settings.members());
        warnIfNameTaken(started, settings.nodeName());
    }

    /** Nodes are told apart by name: a second node of the same name would be taken for the first. */
    private static void warnIfNameTaken(HazelcastInstance started, String name) {
        Member local = started.getCluster().getLocalMember();
        for (Member member : started.getCluster().getMembers()) {
            if (!member.equals(local) && name.equals(member.getAttribute(ClusterMaps.ATTRIBUTE_NODE))) {
                LOG.error("Another member of the cluster ({}) is also named {}: the cluster takes both for one node, "
                        + "so apps and timers are planned wrongly. Give every node its own name (FNHOST_NODE_NAME, "
                        + "or name in io.fnhost.node) and restart this one.", member.getAddress(), name);
            }
        }
    }

    @Deactivate
    void deactivate() {
        HazelcastInstance stopping;
        ServiceRegistration<HazelcastInstance> registered;
        synchronized (lock) {
            closed = true;
            stopping = instance;
            registered = registration;
            instance = null;
            registration = null;
        }
        // users of the member stop first (they reference the service), then the member goes
        if (registered != null) {
            try {
                registered.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it already
            }
        }
        if (stopping != null) {
            stopping.shutdown();
        }
    }

    static Map<String, String> attributes(NodeIdentity node, Config config, Function<String, String> env,
            int httpPort) {
        String host = env.apply(ClusterMemberSettings.ENV_INTERFACE);
        if (host == null || host.isBlank()) {
            host = config.interface$();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(ClusterMaps.ATTRIBUTE_NODE, node.name());
        attributes.put(ClusterMaps.ATTRIBUTE_ROLE, node.role());
        attributes.put(ClusterMaps.ATTRIBUTE_GROUP, node.group());
        attributes.put(ClusterMaps.ATTRIBUTE_CAPACITY, Integer.toString(node.capacity()));
        attributes.put(ClusterMaps.ATTRIBUTE_HTTP_URL, "http://" + (host == null ? "127.0.0.1" : host.trim()) + ":"
                + httpPort);
        return attributes;
    }

    /**
     * The node's HTTP port: {@value #ENV_HTTP_PORT} (which wins over the files, as for every node setting),
     * else Pax Web's configuration, else the framework property, else Karaf's default 8181.
     */
    static int httpPort(Function<String, String> env, BundleContext bundleContext,
            ConfigurationAdmin configurationAdmin) {
        String fromEnv = env.apply(ENV_HTTP_PORT);
        if (fromEnv != null && fromEnv.trim().matches("[0-9]{1,5}")) {
            return Integer.parseInt(fromEnv.trim());
        }
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + PAX_WEB_PID + ")");
            if (found != null && found.length > 0 && found[0].getProperties() != null) {
                Object port = found[0].getProperties().get(HTTP_PORT_PROPERTY);
                if (port != null && !port.toString().isBlank()) {
                    return Integer.parseInt(port.toString().trim());
                }
            }
        } catch (IOException | InvalidSyntaxException | NumberFormatException e) {
            LOG.warn("Could not read the HTTP port from configuration {}: {}", PAX_WEB_PID, e.toString());
        }
        String property = bundleContext.getProperty(HTTP_PORT_PROPERTY);
        if (property != null && property.trim().matches("[0-9]{1,5}")) {
            return Integer.parseInt(property.trim());
        }
        return 8181;
    }
}
