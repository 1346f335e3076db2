package io.fnhost.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The cluster of fnhost nodes. Registered by fnhost-cluster on every node once its Hazelcast member has
 * joined, and unregistered when the member stops; so a component that needs the cluster simply
 * references this service.
 * <p>
 * The read methods answer from state this node already holds (no network round trip), so that the HTTP
 * gateway may call {@link #nodes()} for each request. The write methods are meant for the management
 * role: they change the cluster's shared state, which the planner (on the management leader) and the
 * workers' reconcilers act on asynchronously.
 */
@ProviderType
public interface FunctionCluster {
    /** This node's name ({@link io.fnhost.spi.NodeIdentity#name()}). */
    String localNode();

    /**
     * Every node: the live members (state {@link NodeDTO#UP}) sorted by name, then the nodes that left
     * recently (state {@link NodeDTO#LEFT}, with their last reported status, kept for ten minutes so that an
     * operator sees the departure) sorted by name. Cheap: answered from local state, no network call.
     */
    List<NodeDTO> nodes();

    /** The name of the management leader (the oldest management member), empty when none is up. */
    Optional<String> leader();

    /**
     * Makes {@code artifact} the current version of the app named {@code app.name} in the cluster: stores
     * its bytes under their SHA-256 (which must equal {@code app.sha256}; a null {@code app.sha256} is
     * computed) and the record, which the planner then assigns to workers. When {@code app.group} is null
     * the placement of the app's previous record is kept (or the default: every worker of group
     * {@code default}). {@code app.nodes} and {@code app.timerOwners} are ignored: the planner decides.
     *
     * @return the record as stored
     * @throws IllegalArgumentException when the artifact's SHA-256 is not {@code app.sha256}, the name is
     *         missing or {@code app.replicas} is negative
     */
    ClusterAppDTO putApp(ClusterAppDTO app, Path artifact) throws IOException;

    /**
     * Removes the app from the cluster: its workers uninstall it. {@code false} when it was unknown. Its
     * settings stay (as on a single node, where deleting an app keeps its settings).
     */
    boolean removeApp(String app);

    /** The published apps with their plan ({@link ClusterAppDTO#nodes}, {@link ClusterAppDTO#timerOwners}). */
    List<ClusterAppDTO> apps();

    /** The app named {@code app} (case-insensitive), with its plan. */
    Optional<ClusterAppDTO> app(String app);

    /**
     * Sets where the app runs: the workers of {@code group}, all of them when {@code replicas} is 0, else
     * the {@code replicas} least-loaded ones.
     *
     * @throws IllegalArgumentException for an unknown app, a blank group or a negative replica count
     */
    ClusterAppDTO setPlacement(String app, String group, int replicas);

    /** Replaces the app's settings cluster-wide; workers apply them before they install the app. */
    void putSettings(String app, Map<String, String> settings);

    /** The app's settings as the cluster holds them (empty when none were put). */
    Map<String, String> settings(String app);

    /**
     * The app's state on each node that the plan assigns it to or that still runs it, sorted by node. A
     * node the plan names that has not reported the app yet is {@link NodeAppDTO#PENDING}.
     */
    List<NodeAppDTO> appStates(String app);

    /**
     * Completes when every node the plan assigns {@code app} to reports version {@code sha256} as
     * {@link NodeAppDTO#RUNNING} or {@link NodeAppDTO#FAILED} (at once when the plan assigns it to no
     * node), with the states of those nodes. Never completes exceptionally; callers bound the wait (e.g.
     * {@code get(timeout)} or {@code orTimeout}). It may complete on a cluster event thread: dependent
     * actions that block or take long belong on an executor of the caller ({@code thenApplyAsync}).
     */
    CompletableFuture<List<NodeAppDTO>> converged(String app, String sha256);
}
