package io.fnhost.cluster.internal.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.BundleContext;
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

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.internal.state.AppPlan;
import io.fnhost.cluster.internal.state.ClusterMaps;
import io.fnhost.spi.AppDeploymentDTO;
import io.fnhost.spi.AppDeploymentException;
import io.fnhost.spi.AppSettings;
import io.fnhost.spi.FunctionAppDeployments;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.NodeIdentity;

/**
 * A worker's reconciler: makes what this node runs match the leader's plan. Desired: the entries of
 * {@link ClusterMaps#PLAN} whose {@code nodes} name this node. Actual: the {@code published:<app>}
 * deployments of {@link FunctionAppDeployments} (the source the publish endpoint uses too, so an app a
 * standalone node already deployed is seen as current). Other sources (the deploy folder) are the
 * operator's and never touched.
 * <p>
 * One app at a time, on one thread, at start, on every change of the plan, the settings or the broker
 * address, after a split-brain merge, and every {@link Config#passIntervalSeconds()} seconds. For an
 * app to install it fetches the artifact from {@link ClusterMaps#ARTIFACTS}, verifies its SHA-256,
 * writes the app's settings ({@link ClusterMaps#SETTINGS}) to {@link AppSettings} first (a queue
 * listener keeps the connection it starts with), then deploys (the core's zero-downtime swap). A
 * failure marks that app {@link NodeAppDTO#FAILED} with the reason and never holds up the others;
 * missing or corrupt artifacts are retried on the next pass, a refused deployment when the plan changes
 * or after {@link #REFUSED_RETRY}.
 * <p>
 * On a worker-only node no app is installed before the default queue connection points at the
 * management node's broker ({@link WorkerBrokerConnection}): all apps wait (we cannot tell which have
 * queue functions before installing them), which costs nothing, since without a management node there
 * is no plan either.
 */
@Component(service = AppReconciler.class, immediate = true, configurationPid = AppReconciler.PID)
@Designate(ocd = AppReconciler.Config.class)
public final class AppReconciler {
    static final String PID = "io.fnhost.cluster.Reconciler";
    private static final Logger LOG = LoggerFactory.getLogger(AppReconciler.class);
    /** How long a refused deployment of the same plan waits before it is tried again. */
    static final long REFUSED_RETRY = TimeUnit.SECONDS.toNanos(60);

    @ObjectClassDefinition(name = "fnhost cluster reconciler",
            description = "How a worker converges to the apps the management leader assigns it.")
    public @interface Config {
        @AttributeDefinition(name = "Pass interval (seconds)", description = "A full comparison of the plan with "
                + "the deployed apps runs at least this often (besides on every change); failed fetches are retried "
                + "then.", min = "1")
        int passIntervalSeconds() default 5;

        @AttributeDefinition(name = "Broker client options", description = "Artemis client URL options a worker-only "
                + "node appends to the management broker's url for its default queue connection: a short connection "
                + "TTL lets the broker hand a hung worker's messages to others within seconds; reconnectAttempts=-1 "
                + "keeps reconnecting while the management node restarts.")
        String brokerOptions() default "connectionTTL=5000&clientFailureCheckPeriod=1000&reconnectAttempts=-1&retryInterval=500";
    }

    private final String node;
    private final boolean manages;
    private final HazelcastInstance hazelcast;
    private final FunctionAppDeployments deployments;
    private final AppSettings appSettings;
    private final WorkerBrokerConnection broker;
    private final Path workDirectory;
    private final long passIntervalSeconds;

    private final IMap<String, byte[]> artifacts;
    private final IMap<String, String> settingsMap;
    private final IMap<String, String> brokerMap;
    private final IMap<String, String> appsMap;
    private final PlanCache plan;
    private final List<UUID> mapListeners = new ArrayList<>();
    private final UUID lifecycleListener;
    private final ScheduledThreadPoolExecutor executor;
    private volatile boolean closed;
    private final AtomicBoolean passQueued = new AtomicBoolean();

    /** App key -> this node's state of the app, as the status reporter publishes it. */
    private final Map<String, NodeAppDTO> states = new ConcurrentHashMap<>();
    private final List<Runnable> stateListeners = new CopyOnWriteArrayList<>();
    // Only touched on the executor's thread.
    /** App key -> the plan entry last converged to (or found current). */
    private final Map<String, AppPlan> applied = new HashMap<>();
    /** App keys the plan assigned to this node while this reconciler ran. */
    private final Set<String> assignedHere = new HashSet<>();
    /** App key -> the refused plan entry and when it was refused. */
    private final Map<String, Refusal> refused = new HashMap<>();

    private record Refusal(AppPlan plan, long atNanos) {
    }

    @Activate
    public AppReconciler(BundleContext context, @Reference HazelcastInstance hazelcast,
            @Reference(target = "(" + NodeIdentity.ROLE_PROPERTY + "=" + NodeIdentity.WORKER + ")") NodeIdentity node,
            @Reference FunctionAppDeployments deployments, @Reference AppSettings appSettings,
            @Reference ConfigurationAdmin configAdmin, Config config) {
        this(hazelcast, node.name(), node.manages(), deployments, appSettings,
                // A node with the management role runs its own broker: its default connection already is that.
                node.manages() ? null : new WorkerBrokerConnection(configAdmin, config.brokerOptions()),
                context.getDataFile("reconciler").toPath(), config.passIntervalSeconds());
    }

    /**
     * @param broker null on nodes whose default queue connection needs no change (management role)
     * @param workDirectory where fetched artifacts are written for the deployer (deleted after)
     */
    AppReconciler(HazelcastInstance hazelcast, String node, boolean manages, FunctionAppDeployments deployments,
            AppSettings appSettings, WorkerBrokerConnection broker, Path workDirectory, long passIntervalSeconds) {
        this.node = node;
        this.manages = manages;
        this.hazelcast = hazelcast;
        this.deployments = deployments;
        this.appSettings = appSettings;
        this.broker = broker;
        this.workDirectory = workDirectory;
        this.passIntervalSeconds = Math.max(1, passIntervalSeconds);
        this.artifacts = hazelcast.getMap(ClusterMaps.ARTIFACTS);
        this.settingsMap = hazelcast.getMap(ClusterMaps.SETTINGS);
        this.brokerMap = hazelcast.getMap(ClusterMaps.BROKER);
        this.appsMap = hazelcast.getMap(ClusterMaps.APPS);
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fnhost-reconciler");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.plan = new PlanCache(hazelcast);
        plan.addListener((app, before, after) -> requestPass());
        mapListeners.add(settingsMap.addEntryListener(new AnyChange(), false));
        mapListeners.add(brokerMap.addEntryListener(new AnyChange(), false));
        this.lifecycleListener = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleState.MERGED) {
                // Merged entries need not come as events; the plan may have moved while we were apart.
                executor.execute(plan::reload);
                requestPass();
            }
        });
        // Not on the activating thread: deploying starts bundles, which must not hold up SCR.
        executor.scheduleWithFixedDelay(this::requestPass, 0, this.passIntervalSeconds, TimeUnit.SECONDS);
    }

    @Deactivate
    void close() {
        // Not shutdownNow: interrupting a deployment half-way helps nobody; the pass stops after its current app.
        closed = true;
        executor.shutdown();
        plan.close();
        try {
            settingsMap.removeEntryListener(mapListeners.get(0));
            brokerMap.removeEntryListener(mapListeners.get(1));
            hazelcast.getLifecycleService().removeLifecycleListener(lifecycleListener);
        } catch (RuntimeException e) {
            // The member is going: its listeners go with it.
            LOG.debug("Could not remove the reconciler's listeners: {}", e.getMessage());
        }
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("The reconciler's pass did not finish within 30 s of its deactivation");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This node's state of each app it runs or converges to, sorted by app (copies). */
    public List<NodeAppDTO> states() {
        List<NodeAppDTO> copies = new ArrayList<>();
        for (NodeAppDTO s : states.values()) {
            copies.add(copy(s));
        }
        copies.sort(Comparator.comparing(s -> s.app.toLowerCase(Locale.ROOT)));
        return copies;
    }

    /** {@code listener} runs (on the reconciler's thread; must not block) whenever an app's state changes. */
    public void addStateListener(Runnable listener) {
        stateListeners.add(listener);
    }

    public void removeStateListener(Runnable listener) {
        stateListeners.remove(listener);
    }

    /** Asks for a pass soon; requests made while one is queued are merged into it. */
    void requestPass() {
        if (passQueued.compareAndSet(false, true)) {
            try {
                executor.execute(this::pass);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                passQueued.set(false); // deactivated
            }
        }
    }

    /** Runs a pass on the reconciler's thread now; the future completes when it is done. */
    java.util.concurrent.Future<?> passNow() {
        return executor.submit(this::pass);
    }

    /** One comparison of the plan with what runs here, converging each app that differs. */
    private void pass() {
        passQueued.set(false);
        if (closed) {
            return;
        }
        try {
            Map<String, AppPlan> desired = new TreeMap<>();
            plan.all().forEach((key, p) -> {
                if (p.nodes != null && p.nodes.contains(node)) {
                    desired.put(key, p);
                    assignedHere.add(key);
                }
            });
            Map<String, AppDeploymentDTO> deployed = publishedDeployments();
            String brokerUrl = desired.isEmpty() || broker == null ? null : brokerMap.get(ClusterMaps.BROKER_URL);
            String waitReason = desired.isEmpty() || broker == null ? null : broker.apply(brokerUrl);
            if (waitReason != null && brokerUrl != null) {
                // Just written (or not writable): the core restarts us for the new value; if it does not, look again soon.
                executor.schedule(this::requestPass, 1, TimeUnit.SECONDS);
            }
            for (Map.Entry<String, AppPlan> e : desired.entrySet()) {
                if (closed) {
                    return;
                }
                String key = e.getKey();
                try {
                    converge(key, e.getValue(), deployed.get(key), waitReason);
                } catch (RuntimeException ex) {
                    LOG.error("Converging app {} failed", key, ex);
                    setState(key, e.getValue(), NodeAppDTO.FAILED, "converging failed: " + ex, List.of());
                }
            }
            for (Map.Entry<String, AppDeploymentDTO> e : deployed.entrySet()) {
                if (!desired.containsKey(e.getKey()) && !closed) {
                    try {
                        removeIfUnassigned(e.getKey(), e.getValue());
                    } catch (RuntimeException ex) {
                        LOG.error("Removing app {} failed", e.getKey(), ex);
                    }
                }
            }
            // Forget apps that are neither assigned nor deployed any more.
            for (String key : List.copyOf(states.keySet())) {
                if (!desired.containsKey(key) && !deployed.containsKey(key)) {
                    states.remove(key);
                    applied.remove(key);
                    refused.remove(key);
                    notifyStates();
                }
            }
        } catch (RuntimeException e) {
            // The next pass tries again: a bad moment of the cluster must not end the reconciler's thread.
            LOG.error("A reconciliation pass failed", e);
        }
    }

    private Map<String, AppDeploymentDTO> publishedDeployments() {
        Map<String, AppDeploymentDTO> published = new HashMap<>();
        for (AppDeploymentDTO d : deployments.deployments()) {
            if (d.source != null && d.source.startsWith(FunctionAppDeployments.PUBLISHED_SOURCE_PREFIX)) {
                published.put(ClusterMaps.appKey(d.source.substring(FunctionAppDeployments.PUBLISHED_SOURCE_PREFIX.length())), d);
            }
        }
        return published;
    }

    private void converge(String key, AppPlan target, AppDeploymentDTO current, String waitReason) {
        if (current != null && isArtifact(current, target.sha256)) {
            syncSettings(target.app);
            applied.put(key, target);
            refused.remove(key);
            setState(key, target, NodeAppDTO.RUNNING, null, current.functions, current.version);
            return;
        }
        if (current != null && manages && target.sameAssignment(applied.get(key))) {
            // This node's publish endpoint deployed a newer version than the plan we converged to; the
            // plan follows. Redeploying the old one now would fight it.
            return;
        }
        Refusal refusal = refused.get(key);
        if (refusal != null && target.sameAssignment(refusal.plan())
                && System.nanoTime() - refusal.atNanos() < REFUSED_RETRY) {
            return;
        }
        if (waitReason != null) {
            setState(key, target, NodeAppDTO.PENDING, waitReason, List.of());
            return;
        }
        NodeAppDTO before = states.get(key);
        // A retry of the same version stays FAILED until it works: no flapping state, no report per pass.
        if (before == null || !NodeAppDTO.FAILED.equals(before.state) || !Objects.equals(before.sha256, target.sha256)) {
            setState(key, target, NodeAppDTO.DEPLOYING, null, List.of());
        }
        byte[] bytes = artifacts.get(target.sha256);
        if (bytes == null) {
            fail(key, target, "the artifact " + target.sha256 + " of version " + target.version + " is not in the "
                    + "cluster's store (fnhost.artifacts); retrying every " + passIntervalSeconds + " s. Publish the app "
                    + "again if it stays missing.");
            return;
        }
        String actualSha = sha256(bytes);
        if (!actualSha.equalsIgnoreCase(target.sha256)) {
            fail(key, target, "the artifact fetched for version " + target.version + " has SHA-256 " + actualSha
                    + ", the plan expects " + target.sha256 + ": not installed; retrying every " + passIntervalSeconds
                    + " s. Publish the app again if this persists.");
            return;
        }
        // Before installing: a queue listener keeps the connection it starts with.
        syncSettings(target.app);
        Path file = null;
        try {
            Files.createDirectories(workDirectory);
            file = Files.createTempFile(workDirectory, key.replaceAll("[^a-z0-9._-]", "_") + "-", ".jar");
            Files.write(file, bytes);
            // The source it already runs under (the swap replaces that source's version), else the publish endpoint's.
            String source = current != null ? current.source : FunctionAppDeployments.PUBLISHED_SOURCE_PREFIX + target.app;
            AppDeploymentDTO result = deployments.deploy(source, file);
            applied.put(key, target);
            refused.remove(key);
            LOG.info("App {} {} ({}) is {} on this node", target.app, result.version, shortSha(target.sha256),
                    result.unchanged ? "already current" : "installed");
            setState(key, target, NodeAppDTO.RUNNING, null, result.functions, result.version);
        } catch (AppDeploymentException e) {
            refused.put(key, new Refusal(target, System.nanoTime()));
            fail(key, target, "the deployment was refused (" + e.reason() + "): " + e.getMessage());
        } catch (IOException e) {
            fail(key, target, "cannot write the artifact to " + workDirectory + ": " + e.getMessage()
                    + "; retrying on the next pass");
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("Cannot delete the fetched artifact {}: {}", file, e.getMessage());
                }
            }
        }
    }

    /**
     * Uninstalls a published app the plan no longer assigns here: its plan entry names other nodes, or it
     * was assigned here earlier and its entry is gone. An app that has no plan entry and never had one
     * while this reconciler ran is left alone on a node with the management role (its publish endpoint
     * deploys before the plan exists; a restarted standalone node gets its plan back from its app store),
     * and removed on a worker-only node once the cluster has no record of it either (it was deleted while
     * this worker was away).
     */
    private void removeIfUnassigned(String key, AppDeploymentDTO deployment) {
        boolean remove;
        if (plan.get(key).isPresent() || assignedHere.contains(key)) {
            remove = true;
        } else {
            remove = !manages && !appsMap.containsKey(key);
        }
        if (!remove) {
            return;
        }
        AppPlan gone = new AppPlan();
        gone.app = deployment.app;
        gone.version = deployment.version;
        setState(key, gone, NodeAppDTO.REMOVING, null, List.of());
        LOG.info("App {} is no longer assigned to this node: uninstalling {}", deployment.app, deployment.source);
        deployments.undeploy(deployment.source);
        assignedHere.remove(key);
        applied.remove(key);
        refused.remove(key);
        states.remove(key);
        notifyStates();
    }

    /** Writes the cluster's settings of the app into the node's app settings when they differ. */
    private void syncSettings(String app) {
        String json = settingsMap.get(ClusterMaps.appKey(app));
        if (json == null) {
            // Never put in the cluster: the node's own settings (e.g. an etc/ file) stay as they are.
            return;
        }
        Map<String, String> wanted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        wanted.putAll(ClusterMaps.settingsFromJson(json));
        if (!wanted.equals(appSettings.settings(app))) {
            appSettings.replace(app, wanted);
            LOG.info("App settings of {} updated from the cluster ({} settings)", app, wanted.size());
        }
    }

    private void fail(String key, AppPlan target, String message) {
        NodeAppDTO before = states.get(key);
        if (before == null || !NodeAppDTO.FAILED.equals(before.state) || !Objects.equals(before.message, message)) {
            LOG.warn("App {} cannot run on this node: {}", target.app, message);
        }
        setState(key, target, NodeAppDTO.FAILED, message, List.of());
    }

    private void setState(String key, AppPlan target, String state, String message, List<FunctionDTO> functions) {
        setState(key, target, state, message, functions, target.version);
    }

    private void setState(String key, AppPlan target, String state, String message, List<FunctionDTO> functions,
            String version) {
        NodeAppDTO before = states.get(key);
        if (before != null && before.state.equals(state) && Objects.equals(before.message, message)
                && Objects.equals(before.sha256, target.sha256) && Objects.equals(before.version, version)
                && sameFunctions(before.functions, functions)) {
            return;
        }
        NodeAppDTO s = new NodeAppDTO();
        s.node = node;
        s.app = target.app;
        s.version = version;
        s.sha256 = target.sha256;
        s.state = state;
        s.message = message;
        s.functions = new ArrayList<>(functions);
        s.updatedAt = Instant.now().toString();
        states.put(key, s);
        notifyStates();
    }

    private void notifyStates() {
        for (Runnable l : stateListeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("A listener of app states failed", e);
            }
        }
    }

    /** Same functions in the same states (the DTOs are new objects on every read). */
    static boolean sameFunctions(List<FunctionDTO> a, List<FunctionDTO> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            FunctionDTO x = a.get(i);
            FunctionDTO y = b.get(i);
            if (!Objects.equals(x.name, y.name) || x.state != y.state || !Objects.equals(x.stateMessage, y.stateMessage)
                    || x.disabled != y.disabled || x.bundleId != y.bundleId) {
                return false;
            }
        }
        return true;
    }

    /** Whether the deployment runs exactly the artifact {@code sha256} (its location records a prefix). */
    static boolean isArtifact(AppDeploymentDTO deployment, String sha256) {
        String prefix = deployment.sha256Prefix;
        return prefix != null && !prefix.isEmpty() && sha256 != null
                && sha256.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
    }

    private static NodeAppDTO copy(NodeAppDTO s) {
        NodeAppDTO c = new NodeAppDTO();
        c.node = s.node;
        c.app = s.app;
        c.version = s.version;
        c.sha256 = s.sha256;
        c.state = s.state;
        c.message = s.message;
        c.functions = new ArrayList<>(s.functions);
        c.updatedAt = s.updatedAt;
        return c;
    }

    /** Any change of a map whose entries feed the pass (settings, broker address) asks for a pass. */
    private final class AnyChange implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            requestPass();
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            requestPass();
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            requestPass();
        }
    }

    @Override
    public String toString() {
        return "AppReconciler[" + node + "]";
    }
}
