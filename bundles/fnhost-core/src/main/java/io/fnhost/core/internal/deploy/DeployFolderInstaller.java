package io.fnhost.core.internal.deploy;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.core.internal.StartupReadiness;

/**
 * Takes function app jars in Karaf's {@code deploy/} folder away from FileInstall's in-place bundle
 * updates and hands them to the {@link AppDeployer}, so replacing a jar swaps versions without a gap.
 * Other files keep Karaf's normal behaviour. The ranking puts this installer before FileInstall's own
 * bundle handling and Karaf's wrap deployer.
 * <p>
 * Function app jars that FileInstall installed itself while this installer was away (a restart of the
 * core) are taken over on activation: fnhost deploys them on its own path, then lets FileInstall see the
 * file leave and come back, so that FileInstall drops its own bundle and reports the file's later
 * changes and deletion to this installer.
 */
@Component(service = ArtifactInstaller.class, property = "service.ranking:Integer=1000")
public final class DeployFolderInstaller implements ArtifactInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(DeployFolderInstaller.class);

    /** Longest wait for FileInstall to notice a parked jar (several of its polls). */
    private static final long TAKEOVER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** FileInstall's setting naming a folder it watches (framework property or factory configuration). */
    private static final String FILEINSTALL_DIR = "felix.fileinstall.dir";
    private static final String FILEINSTALL_FACTORY_PID = "org.apache.felix.fileinstall";

    private final AppDeployer deployer;
    private final StartupReadiness readiness;

    private final BundleContext context;
    /** Files FileInstall has offered to this installer; a take-over waits for its file to be among them. */
    private final Set<Path> offered = ConcurrentHashMap.newKeySet();
    private volatile boolean active = true;

    @Activate
    public DeployFolderInstaller(BundleContext context, @Reference AppDeployer deployer,
            @Reference StartupReadiness readiness, @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.deployer = deployer;
        this.readiness = readiness;
        undeployVanished();
        announcePendingJars(configAdmin);
        List<Bundle> owned = bundlesFileInstallOwns();
        if (!owned.isEmpty()) {
            // FileInstall needs a poll to notice each step: do not hold up activation for it.
            Thread takeOver = new Thread(() -> owned.forEach(this::takeOver), "fnhost-deploy-takeover");
            takeOver.setDaemon(true);
            takeOver.start();
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
    }

    @Override
    public boolean canHandle(File artifact) {
        return AppArtifact.isFunctionApp(artifact.toPath());
    }

    @Override
    public void install(File artifact) {
        deploy(artifact);
    }

    @Override
    public void update(File artifact) {
        deploy(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        String source = source(artifact.toPath());
        deployer.undeploy(source);
        readiness.fileDone(source);
    }

    private void deploy(File artifact) {
        offered.add(artifact.toPath().toAbsolutePath().normalize());
        String source = source(artifact.toPath());
        try {
            deployer.deploy(source, artifact.toPath());
            readiness.fileDone(source);
        } catch (DeployException e) {
            // FileInstall has no way to report back; the log is where a deploy-folder user looks.
            LOG.error("{} refused: {}", artifact, e.getMessage());
            readiness.fileFailed(source, e.getMessage());
        }
    }

    /**
     * Tells the startup readiness which function app jars in the watched folders are not deployed as they
     * are now (new, or changed while the node was down): the host is Starting until FileInstall has
     * offered them here. Jars whose exact bytes already run are covered by their bundles.
     */
    private void announcePendingJars(ConfigurationAdmin configAdmin) {
        for (Path folder : watchedFolders(configAdmin)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(AppArtifact::isFunctionApp).forEach(jar -> {
                    String source = source(jar);
                    if (!deployer.isCurrent(source, jar)) {
                        readiness.expectFile(source, "function app jar " + jar.getFileName() + " in " + folder);
                    }
                });
            } catch (IOException e) {
                LOG.warn("Cannot list deploy folder {}: {}", folder, e.getMessage());
            }
        }
    }

    /** The folders FileInstall watches: its framework property and its factory configurations (Karaf's deploy/). */
    private Set<Path> watchedFolders(ConfigurationAdmin configAdmin) {
        Set<Path> folders = new LinkedHashSet<>();
        addFolder(folders, context.getProperty(FILEINSTALL_DIR));
        try {
            Configuration[] configs = configAdmin.listConfigurations("(service.factoryPid=" + FILEINSTALL_FACTORY_PID + ")");
            for (Configuration c : configs == null ? new Configuration[0] : configs) {
                Dictionary<String, Object> properties = c.getProperties();
                Object dir = properties == null ? null : properties.get(FILEINSTALL_DIR);
                addFolder(folders, dir == null ? null : dir.toString());
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Cannot read FileInstall's configurations: {}", e.getMessage());
        }
        return folders;
    }

    private static void addFolder(Set<Path> folders, String dir) {
        if (dir != null && !dir.isBlank()) {
            Path path = Paths.get(dir.trim()).toAbsolutePath().normalize();
            if (Files.isDirectory(path)) {
                folders.add(path);
            }
        }
    }

    /**
     * Deploy-folder artifacts are known by their file's URI: replacing the file replaces the app version,
     * and a restarted installer can tell whether the file still exists.
     */
    static String source(Path file) {
        return file.toAbsolutePath().normalize().toUri().toString();
    }

    /**
     * FileInstall reports no deletion while this installer is away (the core stopped, Karaf down), and
     * forgets its installers' artifacts across restarts: undeploy apps whose jar is gone.
     */
    private void undeployVanished() {
        for (String source : deployer.sources()) {
            if (!source.startsWith("file:")) {
                continue;
            }
            try {
                if (!Files.exists(Paths.get(URI.create(source)))) {
                    LOG.info("{} was removed while fnhost was not watching; undeploying it", source);
                    deployer.undeploy(source);
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("Deployed app source {} is not a file URI: {}", source, e.getMessage());
            }
        }
    }

    /** Function app bundles FileInstall installed itself from a deploy folder. */
    private List<Bundle> bundlesFileInstallOwns() {
        List<Bundle> owned = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String location = b.getLocation();
            if (location.startsWith("file:") && b.getHeaders().get(AppArtifact.HEADER) != null
                    && b.getState() != Bundle.UNINSTALLED) {
                try {
                    Path file = Paths.get(URI.create(location));
                    if (file.getParent() != null && file.getParent().getFileName().toString().equals("deploy")) {
                        owned.add(b);
                    }
                } catch (IllegalArgumentException e) {
                    LOG.debug("Not a file location: {}", location);
                }
            }
        }
        return owned;
    }

    /**
     * Deploys the jar of {@code owned} on fnhost's path (beside FileInstall's bundle, so the app keeps
     * answering), then moves the jar out of the folder until FileInstall has uninstalled its bundle, and
     * back, so FileInstall offers it to this installer as a new file.
     */
    private void takeOver(Bundle owned) {
        Path file = Paths.get(URI.create(owned.getLocation()));
        Path parked = context.getDataFile("takeover-" + file.getFileName()).toPath();
        try {
            deployer.deploy(source(file), file);
            readiness.fileDone(source(file));
            Files.move(file, parked, StandardCopyOption.REPLACE_EXISTING);
            long deadline = System.nanoTime() + TAKEOVER_WAIT_NANOS;
            while (owned.getState() != Bundle.UNINSTALLED && System.nanoTime() - deadline < 0 && active) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            if (owned.getState() != Bundle.UNINSTALLED) {
                owned.uninstall();
            }
            try {
                Files.move(parked, file);
            } catch (FileAlreadyExistsException e) {
                // Someone dropped a new jar meanwhile: it is the one to deploy; FileInstall reports it here.
                Files.delete(parked);
            }
            Path key = file.toAbsolutePath().normalize();
            while (!offered.contains(key) && Files.exists(file) && System.nanoTime() - deadline < 0 && active) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            if (!offered.contains(key) && !Files.exists(file)) {
                // Deleted before FileInstall saw it come back: FileInstall will never report it.
                deployer.undeploy(source(file));
            }
            LOG.info("Took over {} from FileInstall", file.getFileName());
        } catch (DeployException | IOException | BundleException | IllegalStateException e) {
            LOG.warn("Could not take over function app {} from FileInstall: {}", file.getFileName(), e.getMessage());
            readiness.fileFailed(source(file), e.getMessage());
        }
    }
}
