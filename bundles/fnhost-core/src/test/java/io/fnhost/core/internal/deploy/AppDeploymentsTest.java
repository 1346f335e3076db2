package io.fnhost.core.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppDeploymentsTest {
    @Test
    void theMissingPackagesAreReadFromFelixsResolutionMessage() {
        // as Felix 7 words it (a publish of an app that needs Commons Lang and Guava)
        String message = "Unable to resolve com.example.app [121](R 121.0): missing requirement "
                + "[com.example.app [121](R 121.0)] osgi.wiring.package; (&(osgi.wiring.package=org.apache.commons.lang3)"
                + "(version>=3.12.0)(!(version>=4.0.0))) Unresolved requirements: [[com.example.app [121](R 121.0)] "
                + "osgi.wiring.package; (&(osgi.wiring.package=org.apache.commons.lang3)(version>=3.12.0)), "
                + "[com.example.app [121](R 121.0)] osgi.wiring.package; (osgi.wiring.package=com.google.common.base)]";

        assertThat(AppDeployments.missingPackages(message))
                .containsExactly("org.apache.commons.lang3", "com.google.common.base");
    }

    @Test
    void aMessageWithoutPackageRequirementsNamesNone() {
        assertThat(AppDeployments.missingPackages("Unable to resolve x: missing requirement osgi.ee")).isEmpty();
        assertThat(AppDeployments.missingPackages(null)).isEmpty();
    }
}
