package io.fnhost.core.internal.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way function app artifacts become running bundles, whichever door they come through. A new
 * version is installed beside the running one and started (the extender starts its functions, and
 * providers let the newer generation take over routes and listeners); only then is the old version
 * stopped, which drains its in-flight invocations, and uninstalled. A refused artifact changes nothing.
 * <p>
 * Bundles are found by location ({@code fnhost:<source>#<sha256 prefix>}), never by an in-memory map,
 * so the state survives restarts of this bundle and of the framework. A source names where the artifact
 * came from, e.g. the {@code file:} URI of a jar in the deploy folder.
 */
@Component(service = AppDeployer.class)
public final class AppDeployer {
    private static final Logger LOG = LoggerFactory.getLogger(AppDeployer.class);
    static final String LOCATION_SCHEME = "fnhost:";

    private final BundleContext context;

    @Activate
    public AppDeployer(BundleContext context) {
        this.context = context;
    }

    /**
     * Deploys {@code file} as the current version of the apps deployed from {@code source}.
     *
     * @return the bundle now running the artifact
     */
    public Bundle deploy(String source, Path file) throws DeployException {
        return deploy(source, file, installed -> {
        });
    }

    /** Checks a newly started version before the older ones are retired. */
    @FunctionalInterface
    public interface NewVersionCheck {
        /** Throws to refuse {@code started}: it is then uninstalled and the older versions keep running. */
        void check(Bundle started) throws DeployException;
    }

    /**
     * Deploys {@code file} as the current version of the apps deployed from {@code source}, once
     * {@code check} accepts the started new version (the same bytes again are not checked: they run).
     *
     * @return the bundle now running the artifact
     */
    public synchronized Bundle deploy(String source, Path file, NewVersionCheck check) throws DeployException {
        AppArtifact artifact = AppArtifact.read(file);
        String location = location(source, artifact.sha256());
        List<Bundle> previous = new ArrayList<>();
        Bundle current = null;
        for (Bundle b : bundlesOf(source)) {
            if (b.getLocation().equals(location)) {
                current = b;
            } else {
                previous.add(b);
            }
        }
        if (current != null) {
            // The same bytes again, e.g. FileInstall re-announcing the file after a restart.
            start(current, artifact, false);
            retire(previous);
            return current;
        }
        Bundle installed;
        try (InputStream in = Files.newInputStream(file)) {
            installed = context.installBundle(location, in);
        } catch (BundleException e) {
            throw new DeployException("cannot install " + file.getFileName() + " (" + artifact.symbolicName() + " "
                    + artifact.version() + "): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DeployException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        start(installed, artifact, true);
        try {
            check.check(installed);
        } catch (DeployException | RuntimeException e) {
            // The older generation takes its routes and listeners back when this one goes.
            retire(List.of(installed));
            throw e;
        }
        LOG.info("Deployed function app {} {} from {} (sha256 {})", artifact.appName(), artifact.version(), source,
                artifact.sha256());
        retire(previous);
        return installed;
    }

    /** Stops and uninstalls every version deployed from {@code source}. */
    public synchronized void undeploy(String source) {
        List<Bundle> bundles = bundlesOf(source);
        retire(bundles);
        if (!bundles.isEmpty()) {
            LOG.info("Undeployed function app(s) from {}", source);
        }
    }

    /** Whether any bundle was deployed from {@code source}. */
    public boolean isDeployed(String source) {
        return !bundlesOf(source).isEmpty();
    }

    /** Whether exactly the bytes of {@code file} are deployed from {@code source} (reads and hashes the file). */
    public boolean isCurrent(String source, Path file) {
        try {
            String location = location(source, AppArtifact.read(file).sha256());
            return bundlesOf(source).stream().anyMatch(b -> b.getLocation().equals(location));
        } catch (DeployException e) {
            return false;
        }
    }

    /** The bundles deployed from {@code source}, oldest first (normally one). */
    public synchronized List<Bundle> bundles(String source) {
        return bundlesOf(source);
    }

    /** The first 16 hex digits of the SHA-256 recorded in an app bundle's location, or null. */
    public static String sha256Prefix(Bundle bundle) {
        String location = bundle.getLocation();
        int hash = location.lastIndexOf('#');
        return location.startsWith(LOCATION_SCHEME) && hash > 0 ? location.substring(hash + 1) : null;
    }

    /** The sources of every deployed app bundle. */
    public Set<String> sources() {
        Set<String> sources = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            String location = b.getLocation();
            int hash = location.lastIndexOf('#');
            if (location.startsWith(LOCATION_SCHEME) && hash > LOCATION_SCHEME.length()
                    && b.getState() != Bundle.UNINSTALLED) {
                sources.add(location.substring(LOCATION_SCHEME.length(), hash));
            }
        }
        return sources;
    }

    private void start(Bundle bundle, AppArtifact artifact, boolean uninstallOnFailure) throws DeployException {
        try {
            bundle.start();
        } catch (BundleException e) {
            if (uninstallOnFailure) {
                try {
                    bundle.uninstall();
                } catch (BundleException ignored) {
                    LOG.warn("Could not uninstall refused bundle {}", bundle.getBundleId());
                }
            }
            throw new DeployException("function app " + artifact.appName() + " " + artifact.version()
                    + " cannot start: " + e.getMessage()
                    + "; embed its libraries or install the bundles it imports. The running version is unchanged", e);
        }
    }

    /** Stops (draining in-flight work) and uninstalls old versions, then releases their wirings alone. */
    private void retire(List<Bundle> bundles) {
        if (bundles.isEmpty()) {
            return;
        }
        for (Bundle b : bundles) {
            try {
                b.uninstall();
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("Could not uninstall old app bundle {} ({})", b.getBundleId(), b.getLocation(), e);
            }
        }
        // Function apps export nothing, so this refresh touches only the uninstalled bundles.
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles);
    }

    private List<Bundle> bundlesOf(String source) {
        String prefix = LOCATION_SCHEME + source + "#";
        List<Bundle> result = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith(prefix) && b.getState() != Bundle.UNINSTALLED) {
                result.add(b);
            }
        }
        return result;
    }

    static String location(String source, String sha256) {
        return LOCATION_SCHEME + source + "#" + sha256.substring(0, 16);
    }
}
