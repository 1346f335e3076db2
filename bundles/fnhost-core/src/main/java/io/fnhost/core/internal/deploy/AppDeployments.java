package io.fnhost.core.internal.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.fnhost.spi.AppDeploymentDTO;
import io.fnhost.spi.AppDeploymentException;
import io.fnhost.spi.AppDeploymentException.Reason;
import io.fnhost.spi.FunctionAppDeployments;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.FunctionState;

/**
 * {@link FunctionAppDeployments} over the {@link AppDeployer}: the publish endpoint's way in. On top of
 * the deployer it refuses an app name another source already deploys, and a new version whose
 * functions are in error (or that has none), before the older version is retired.
 */
@Component(service = FunctionAppDeployments.class)
public final class AppDeployments implements FunctionAppDeployments {
    /** Felix names each unresolved package import as {@code (osgi.wiring.package=<name>)}. */
    private static final Pattern MISSING_PACKAGE = Pattern.compile("osgi\\.wiring\\.package=([^)\\s]+)");

    private final AppDeployer deployer;
    private final FunctionRuntime runtime;

    @Activate
    public AppDeployments(@Reference AppDeployer deployer, @Reference FunctionRuntime runtime) {
        this.deployer = deployer;
        this.runtime = runtime;
    }

    @Override
    public AppDeploymentDTO deploy(String source, Path bundle) throws AppDeploymentException {
        AppArtifact artifact;
        try {
            artifact = AppArtifact.read(bundle);
        } catch (DeployException e) {
            throw new AppDeploymentException(Reason.INVALID_ARTIFACT, e.getMessage());
        }
        // The deployer's own lock: the name check and the deployment see the same set of sources.
        synchronized (deployer) {
            for (AppDeploymentDTO other : deployments()) {
                if (other.app.equalsIgnoreCase(artifact.appName()) && !other.source.equals(source)) {
                    throw new AppDeploymentException(Reason.CONFLICT, "function app " + artifact.appName()
                            + " is already deployed from " + other.source + "; remove it there first (e.g. delete "
                            + "the jar from the deploy folder) or publish under another Fnhost-FunctionApp name",
                            null, null, other.source, null);
                }
            }
            boolean unchanged = deployer.isCurrent(source, bundle);
            Bundle deployed;
            try {
                deployed = deployer.deploy(source, bundle, this::checkFunctions);
            } catch (FunctionErrors e) {
                throw e.refusal;
            } catch (DeployException e) {
                throw refusal(artifact, e);
            }
            AppDeploymentDTO dto = dto(source, deployed);
            dto.unchanged = unchanged;
            return dto;
        }
    }

    @Override
    public boolean undeploy(String source) {
        synchronized (deployer) {
            boolean deployed = deployer.isDeployed(source);
            deployer.undeploy(source);
            return deployed;
        }
    }

    @Override
    public List<AppDeploymentDTO> deployments() {
        List<AppDeploymentDTO> result = new ArrayList<>();
        for (String source : deployer.sources()) {
            List<Bundle> bundles = deployer.bundles(source);
            if (!bundles.isEmpty()) {
                result.add(dto(source, bundles.get(bundles.size() - 1)));
            }
        }
        return result;
    }

    /** The started version must have functions and none of them in error. */
    private void checkFunctions(Bundle started) throws DeployException {
        List<FunctionDTO> functions = functionsOf(started.getBundleId());
        List<FunctionDTO> failed = functions.stream().filter(f -> f.state == FunctionState.ERROR).toList();
        String app = started.getHeaders().get(AppArtifact.HEADER) + " " + started.getVersion();
        if (!failed.isEmpty()) {
            StringBuilder message = new StringBuilder("function app ").append(app).append(" has functions in error: ");
            for (FunctionDTO f : failed) {
                message.append(f.name).append(" (").append(f.stateMessage).append("); ");
            }
            message.append("fix them and publish again. The running version is unchanged");
            throw new FunctionErrors(new AppDeploymentException(Reason.FUNCTION_ERRORS, message.toString(), null,
                    failed, null, null));
        }
        if (functions.isEmpty()) {
            String hostError = runtime.hostStatus().errors.stream()
                    .filter(e -> e.contains("(bundle " + started.getBundleId() + ")")).findFirst().orElse(null);
            String message = hostError != null ? hostError + ". The running version is unchanged"
                    : "function app " + app + " has no functions: no public method of its own classes carries "
                            + "@FunctionName. Put the function classes in the bundle itself (not in an embedded jar) "
                            + "and publish again. The running version is unchanged";
            throw new FunctionErrors(new AppDeploymentException(Reason.FUNCTION_ERRORS, message));
        }
    }

    private List<FunctionDTO> functionsOf(long bundleId) {
        return runtime.functions().stream().filter(f -> f.bundleId == bundleId).toList();
    }

    private AppDeploymentDTO dto(String source, Bundle bundle) {
        AppDeploymentDTO dto = new AppDeploymentDTO();
        dto.source = source;
        String app = bundle.getHeaders().get(AppArtifact.HEADER);
        dto.app = app == null ? null : app.trim();
        dto.symbolicName = bundle.getSymbolicName();
        dto.version = bundle.getVersion().toString();
        dto.sha256Prefix = AppDeployer.sha256Prefix(bundle);
        dto.bundleId = bundle.getBundleId();
        dto.functions = new ArrayList<>(functionsOf(bundle.getBundleId()));
        return dto;
    }

    private static AppDeploymentException refusal(AppArtifact artifact, DeployException e) {
        if (e.getCause() instanceof BundleException be && be.getType() == BundleException.RESOLVE_ERROR) {
            List<String> missing = missingPackages(be.getMessage());
            String message = "function app " + artifact.appName() + " " + artifact.version() + " does not resolve"
                    + (missing.isEmpty() ? ": " + be.getMessage()
                            : ": nothing on this node exports " + String.join(", ", missing))
                    + ". Embed the libraries providing them in the app (Bundle-ClassPath, or -conditionalpackage in "
                    + "bnd), or install bundles that export them. The running version is unchanged";
            return new AppDeploymentException(Reason.UNRESOLVED, message, missing, null, null, e);
        }
        if (e.getCause() instanceof BundleException be && be.getType() == BundleException.DUPLICATE_BUNDLE_ERROR) {
            return new AppDeploymentException(Reason.DUPLICATE_VERSION, "function app " + artifact.appName() + " "
                    + artifact.version() + " (" + artifact.symbolicName() + ") already runs with different content; "
                    + "an OSGi framework holds one bundle per symbolic name and version. Give the new build another "
                    + "Bundle-Version and publish again. The running version is unchanged", null, null, null, e);
        }
        return new AppDeploymentException(Reason.INVALID_ARTIFACT, e.getMessage(), null, null, null, e);
    }

    static List<String> missingPackages(String resolverMessage) {
        Set<String> packages = new LinkedHashSet<>();
        Matcher m = MISSING_PACKAGE.matcher(resolverMessage == null ? "" : resolverMessage);
        while (m.find()) {
            packages.add(m.group(1));
        }
        return List.copyOf(packages);
    }

    /** Carries a refusal with its function list through the deployer, which only knows DeployException. */
    private static final class FunctionErrors extends DeployException {
        private static final long serialVersionUID = 1L;
        final transient AppDeploymentException refusal;

        FunctionErrors(AppDeploymentException refusal) {
            super(refusal.getMessage());
            this.refusal = refusal;
        }
    }
}
