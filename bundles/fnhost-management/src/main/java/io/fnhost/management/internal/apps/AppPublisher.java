package io.fnhost.management.internal.apps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.management.internal.apps.AppStore.StoredApp;
import io.fnhost.management.internal.apps.AppStore.StoredVersion;
import io.fnhost.management.internal.apps.UploadInspector.Inspection;
import io.fnhost.management.internal.apps.UploadInspector.Layout;
import io.fnhost.spi.AppDeploymentDTO;
import io.fnhost.spi.AppDeploymentException;
import io.fnhost.spi.FunctionAppDeployments;

/**
 * Publishing: an uploaded artifact is checked, converted when it is an Azure package, deployed beside
 * the running version through {@link FunctionAppDeployments}, and only once it runs recorded in the
 * {@link AppStore} as the app's current version. Rollback deploys a stored version the same way. On
 * activation the store is the truth: a published app whose current version is not installed (the
 * bundle cache was wiped) is deployed again. Calls are serialised: one change to the apps at a time.
 */
@Component(service = AppPublisher.class, configurationPid = AppPublisher.PID)
@Designate(ocd = AppPublisher.Config.class)
public final class AppPublisher {
    static final String PID = "io.fnhost.management.Apps";
    private static final Logger LOG = LoggerFactory.getLogger(AppPublisher.class);
    private static final String AZURE_PACKAGES = "com.microsoft.azure.functions";

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
    }

    /** A published app as the API shows it: what the store holds and what runs (either may be null). */
    public record AppStatus(String name, String source, StoredApp stored, AppDeploymentDTO deployed) {
    }

    /** The outcome of a publish: {@code created} is false when exactly these bytes were already current. */
    public record Published(boolean created, StoredVersion version, AppStatus app) {
    }

    private final FunctionAppDeployments deployments;
    private final Supplier<Map<String, String>> azurePackageVersions;
    private final AppStore store;
    private final UploadInspector inspector;
    private final int retainedVersions;
    private final ExecutorService reconciler;

    @Activate
    public AppPublisher(@Reference FunctionAppDeployments deployments, BundleContext context, Config config) {
        this(deployments, () -> azurePackageVersions(context), storeRoot(context, config),
                new UploadInspector.Limits(config.maxEntries(), config.maxUncompressedBytes(),
                        config.maxCompressionRatio()), config.retainedVersions());
    }

    /**
     * @param azurePackageVersions the versions at which this node exports the Azure packages, for the
     *        imports of converted Azure packages
     */
    public AppPublisher(FunctionAppDeployments deployments, Supplier<Map<String, String>> azurePackageVersions,
            Path storeRoot, UploadInspector.Limits limits, int retainedVersions) {
        this.deployments = deployments;
        this.azurePackageVersions = azurePackageVersions;
        this.store = new AppStore(storeRoot);
        this.inspector = new UploadInspector(limits);
        this.retainedVersions = Math.max(1, retainedVersions);
        this.reconciler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fnhost-published-apps");
            t.setDaemon(true);
            return t;
        });
        // Not on the activating thread: deploying starts bundles, which must not hold up SCR.
        reconciler.execute(this::deployMissing);
    }

    @Deactivate
    void close() {
        reconciler.shutdownNow();
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
    public synchronized Published publish(Path upload, String name, String version, String publishedBy)
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
            return new Published(!unchanged, storedVersion, new AppStatus(canonical, source(canonical), updated,
                    deployed));
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
    public synchronized AppStatus rollback(String name, String version) throws AppRefusal, IOException {
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
        return new AppStatus(stored.name(), source(stored.name()), updated, deployed);
    }

    /** Undeploys a published app and removes it from the store. */
    public synchronized void delete(String name) throws AppRefusal, IOException {
        StoredApp stored = published(name);
        deployments.undeploy(source(stored.name()));
        store.remove(stored.name());
        LOG.info("Deleted published function app {}", stored.name());
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

    /** Deploys the store's current version of every published app that is not installed. */
    void deployMissing() {
        for (StoredApp app : store.apps()) {
            // Checked and deployed under the publisher's lock: never twice, never racing a publish.
            synchronized (this) {
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
