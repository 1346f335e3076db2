package io.fnhost.spi;

import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The core's one deployer, for doors other than the deploy folder (the publish endpoint, later the
 * cluster's reconciler). Registered by the core. A {@code source} names where an app comes from and
 * owns the versions deployed from it: {@code published:<app>} for the publish endpoint, the
 * {@code file:} URI of a jar for the deploy folder.
 * <p>
 * A deployment installs the new version beside the running one, starts it, checks it and only then
 * retires the older versions of the same source (their in-flight invocations drain). A refused
 * artifact is uninstalled again: the running version keeps serving, nothing else changes.
 */
@ProviderType
public interface FunctionAppDeployments {
    /** Source prefix of apps deployed through the publish endpoint: {@code published:<app>}. */
    String PUBLISHED_SOURCE_PREFIX = "published:";

    /**
     * Deploys the function app bundle in {@code bundle} as the current version of {@code source}.
     * Deploying the bytes that are already current changes nothing and reports
     * {@link AppDeploymentDTO#unchanged}.
     *
     * @param source where the app comes from; owns the versions it replaces
     * @param bundle a function app bundle (manifest header {@code Fnhost-FunctionApp}); read, not kept
     * @return the deployed version and its functions
     * @throws AppDeploymentException when the artifact is refused; {@link AppDeploymentException#reason()}
     *         says why, and nothing was changed
     */
    AppDeploymentDTO deploy(String source, Path bundle) throws AppDeploymentException;

    /**
     * Stops (draining in-flight invocations) and uninstalls every version deployed from {@code source}.
     *
     * @return {@code false} when nothing was deployed from it
     */
    boolean undeploy(String source);

    /** The current version of every source, one entry per source, sorted by source. */
    List<AppDeploymentDTO> deployments();
}
