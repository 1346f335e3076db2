package io.fnhost.core.internal.deploy;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes function app jars in Karaf's {@code deploy/} folder away from FileInstall's in-place bundle
 * updates and hands them to the {@link AppDeployer}, so replacing a jar swaps versions without a gap.
 * Other files keep Karaf's normal behaviour. The ranking puts this installer before FileInstall's own
 * bundle handling and Karaf's wrap deployer.
 */
@Component(service = ArtifactInstaller.class, property = "service.ranking:Integer=1000")
public final class DeployFolderInstaller implements ArtifactInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(DeployFolderInstaller.class);

    private final AppDeployer deployer;

    @Activate
    public DeployFolderInstaller(BundleContext context, @Reference AppDeployer deployer) {
        this.deployer = deployer;
        takeOver(context);
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
        deployer.undeploy(source(artifact.toPath()));
    }

    private void deploy(File artifact) {
        try {
            deployer.deploy(source(artifact.toPath()), artifact.toPath());
        } catch (DeployException e) {
            // FileInstall has no way to report back; the log is where a deploy-folder user looks.
            LOG.error("deploy/{} refused: {}", artifact.getName(), e.getMessage());
        }
    }

    /** Deploy-folder artifacts are known by file name: replacing the file replaces the app version. */
    static String source(Path file) {
        return "deploy/" + file.getFileName();
    }

    /**
     * Before this installer was registered (framework start, bundle restart) FileInstall may have
     * installed function app jars itself, in place; move those onto the deployer's side-by-side path.
     */
    private void takeOver(BundleContext context) {
        for (Bundle b : context.getBundles()) {
            String location = b.getLocation();
            if (!location.startsWith("file:") || b.getHeaders().get(AppArtifact.HEADER) == null) {
                continue;
            }
            try {
                Path file = Paths.get(URI.create(location));
                if (!file.getParent().getFileName().toString().equals("deploy") || !file.toFile().isFile()) {
                    continue;
                }
                deployer.deploy(source(file), file);
                b.uninstall();
                LOG.info("Took over {} from FileInstall", file.getFileName());
            } catch (DeployException | BundleException | IllegalArgumentException | IllegalStateException e) {
                LOG.warn("Could not take over function app bundle {} ({}): {}", b.getBundleId(), location,
                        e.getMessage());
            }
        }
    }
}
