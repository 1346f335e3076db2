package io.fnhost.itests.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/** The framework the other tests rely on: the core is active, the API bundle exports what apps import. */
@ExtendWith(BundleContextExtension.class)
class FrameworkSetupTest {

    @InjectBundleContext
    BundleContext context;

    @Test
    void apiBundleIsActiveAndExportsTheAzurePackagesAtTheirReleasedVersions() {
        Bundle api = bundle("io.fnhost.api");
        assertThat(api.getState()).as("state of io.fnhost.api").isEqualTo(Bundle.ACTIVE);
        assertThat(exportedVersion(api, "com.microsoft.azure.functions")).isEqualTo(new Version(1, 3, 0));
        assertThat(exportedVersion(api, "com.microsoft.azure.functions.annotation")).isEqualTo(new Version(3, 2, 3));
        assertThat(exportedVersion(api, "io.fnhost.spi")).isEqualTo(new Version(1, 5, 0));
    }

    @Test
    void coreBundleIsActive() {
        assertThat(bundle("io.fnhost.core").getState()).as("state of io.fnhost.core").isEqualTo(Bundle.ACTIVE);
    }

    Bundle bundle(String symbolicName) {
        Optional<Bundle> found = Arrays.stream(context.getBundles())
            .filter(b -> symbolicName.equals(b.getSymbolicName()))
            .findFirst();
        assertThat(found).as("bundle %s installed", symbolicName).isPresent();
        return found.get();
    }

    static Version exportedVersion(Bundle bundle, String packageName) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        assertThat(wiring).as("wiring of %s", bundle.getSymbolicName()).isNotNull();
        return wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE).stream()
            .filter(c -> packageName.equals(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)))
            .map(BundleCapability::getAttributes)
            .map(a -> (Version) a.get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE))
            .findFirst()
            .orElseThrow(() -> new AssertionError(bundle.getSymbolicName() + " does not export " + packageName));
    }
}
