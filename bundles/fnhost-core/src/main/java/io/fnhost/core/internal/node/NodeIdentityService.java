package io.fnhost.core.internal.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.spi.NodeIdentity;

/**
 * Reads who this node is (role, name, group, capacity) from configuration {@value #PID} and the
 * environment ({@code FNHOST_ROLE}, {@code FNHOST_NODE_NAME}, {@code FNHOST_GROUP}, {@code FNHOST_CAPACITY}
 * win), and registers it as {@link NodeIdentity} with the service properties
 * {@value NodeIdentity#NAME_PROPERTY} and {@value NodeIdentity#ROLE_PROPERTY}.
 * <p>
 * An invalid value registers nothing and logs an error saying what to fix: every role-dependent
 * component (the function host, the broker, the admin API, the cluster member) then stays off, which
 * is safer than guessing a role (a worker started as standalone would run a second broker and planner).
 */
// Registers by hand, not as a DS service: the role property is derived from the environment, and an
// invalid identity must register nothing at all. Hence the capability is declared here (resolvers look for it).
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.fnhost.spi.NodeIdentity")
@Component(service = {}, immediate = true, configurationPid = NodeIdentityService.PID)
@Designate(ocd = NodeIdentityService.Config.class)
public final class NodeIdentityService {
    /** The configuration PID. */
    public static final String PID = "io.fnhost.node";
    private static final Logger LOG = LoggerFactory.getLogger(NodeIdentityService.class);

    @ObjectClassDefinition(id = PID, name = "fnhost node",
            description = "Who this node is in a cluster. The environment variables FNHOST_ROLE, FNHOST_NODE_NAME, "
                    + "FNHOST_GROUP and FNHOST_CAPACITY win over these settings. A change of role takes effect "
                    + "by restarting the node.")
    public @interface Config {
        @AttributeDefinition(name = "Role", description = "standalone (management and worker: the default), "
                + "management (stores and assigns apps, serves the admin API and the gateway, runs no "
                + "functions) or worker (runs the functions the management node assigns to it).")
        String role() default NodeIdentity.STANDALONE;

        @AttributeDefinition(name = "Name", description = "The node's name, unique in the cluster (letters, digits, "
                + "'.', '-', '_'); shown in invocation records and the admin API. Empty means the host name.")
        String name() default "";

        @AttributeDefinition(name = "Group", description = "The worker group: an app placed on a group runs on "
                + "its workers only.")
        String group() default ConfiguredNode.DEFAULT_GROUP;

        @AttributeDefinition(name = "Capacity", description = "How much work this node takes relative to the "
                + "others (a whole number of at least 1): the planner puts apps on the least loaded workers "
                + "by apps per capacity.", min = "1")
        int capacity() default 1;
    }

    private final ServiceRegistration<NodeIdentity> registration;

    @Activate
    public NodeIdentityService(BundleContext context, Config config) {
        this(context, config, System.getenv(), hostName());
    }

    NodeIdentityService(BundleContext context, Config config, Map<String, String> environment, String hostName) {
        ConfiguredNode node;
        try {
            node = ConfiguredNode.resolve(config.role(), config.name(), config.group(), config.capacity(),
                    environment, hostName);
        } catch (IllegalArgumentException e) {
            LOG.error("This node has no identity, so it runs nothing that depends on its role (no functions, broker, "
                    + "admin API or cluster member): {}. Fix it and restart the node.", e.getMessage());
            registration = null;
            return;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(NodeIdentity.NAME_PROPERTY, node.name());
        properties.put(NodeIdentity.ROLE_PROPERTY, node.roleProperty());
        registration = context.registerService(NodeIdentity.class, node, properties);
        LOG.info("fnhost node {}: role {} (group {}, capacity {})", node.name(), node.role(), node.group(),
                node.capacity());
    }

    /** Whether a valid identity is registered. */
    boolean registered() {
        return registration != null;
    }

    @Deactivate
    void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it first
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
