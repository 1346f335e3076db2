package io.fnhost.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who this node is in a cluster: its name, its role and its worker group. Registered by the core with
 * the service properties {@value #NAME_PROPERTY} and {@value #ROLE_PROPERTY}; the latter lists the
 * roles the node plays ({@value #WORKER}, {@value #MANAGEMENT}, or both on a standalone node), so that
 * a component belonging to one role can require it with a target filter such as
 * {@code (fnhost.role=management)}.
 * <p>
 * Read at start from configuration PID {@code io.fnhost.node}, where the environment variables
 * {@code FNHOST_ROLE}, {@code FNHOST_NODE_NAME}, {@code FNHOST_GROUP} and {@code FNHOST_CAPACITY} win
 * over the file. A change of role takes effect by restarting the node.
 *
 * @since 1.4
 */
@ProviderType
public interface NodeIdentity {
    /** Service property: the node's name. */
    String NAME_PROPERTY = "fnhost.node.name";
    /** Service property: the roles this node plays ({@link #WORKER}, {@link #MANAGEMENT}), multi-valued. */
    String ROLE_PROPERTY = "fnhost.role";
    /** A node that runs functions. */
    String WORKER = "worker";
    /** A node that stores published apps, assigns them to workers and serves the admin API and gateway. */
    String MANAGEMENT = "management";
    /** The configured role of a node that plays both roles (the default). */
    String STANDALONE = "standalone";

    /** The node's name: unique in the cluster, shown in invocation records and the admin API. */
    String name();

    /** The configured role: {@value #MANAGEMENT}, {@value #WORKER} or {@value #STANDALONE}. */
    String role();

    /** Whether this node runs functions (role worker or standalone). */
    default boolean runsFunctions() {
        return !MANAGEMENT.equals(role());
    }

    /** Whether this node plays the management role (role management or standalone). */
    default boolean manages() {
        return !WORKER.equals(role());
    }

    /** The worker group this node belongs to ({@code default} unless configured). */
    String group();

    /** How much work this node takes relative to others (a positive weight; default 1). */
    int capacity();
}
