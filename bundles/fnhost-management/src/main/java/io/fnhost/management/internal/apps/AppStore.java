package io.fnhost.management.internal.apps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Published function app artifacts and their metadata on disk, the truth about published apps across
 * restarts: {@code <root>/<app>/<sha256>.jar} plus {@code <root>/<app>/app.json} (the versions, newest
 * first, and which one is current). Every file is written to a temporary name and moved into place,
 * so a crash leaves either the old or the new state, never a torn file. Artifacts are addressed by
 * app and SHA-256, which is what a worker fetching them will need. Not thread-safe: the
 * {@link AppPublisher} serialises its calls.
 */
public final class AppStore {
    /** App names as folder names: what {@code Fnhost-FunctionApp} values look like, nothing that escapes. */
    private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String METADATA = "app.json";
    /** A file beside the app folders (no app name starts with a dot): deletions the cluster has not seen. */
    private static final String CLUSTER_REMOVALS = ".cluster-removals.json";

    /**
     * One stored version of an app: {@code publishedAt} is ISO-8601 UTC, {@code publishedBy} the name of
     * the key that published it, {@code format} what was uploaded ({@code bundle} or {@code azure-zip}).
     */
    public record StoredVersion(String version, String sha256, long size, String publishedAt, String publishedBy,
            String format) {
    }

    /**
     * Where an app runs in a cluster, as last set (through the admin API at once, with the shell within
     * 30 s): the workers of {@code group}, all of them when {@code replicas} is 0. Kept here, not only in
     * the cluster's memory, so an app the cluster lost (more members gone at once than it keeps backups)
     * comes back where it was placed.
     */
    public record StoredPlacement(String group, int replicas) {
    }

    /**
     * One app: its versions, newest first, the SHA-256 of the current one, and its placement (null when
     * never set: the cluster's default).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StoredApp(String name, String current, List<StoredVersion> versions, StoredPlacement placement) {
        public StoredApp(String name, String current, List<StoredVersion> versions) {
            this(name, current, versions, null);
        }

        /** The current version. */
        public StoredVersion currentVersion() {
            return versions.stream().filter(v -> v.sha256().equals(current)).findFirst().orElseThrow();
        }
    }

    private final Path root;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public AppStore(Path root) {
        this.root = root;
    }

    /** Whether {@code name} can name a stored app. */
    public static boolean isValidName(String name) {
        return name != null && APP_NAME.matcher(name).matches();
    }

    /** Every stored app, by name. */
    public List<StoredApp> apps() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<StoredApp> apps = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                read(dir).ifPresent(apps::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the app store " + root, e);
        }
        apps.sort(Comparator.comparing(a -> a.name().toLowerCase(Locale.ROOT)));
        return apps;
    }

    /** The app named {@code name} (case-insensitive, as app names are), if stored. */
    public Optional<StoredApp> app(String name) {
        return apps().stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The stored artifact of {@code app} with {@code sha256}; the file exists. */
    public Optional<Path> artifact(String app, String sha256) {
        if (!isValidName(app) || sha256 == null || !SHA256.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path file = root.resolve(app).resolve(sha256 + ".jar");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * Stores {@code artifact} (copied) as the current version of {@code app}, keeping at most
     * {@code retained} versions (the current one always). Storing bytes already stored moves that
     * version to the front instead of adding a second entry. A version names one artifact: other bytes
     * under a version already stored replace that entry (a developer republishing a rebuilt 1.0.0), so a
     * rollback to a version is never ambiguous.
     */
    public StoredApp add(String app, Path artifact, StoredVersion version, int retained) throws IOException {
        Path dir = root.resolve(app);
        Files.createDirectories(dir);
        Path target = dir.resolve(version.sha256() + ".jar");
        if (!Files.isRegularFile(target)) {
            Path temp = Files.createTempFile(dir, ".upload-", ".tmp");
            try {
                Files.copy(artifact, temp, StandardCopyOption.REPLACE_EXISTING);
                move(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        List<StoredVersion> versions = new ArrayList<>();
        List<StoredVersion> dropped = new ArrayList<>();
        versions.add(version);
        Optional<StoredApp> old = read(dir);
        old.ifPresent(o -> o.versions().stream().filter(v -> !v.sha256().equals(version.sha256()))
                .forEach(v -> (v.version().equals(version.version()) ? dropped : versions).add(v)));
        int keep = Math.min(Math.max(1, retained), versions.size());
        dropped.addAll(versions.subList(keep, versions.size()));
        // a new version runs where the app was placed
        StoredApp stored = new StoredApp(app, version.sha256(), List.copyOf(versions.subList(0, keep)),
                old.map(StoredApp::placement).orElse(null));
        write(dir, stored);
        // Drop artifacts no longer listed only after the metadata no longer names them.
        for (StoredVersion gone : dropped) {
            Files.deleteIfExists(dir.resolve(gone.sha256() + ".jar"));
        }
        return stored;
    }

    /** Makes the stored version {@code sha256} of {@code app} current. */
    public StoredApp makeCurrent(StoredApp app, String sha256) throws IOException {
        StoredApp updated = new StoredApp(app.name(), sha256, app.versions(), app.placement());
        write(root.resolve(app.name()), updated);
        return updated;
    }

    /** Records where {@code app} runs in a cluster. */
    public StoredApp place(StoredApp app, StoredPlacement placement) throws IOException {
        StoredApp updated = new StoredApp(app.name(), app.current(), app.versions(), placement);
        write(root.resolve(app.name()), updated);
        return updated;
    }

    /** Removes the app and all its versions; the metadata goes first, so a crash leaves no half app. */
    public void remove(String app) throws IOException {
        Path dir = root.resolve(app);
        Files.deleteIfExists(dir.resolve(METADATA));
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Apps deleted on this node while its cluster member was down: to remove from the cluster when it is up. */
    public Set<String> pendingClusterRemovals() {
        Path file = root.resolve(CLUSTER_REMOVALS);
        try {
            return new TreeSet<>(Arrays.asList(mapper.readValue(file.toFile(), String[].class)));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return new TreeSet<>();
        } catch (IOException e) {
            throw new UncheckedIOException("the app store's list of pending cluster removals " + file
                    + " is unreadable", e);
        }
    }

    /** Notes that {@code app} must still be removed from the cluster. */
    public void addPendingClusterRemoval(String app) throws IOException {
        Set<String> pending = pendingClusterRemovals();
        if (pending.add(app)) {
            writePendingClusterRemovals(pending);
        }
    }

    /** Forgets the pending cluster removal of {@code app} (done, or the app was published again). */
    public void clearPendingClusterRemoval(String app) throws IOException {
        Set<String> pending = pendingClusterRemovals();
        if (pending.remove(app)) {
            writePendingClusterRemovals(pending);
        }
    }

    private void writePendingClusterRemovals(Set<String> pending) throws IOException {
        Files.createDirectories(root);
        Path temp = Files.createTempFile(root, ".removals-", ".tmp");
        try {
            mapper.writeValue(temp.toFile(), pending.toArray(String[]::new));
            move(temp, root.resolve(CLUSTER_REMOVALS));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Optional<StoredApp> read(Path dir) {
        Path file = dir.resolve(METADATA);
        try {
            return Optional.of(mapper.readValue(file.toFile(), StoredApp.class));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("the app store's metadata " + file + " is unreadable", e);
        }
    }

    private void write(Path dir, StoredApp app) throws IOException {
        Path temp = Files.createTempFile(dir, ".app-", ".tmp");
        try {
            mapper.writeValue(temp.toFile(), app);
            move(temp, dir.resolve(METADATA));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
