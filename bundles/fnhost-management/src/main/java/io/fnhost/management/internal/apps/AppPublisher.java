package io.fnhost.management.internal.apps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarFile;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.FunctionCluster;
import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.management.internal.apps.AppStore.StoredApp;
import io.fnhost.management.internal.apps.AppStore.StoredPlacement;
import io.fnhost.management.internal.apps.AppStore.StoredVersion;
import io.fnhost.management.internal.apps.UploadInspector.Inspection;
import io.fnhost.management.internal.apps.UploadInspector.Layout;
import io.fnhost.spi.AppDeploymentDTO;
import io.fnhost.spi.AppDeploymentException;
import io.fnhost.spi.AppSettings;
import io.fnhost.spi.FunctionAppDeployments;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.NodeIdentity;

/**
 * Publishing: an uploaded artifact is checked, converted when it is an Azure package, deployed beside
 * the running version through {@link FunctionAppDeployments}, and only once it runs recorded in the
 * {@link AppStore} as the app's current version. Rollback deploys a stored version the same way. On
 * activation the store is the truth: a published app whose current version is not installed (the
 * bundle cache was wiped) is deployed again. Calls are serialised: one change to the apps at a time.
 * <p>
 * In a cluster ({@link FunctionCluster} present) each published version, rollback, deletion and settings
 * change is also put into the cluster, whose planner assigns the app to workers; a publish waits a
 * bounded time for the workers to report the version. The store stays the truth: when the cluster
 * service appears, every stored app whose cluster record is missing or names another artifact is put
 * again.
 */
@Component(service = AppPublisher.class, configurationPid = AppPublisher.PID)
@Designate(ocd = AppPublisher.Config.class)
public final class AppPublisher {
    static final String PID = "io.fnhost.management.Apps";
    private static final Logger LOG = LoggerFactory.getLogger(AppPublisher.class);
    private static final String AZURE_PACKAGES = "com.microsoft.azure.functions";
    /** How often the store is compared with the cluster's records. */
    private static final long CLUSTER_SYNC_SECONDS = 30;
    private static final String TIMER_TRIGGER = "timerTrigger";

    @ObjectClassDefinition(id = PID, name = "fnhost published apps",
            description = "The publish endpoint's app store and the limits on uploaded archives.")
    public @interface Config {
        @AttributeDefinition(name = "Store folder", description = "Where published artifacts and their metadata "
                + "are kept; empty means ${karaf.data}/fnhost/apps.", required = false)
        String storeDirectory() default "";

        @AttributeDefinition(name = "Retained versions", description = "How many versions of each app are kept for "
                + "rollback, the current one included.", min = "1")
        int retainedVersions() default 5;

        @AttributeDefinition(name = "Maximum archive entries", description = "Uploads with more zip entries are "
                + "refused (zip bomb protection).", min = "1")
        int maxEntries() default 20_000;

        @AttributeDefinition(name = "Maximum uncompressed size (bytes)", description = "Uploads that inflate to more "
                + "are refused (zip bomb protection).", min = "1")
        long maxUncompressedBytes() default 512L * 1024 * 1024;

        @AttributeDefinition(name = "Maximum compression ratio", description = "Uploads (or entries above 1 MB) "
                + "compressed more than this many to one are refused (zip bomb protection).", min = "1")
        int maxCompressionRatio() default 100;

        @AttributeDefinition(name = "Cluster rollout wait (ms)", description = "In a cluster, how long a publish or "
                + "rollback waits for every assigned worker to report the new version running (or failed) before it "
                + "answers; the version is published either way.", min = "0")
        long clusterConvergeMillis() default 10_000L;
    }

    /** A published app as the API shows it: what the store holds and what runs (either may be null). */
    public record AppStatus(String name, String source, StoredApp stored, AppDeploymentDTO deployed) {
    }

    /**
     * How a version reached the cluster's workers.
     *
     * @param converged whether every assigned node reported the version running or failed within the wait
     * @param nodes the app's state on each node (as far as reported)
     * @param warning what went wrong for the operator (a failed node, a timeout, no worker), else null
     */
    public record Rollout(boolean converged, List<NodeAppDTO> nodes, String warning) {
    }

    /**
     * The outcome of a publish or rollback: {@code created} is false when exactly these bytes were already
     * current; {@code rollout} is null when this node is in no cluster.
     */
    public record Published(boolean created, StoredVersion version, AppStatus app, Rollout rollout) {
    }

    private final FunctionAppDeployments deployments;
    private final AppSettings settings;
    private final Supplier<Map<String, String>> azurePackageVersions;
    private final AppStore store;
    private final UploadInspector inspector;
    private final int retainedVersions;
    private final Duration clusterConvergeWait;
    private final ScheduledExecutorService reconciler;
    /** The last error putting an app into the cluster, by app: the periodic pass logs each error once. */
    private final Map<String, String> clusterErrors = new java.util.concurrent.ConcurrentHashMap<>();
    /** The cluster while this node's member is up (optional: a node may run without one). */
    private final AtomicReference<FunctionCluster> cluster = new AtomicReference<>();

    /**
     * Only on a node with the management role ({@code node} is that gate): a worker's store (left from a
     * time it ran standalone) must neither deploy apps outside its plan nor overwrite the cluster's.
     */
    @Activate
    public AppPublisher(@Reference FunctionAppDeployments deployments, @Reference AppSettings settings,
            @Reference(target = "(" + NodeIdentity.ROLE_PROPERTY + "=" + NodeIdentity.MANAGEMENT + ")")
            NodeIdentity node, BundleContext context, Config config) {
        this(deployments, settings, () -> azurePackageVersions(context), storeRoot(context, config),
                new UploadInspector.Limits(config.maxEntries(), config.maxUncompressedBytes(),
                        config.maxCompressionRatio()), config.retainedVersions(),
                Duration.ofMillis(Math.max(0, config.clusterConvergeMillis())));
    }

    /**
     * @param azurePackageVersions the versions at which this node exports the Azure packages, for the
     *        imports of converted Azure packages
     * @param clusterConvergeWait how long a publish waits for the cluster's workers to report the version
     */
    public AppPublisher(FunctionAppDeployments deployments, AppSettings settings,
            Supplier<Map<String, String>> azurePackageVersions, Path storeRoot, UploadInspector.Limits limits,
            int retainedVersions, Duration clusterConvergeWait) {
        this.deployments = deployments;
        this.settings = settings;
        this.clusterConvergeWait = clusterConvergeWait;
        this.azurePackageVersions = azurePackageVersions;
        this.store = new AppStore(storeRoot);
        this.inspector = new UploadInspector(limits);
        this.retainedVersions = Math.max(1, retainedVersions);
        this.reconciler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fnhost-published-apps");
            t.setDaemon(true);
            return t;
        });
        // Not on the activating thread: deploying starts bundles, which must not hold up SCR.
        reconciler.execute(this::deployMissing);
        // The store is the truth: what the cluster lost (its maps keep two backups, but more members can fail
        // at once) is put back without waiting for this node to restart.
        reconciler.scheduleWithFixedDelay(this::putMissingIntoCluster, CLUSTER_SYNC_SECONDS, CLUSTER_SYNC_SECONDS,
                TimeUnit.SECONDS);
    }

    @Deactivate
    void close() {
        reconciler.shutdownNow();
        try {
            // a pass in progress may be writing the store: done before the component (or a test) lets go of it
            if (!reconciler.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The app store's background pass did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Binds the cluster service (DS; public for the admin API's tests) and puts what it lacks into it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindCluster(FunctionCluster functionCluster) {
        cluster.set(functionCluster);
        // After the pass that deploys the store's apps (same single thread): their timer functions are known.
        reconciler.execute(this::putMissingIntoCluster);
    }

    /** Unbinds the cluster service (DS; public for the admin API's tests). */
    public void unbindCluster(FunctionCluster functionCluster) {
        cluster.compareAndSet(functionCluster, null);
    }

    /** The cluster, while this node's cluster member is up. */
    public Optional<FunctionCluster> cluster() {
        return Optional.ofNullable(cluster.get());
    }

    private static Path storeRoot(BundleContext context, Config config) {
        if (!config.storeDirectory().isBlank()) {
            return Paths.get(config.storeDirectory());
        }
        String data = context.getProperty("karaf.data");
        return Paths.get(data == null ? "data" : data, "fnhost", "apps");
    }

    static String source(String app) {
        return FunctionAppDeployments.PUBLISHED_SOURCE_PREFIX + app;
    }

    /**
     * Publishes the artifact in {@code upload} (a bundle or an Azure package), owned by the caller.
     *
     * @param name the app name for an Azure package, or to confirm a bundle's; null to derive it
     * @param version the version for an Azure package; null to derive it
     * @param publishedBy the name of the key that authorised the upload
     */
    public Published publish(Path upload, String name, String version, String publishedBy)
            throws AppRefusal, IOException {
        Published published = publishLocally(upload, name, version, publishedBy);
        return withRollout(published);
    }

    /** Deploys and stores; in a cluster also puts the version there. The wait for the workers is outside the lock. */
    private synchronized Published publishLocally(Path upload, String name, String version, String publishedBy)
            throws AppRefusal, IOException {
        Inspection inspection = inspector.inspect(upload);
        Path work = Files.createTempDirectory("fnhost-publish-");
        try {
            Path bundle;
            String app;
            if (inspection.layout() == Layout.AZURE_ZIP) {
                AzurePackageConverter.Converted converted = new AzurePackageConverter(azurePackageVersions.get())
                        .convert(upload, inspection.prefix(), blankToNull(name), blankToNull(version), work);
                bundle = converted.bundle();
                app = converted.app();
            } else {
                if (blankToNull(version) != null) {
                    throw AppRefusal.badUpload("version of a bundle", "?version= applies to Azure packages only; a "
                            + "bundle's version is its Bundle-Version. Set it in the build and publish again.");
                }
                bundle = upload;
                app = appName(upload);
                if (blankToNull(name) != null && !name.equalsIgnoreCase(app)) {
                    throw AppRefusal.badUpload("name mismatch", "?name=" + name + " differs from the bundle's "
                            + UploadInspector.APP_HEADER + ": " + app + ". Leave ?name= out or fix the header.");
                }
                if (!AppStore.isValidName(app)) {
                    throw AppRefusal.badUpload("invalid app name", "'" + app + "' cannot name a published app: use "
                            + "letters, digits, '.', '_' and '-' (start with a letter or digit) in "
                            + UploadInspector.APP_HEADER + ".");
                }
            }
            Optional<StoredApp> stored = store.app(app);
            String canonical = stored.map(StoredApp::name).orElse(app);
            String sha256 = sha256(bundle);
            AppDeploymentDTO deployed = deploy(canonical, bundle);
            boolean unchanged = deployed.unchanged && stored.map(s -> s.current().equals(sha256)).orElse(false);
            StoredVersion storedVersion;
            StoredApp updated;
            if (unchanged) {
                updated = stored.get();
                storedVersion = updated.currentVersion();
            } else {
                storedVersion = new StoredVersion(deployed.version, sha256, Files.size(bundle),
                        Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), publishedBy,
                        inspection.layout() == Layout.AZURE_ZIP ? "azure-zip" : "bundle");
                updated = store.add(canonical, bundle, storedVersion, retainedVersions);
                LOG.info("Published function app {} {} (sha256 {}) by {}", canonical, deployed.version, sha256,
                        publishedBy);
            }
            Published published = new Published(!unchanged, storedVersion, new AppStatus(canonical,
                    source(canonical), updated, deployed), null);
            return putIntoCluster(published);
        } finally {
            deleteTree(work);
        }
    }

    /** Every app: published ones, and those deployed from elsewhere (the deploy folder) for completeness. */
    public synchronized List<AppStatus> apps() {
        Map<String, AppStatus> apps = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<AppDeploymentDTO> running = deployments.deployments();
        for (StoredApp stored : store.apps()) {
            apps.put(stored.name(), new AppStatus(stored.name(), source(stored.name()), stored,
                    running.stream().filter(d -> d.source.equals(source(stored.name()))).findFirst().orElse(null)));
        }
        for (AppDeploymentDTO d : running) {
            if (d.app != null && !apps.containsKey(d.app)) {
                apps.put(d.app, new AppStatus(d.app, d.source, null, d));
            }
        }
        return new ArrayList<>(apps.values());
    }

    /** The app named {@code name} (case-insensitive). */
    public synchronized Optional<AppStatus> app(String name) {
        return apps().stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * Deploys a retained version again: {@code version} (a Bundle-Version or SHA-256), or the one published
     * before the current one.
     */
    public Published rollback(String name, String version) throws AppRefusal, IOException {
        return withRollout(rollbackLocally(name, version));
    }

    private synchronized Published rollbackLocally(String name, String version) throws AppRefusal, IOException {
        StoredApp stored = published(name);
        List<StoredVersion> versions = stored.versions();
        StoredVersion target;
        if (blankToNull(version) != null) {
            target = versions.stream().filter(v -> v.version().equals(version) || v.sha256().equals(version))
                    .findFirst().orElseThrow(() -> new AppRefusal(404, "version not found", "App " + stored.name()
                            + " has no retained version " + version + "; retained: " + versions.stream()
                                    .map(StoredVersion::version).toList() + ". GET /admin/apps/" + stored.name()
                            + " lists them."));
        } else {
            int current = versions.indexOf(stored.currentVersion());
            if (current + 1 >= versions.size()) {
                throw new AppRefusal(409, "no previous version", "App " + stored.name() + " has no version retained "
                        + "before " + stored.currentVersion().version() + " to roll back to. Publish the version you "
                        + "want, or name a retained one with ?version=.");
            }
            target = versions.get(current + 1);
        }
        Path artifact = store.artifact(stored.name(), target.sha256()).orElseThrow(() -> new AppRefusal(500,
                "artifact missing", "The store lists " + stored.name() + " " + target.version() + " but its file is "
                        + "gone. Publish that version again."));
        AppDeploymentDTO deployed = deploy(stored.name(), artifact);
        StoredApp updated = store.makeCurrent(stored, target.sha256());
        LOG.info("Rolled function app {} back to {} (sha256 {})", stored.name(), target.version(), target.sha256());
        return putIntoCluster(new Published(true, target, new AppStatus(stored.name(), source(stored.name()), updated,
                deployed), null));
    }

    /** Undeploys a published app and removes it from the store. */
    public synchronized void delete(String name) throws AppRefusal, IOException {
        StoredApp stored = published(name);
        deployments.undeploy(source(stored.name()));
        store.remove(stored.name());
        LOG.info("Deleted published function app {}", stored.name());
        FunctionCluster functionCluster = cluster.get();
        if (functionCluster != null) {
            try {
                functionCluster.removeApp(stored.name());
                return;
            } catch (RuntimeException e) {
                LOG.error("Function app {} is deleted here but the cluster could not remove it ({}); it is removed "
                        + "from the cluster when this node's cluster member is up again", stored.name(), e.toString());
            }
        }
        // the workers keep running it until then
        store.addPendingClusterRemoval(stored.name());
    }

    /**
     * Replaces an app's settings on this node and, for a published app in a cluster, cluster-wide (workers
     * apply them before they install the app).
     *
     * @return the settings now in effect
     */
    public synchronized Map<String, String> replaceSettings(String app, Map<String, String> values) {
        settings.replace(app, values);
        FunctionCluster functionCluster = cluster.get();
        if (functionCluster != null && store.app(app).isPresent()) {
            try {
                functionCluster.putSettings(app, values);
            } catch (RuntimeException e) {
                LOG.error("The settings of function app {} are saved here but the cluster could not take them ({}); "
                        + "they are put again when the cluster service comes back", app, e.toString());
            }
        }
        return settings.settings(app);
    }

    /**
     * Sets where a published app runs in the cluster: the workers of {@code group}, all of them when
     * {@code replicas} is 0, else that many. A null argument keeps the app's current value.
     */
    public synchronized ClusterAppDTO place(String name, String group, Integer replicas) throws AppRefusal, IOException {
        StoredApp stored = published(name);
        FunctionCluster functionCluster = cluster.get();
        if (functionCluster == null) {
            throw noCluster("placed");
        }
        if (group != null && group.isBlank()) {
            throw new AppRefusal(400, "invalid placement", "The group is blank; name a worker group (the FNHOST_GROUP "
                    + "of its workers, 'default' unless set).");
        }
        if (replicas != null && replicas < 0) {
            throw new AppRefusal(400, "invalid placement", "replicas is " + replicas + "; use 0 for every worker of the "
                    + "group, or how many workers should run the app.");
        }
        ClusterAppDTO current = functionCluster.app(stored.name()).orElse(null);
        if (current == null || !stored.current().equals(current.sha256)) {
            current = putApp(functionCluster, stored);
        }
        try {
            ClusterAppDTO placed = functionCluster.setPlacement(stored.name(), group == null ? current.group : group,
                    replicas == null ? current.replicas : replicas);
            LOG.info("Placed function app {} on group {} with replicas {}", stored.name(), placed.group,
                    placed.replicas);
            store.place(stored, new StoredPlacement(placed.group, placed.replicas));
            return placed;
        } catch (IllegalArgumentException e) {
            throw new AppRefusal(400, "invalid placement", e.getMessage());
        }
    }

    static AppRefusal noCluster(String what) {
        return new AppRefusal(503, "no cluster", "This node's cluster member is not running (fnhost-cluster not "
                + "started, or not joined yet), so apps cannot be " + what + ". Check the node's log for "
                + "io.fnhost.cluster and try again.");
    }

    /** The stored app, or 404 (409 when the name runs from the deploy folder). */
    public synchronized StoredApp published(String name) throws AppRefusal {
        Optional<StoredApp> stored = AppStore.isValidName(name) ? store.app(name) : Optional.empty();
        if (stored.isPresent()) {
            return stored.get();
        }
        Optional<AppDeploymentDTO> elsewhere = deployments.deployments().stream()
                .filter(d -> d.app != null && d.app.equalsIgnoreCase(name)).findFirst();
        if (elsewhere.isPresent()) {
            throw new AppRefusal(409, "not a published app", "App " + name + " runs from " + elsewhere.get().source
                    + ", not from the publish endpoint; manage it there (e.g. delete the jar from the deploy folder).");
        }
        throw new AppRefusal(404, "app not found", "No published function app is named '" + name
                + "'. GET /admin/apps lists the apps.");
    }

    /**
     * Puts every stored app whose cluster record is missing or names another artifact into the cluster,
     * and its settings when the cluster holds others: the store is the truth. Runs when the cluster service
     * appears and every {@value #CLUSTER_SYNC_SECONDS} s.
     */
    void putMissingIntoCluster() {
        FunctionCluster functionCluster = cluster.get();
        if (functionCluster == null) {
            return;
        }
        removePendingFromCluster(functionCluster);
        for (StoredApp listed : store.apps()) {
            synchronized (this) {
                Optional<StoredApp> app = store.app(listed.name()); // a publish may have changed it meanwhile
                if (app.isEmpty()) {
                    continue;
                }
                try {
                    StoredApp stored = app.get();
                    Optional<ClusterAppDTO> record = functionCluster.app(stored.name());
                    if (record.isEmpty() || !stored.current().equals(record.get().sha256)) {
                        putApp(functionCluster, stored);
                        LOG.info("Put published function app {} {} into the cluster ({})", stored.name(),
                                stored.currentVersion().version(), record.isEmpty() ? "it had no record of it"
                                        : "it held version " + record.get().version);
                    } else {
                        keepPlacement(stored, record.get());
                        if (!settings.settings(stored.name()).equals(functionCluster.settings(stored.name()))) {
                            functionCluster.putSettings(stored.name(), settings.settings(stored.name()));
                        }
                    }
                    clusterErrors.remove(stored.name());
                } catch (AppRefusal | IOException | RuntimeException e) {
                    if (!String.valueOf(e.getMessage()).equals(clusterErrors.put(listed.name(),
                            String.valueOf(e.getMessage())))) {
                        LOG.error("Published function app {} cannot be put into the cluster: {}", listed.name(),
                                e.getMessage());
                    }
                }
            }
        }
    }

    /** Removes from the cluster the apps deleted here while it was out of reach (unless published again since). */
    private synchronized void removePendingFromCluster(FunctionCluster functionCluster) {
        for (String app : store.pendingClusterRemovals()) {
            try {
                if (store.app(app).isEmpty() && functionCluster.removeApp(app)) {
                    LOG.info("Removed function app {} from the cluster: it was deleted on this node while the cluster "
                            + "was out of reach", app);
                }
                store.clearPendingClusterRemoval(app);
                clusterErrors.remove(app);
            } catch (IOException | RuntimeException e) {
                if (!String.valueOf(e.getMessage()).equals(clusterErrors.put(app, String.valueOf(e.getMessage())))) {
                    LOG.error("Function app {} was deleted here but cannot be removed from the cluster yet: {}", app,
                            e.getMessage());
                }
            }
        }
    }

    /**
     * Copies the cluster's placement of an app into the store when they differ (a placement set through
     * the shell, or on another management node), so the store can put the app back where it was placed.
     */
    private void keepPlacement(StoredApp stored, ClusterAppDTO record) throws IOException {
        StoredPlacement placement = new StoredPlacement(record.group, record.replicas);
        if (record.group != null && !placement.equals(stored.placement())) {
            store.place(stored, placement);
            LOG.info("Function app {} is placed on group {} with replicas {} in the cluster; recorded in the store",
                    stored.name(), record.group, record.replicas);
        }
    }

    /** In a cluster: puts the published version there (unless the cluster has it already). */
    private Published putIntoCluster(Published published) {
        FunctionCluster functionCluster = cluster.get();
        if (functionCluster == null) {
            return published;
        }
        StoredApp stored = published.app().stored();
        try {
            Optional<ClusterAppDTO> record = functionCluster.app(stored.name());
            if (record.isEmpty() || !stored.current().equals(record.get().sha256)) {
                putApp(functionCluster, stored);
            }
            return published;
        } catch (AppRefusal | IOException | RuntimeException e) {
            LOG.error("Function app {} {} is published here but the cluster could not take it: {}", stored.name(),
                    published.version().version(), e.getMessage());
            return new Published(published.created(), published.version(), published.app(), new Rollout(false,
                    List.of(), "Version " + published.version().version() + " is published on this node, but the "
                            + "cluster could not take it (" + e.getMessage() + "); it is put into the cluster again "
                            + "when the cluster service comes back."));
        }
    }

    /** Puts the store's current version of {@code stored} and its settings (first: workers apply them before installing). */
    private ClusterAppDTO putApp(FunctionCluster functionCluster, StoredApp stored) throws AppRefusal, IOException {
        StoredVersion current = stored.currentVersion();
        Path artifact = store.artifact(stored.name(), current.sha256()).orElseThrow(() -> new IOException(
                "the stored artifact " + current.sha256() + " is missing"));
        AppDeploymentDTO deployed = deployments.deployments().stream()
                .filter(d -> d.source.equals(source(stored.name())) && current.sha256().startsWith(
                        String.valueOf(d.sha256Prefix)))
                .findFirst().orElseThrow(() -> new AppRefusal(409, "not deployed", "Version " + current.version()
                        + " of " + stored.name() + " is not deployed on this node, so its timer functions are unknown; "
                        + "it is put into the cluster once it deploys here."));
        ClusterAppDTO record = new ClusterAppDTO();
        record.name = stored.name();
        record.version = current.version();
        record.sha256 = current.sha256();
        record.size = current.size();
        record.publishedAt = current.publishedAt();
        record.publishedBy = current.publishedBy();
        StoredPlacement placement = stored.placement();
        if (placement == null) {
            record.group = null; // keep the app's placement (the cluster's default for a new app)
        } else {
            // the store's copy: where the app was placed, also when the cluster lost its record
            record.group = placement.group();
            record.replicas = placement.replicas();
        }
        record.timerFunctions = timerFunctions(deployed);
        functionCluster.putSettings(stored.name(), settings.settings(stored.name()));
        return functionCluster.putApp(record, artifact);
    }

    /** The names of the deployment's functions triggered by a timer: the planner gives each one owner node. */
    static List<String> timerFunctions(AppDeploymentDTO deployed) {
        TreeSet<String> names = new TreeSet<>();
        for (FunctionDTO function : deployed.functions) {
            if (function.bindings.stream().anyMatch(b -> b.isTrigger() && TIMER_TRIGGER.equalsIgnoreCase(b.type))) {
                names.add(function.name);
            }
        }
        return new ArrayList<>(names);
    }

    /** In a cluster: waits (bounded) for the assigned workers to report the version, and says how it went. */
    private Published withRollout(Published published) {
        FunctionCluster functionCluster = cluster.get();
        if (functionCluster == null || published.rollout() != null) {
            return published;
        }
        String app = published.app().name();
        String version = published.version().version();
        List<NodeAppDTO> nodes;
        boolean done;
        try {
            CompletableFuture<List<NodeAppDTO>> converged = functionCluster.converged(app,
                    published.version().sha256());
            try {
                nodes = converged.get(clusterConvergeWait.toMillis(), TimeUnit.MILLISECONDS);
                done = true;
            } catch (TimeoutException | ExecutionException e) {
                converged.cancel(false); // the cluster stops checking on our behalf
                nodes = functionCluster.appStates(app);
                done = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                converged.cancel(false);
                nodes = functionCluster.appStates(app);
                done = false;
            }
        } catch (RuntimeException e) {
            // the member is going down: the version is published and put, only its progress is unknown
            LOG.warn("Cannot follow function app {} {} in the cluster: {}", app, version, e.toString());
            return new Published(published.created(), published.version(), published.app(), new Rollout(false,
                    List.of(), "Version " + version + " is published and put into the cluster, but its progress "
                            + "cannot be followed (" + e.getMessage() + "). GET /admin/apps/" + app + " shows it."));
        }
        return new Published(published.created(), published.version(), published.app(),
                new Rollout(done, nodes, rolloutWarning(app, version, done, nodes)));
    }

    private String rolloutWarning(String app, String version, boolean converged, List<NodeAppDTO> nodes) {
        List<String> failed = nodes.stream().filter(n -> NodeAppDTO.FAILED.equals(n.state))
                .map(n -> n.node + " (" + n.message + ")").toList();
        if (!failed.isEmpty()) {
            return "Version " + version + " is published, but it failed on " + String.join(", ", failed)
                    + ". Those nodes retry when the plan changes; GET /admin/nodes/{node} shows details.";
        }
        if (!converged) {
            return "Version " + version + " is published; not every assigned node reported it running within "
                    + clusterConvergeWait.toMillis() + " ms. GET /admin/apps/" + app + " shows the progress.";
        }
        if (nodes.isEmpty()) {
            return "Version " + version + " is published, but no worker of the app's group is up: it runs when one "
                    + "joins. GET /admin/nodes lists the nodes and their groups.";
        }
        return null;
    }

    /** Deploys the store's current version of every published app that is not installed. */
    void deployMissing() {
        for (StoredApp listed : store.apps()) {
            // Checked and deployed under the publisher's lock: never twice, never racing a publish.
            synchronized (this) {
                // Read again under the lock: a publish since the listing made another version current, which
                // must not be replaced by the listed one.
                StoredApp app = store.app(listed.name()).orElse(null);
                if (app == null) {
                    continue;
                }
                String prefix = app.current().substring(0, 16);
                boolean installed = deployments.deployments().stream()
                        .anyMatch(d -> d.source.equals(source(app.name())) && prefix.equals(d.sha256Prefix));
                if (installed) {
                    continue;
                }
                try {
                    Path artifact = store.artifact(app.name(), app.current()).orElseThrow(
                            () -> new IOException("the stored artifact " + app.current() + " is missing"));
                    deployments.deploy(source(app.name()), artifact);
                    LOG.info("Deployed published function app {} {} from the store", app.name(),
                            app.currentVersion().version());
                } catch (AppDeploymentException | IOException | RuntimeException e) {
                    LOG.error("Published function app {} cannot be deployed from the store: {}", app.name(),
                            e.getMessage());
                }
            }
        }
    }

    private AppDeploymentDTO deploy(String app, Path bundle) throws AppRefusal {
        try {
            return deployments.deploy(source(app), bundle);
        } catch (AppDeploymentException e) {
            switch (e.reason()) {
                case UNRESOLVED:
                    throw new AppRefusal(422, "unresolved imports", e.getMessage());
                case FUNCTION_ERRORS:
                    throw new AppRefusal(422, "functions in error", e.getMessage());
                case CONFLICT:
                    throw new AppRefusal(409, "app deployed elsewhere", e.getMessage());
                case DUPLICATE_VERSION:
                    throw new AppRefusal(409, "version already running", e.getMessage());
                default:
                    throw new AppRefusal(400, "invalid function app", e.getMessage());
            }
        }
    }

    /** The versions at which fnhost-api (or whoever) exports the Azure packages on this node. */
    private static Map<String, String> azurePackageVersions(BundleContext context) {
        Map<String, String> versions = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            BundleRevision revision = b.adapt(BundleRevision.class);
            if (revision == null) {
                continue;
            }
            for (BundleCapability c : revision.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                Object pkg = c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
                Object v = c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE);
                if (pkg instanceof String p && p.startsWith(AZURE_PACKAGES) && v != null) {
                    versions.merge(p, v.toString(), (a, x) -> a.compareTo(x) >= 0 ? a : x);
                }
            }
        }
        return versions;
    }

    private static String appName(Path bundle) throws IOException {
        try (JarFile jar = new JarFile(bundle.toFile(), false)) {
            return jar.getManifest().getMainAttributes().getValue(UploadInspector.APP_HEADER).trim();
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not remove the temporary folder {}", dir);
        }
    }
}
