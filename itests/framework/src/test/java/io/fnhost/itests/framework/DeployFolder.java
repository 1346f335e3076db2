package io.fnhost.itests.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * The folder FileInstall watches ({@code felix.fileinstall.dir}, named {@code deploy} as in Karaf; see
 * test.bndrun). Files are written beside it and renamed into it, so FileInstall never sees half a jar.
 */
final class DeployFolder {
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";
    private static final AtomicInteger markers = new AtomicInteger();

    final Path root;
    /** Location prefix of the bundles fnhost deploys from this folder: {@code fnhost:<file URI>#<sha256 prefix>}. */
    final String fnhostLocation;
    private final BundleContext context;

    DeployFolder(BundleContext context) {
        this.context = context;
        String dir = context.getProperty(FILEINSTALL_DIR);
        assertThat(dir).as("framework property " + FILEINSTALL_DIR).isNotNull();
        this.root = Paths.get(dir).toAbsolutePath();
        assertThat(root).as("deploy folder").isDirectory();
        assertThat(root.getFileName().toString()).as("name of the deploy folder").isEqualTo("deploy");
        this.fnhostLocation = "fnhost:" + root.toUri();
    }

    /** Copies {@code source} into the folder as {@code name}, replacing what was there in one rename. */
    Path put(Path source, String name) throws IOException {
        Path staged = Files.createTempFile(root.getParent(), "staged-", ".tmp");
        Files.copy(source, staged, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(staged, root.resolve(name), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes a plain bundle (a manifest and nothing else, no function app header) into the folder as {@code name}. */
    Path putPlainBundle(String name, String symbolicName) throws IOException {
        Path staged = Files.createTempFile(root.getParent(), "staged-", ".tmp");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        try (OutputStream out = Files.newOutputStream(staged);
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            // the manifest is the whole bundle
        }
        return Files.move(staged, root.resolve(name), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
    }

    void delete(String name) throws IOException {
        Files.delete(root.resolve(name));
    }

    /** The location FileInstall gives a bundle it installs itself from {@code name}. */
    String fileInstallLocation(String name) {
        try {
            return new File(root.toFile(), name).toURI().toURL().toString();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The installed (not uninstalled) bundle at {@code location}, if any. */
    Optional<Bundle> bundleAt(String location) {
        return Optional.ofNullable(context.getBundle(location)).filter(b -> b.getState() != Bundle.UNINSTALLED);
    }

    /** Every installed bundle whose location starts with {@code prefix}. */
    List<Bundle> bundlesAt(String prefix) {
        return Arrays.stream(context.getBundles()).filter(b -> b.getLocation().startsWith(prefix))
            .filter(b -> b.getState() != Bundle.UNINSTALLED).collect(Collectors.toList());
    }

    /** Every installed bundle named {@code symbolicName}, whatever its location. */
    List<Bundle> bundlesNamed(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
            .filter(b -> b.getState() != Bundle.UNINSTALLED).collect(Collectors.toList());
    }

    /** Bundles that came from this folder: FileInstall's own ({@code file:}) and fnhost's. */
    List<Bundle> bundlesFromFolder() {
        return Stream.concat(bundlesAt(fnhostLocation).stream(), bundlesAt(fileInstallLocation("")).stream())
            .collect(Collectors.toList());
    }

    /**
     * Drops a new plain bundle and waits until FileInstall has installed it: every file changed in the
     * folder before this call has then been processed (FileInstall handles a poll's files before
     * installing new bundles, and a later poll's files after an earlier poll's).
     */
    Bundle awaitPollProcessed() throws IOException {
        String name = "marker-" + markers.incrementAndGet() + ".jar";
        putPlainBundle(name, "io.fnhost.itests.marker" + markers.get());
        String location = fileInstallLocation(name);
        return Await.until("FileInstall to install " + name, () -> bundleAt(location), Optional::isPresent).get();
    }

    /**
     * Empties the folder and waits until FileInstall and fnhost removed what came from it. Bundles left
     * over (a test found a bug) are uninstalled directly, so that one failure does not spill into other tests.
     */
    void clear() throws IOException, BundleException {
        try (Stream<Path> files = Files.list(root)) {
            for (Path f : files.collect(Collectors.toList())) {
                Files.deleteIfExists(f);
            }
        }
        try {
            Await.until("bundles from the deploy folder to be uninstalled", this::bundlesFromFolder, List::isEmpty);
        } catch (AssertionError e) {
            for (Bundle b : bundlesFromFolder()) {
                b.uninstall();
            }
        }
    }

    static String describe(Bundle b) {
        return b.getBundleId() + ":" + b.getSymbolicName() + "/" + b.getVersion() + "@" + b.getLocation() + "["
            + state(b.getState()) + "]";
    }

    static String describe(List<Bundle> bundles) {
        return bundles.stream().map(DeployFolder::describe).collect(Collectors.joining(", ", "[", "]"));
    }

    static String state(int state) {
        switch (state) {
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return String.valueOf(state);
        }
    }

}
