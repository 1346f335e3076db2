package io.fnhost.management.internal.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fnhost.management.internal.admin.InMemoryAppDeployments;
import io.fnhost.management.internal.admin.InMemoryAppSettings;

class AppPublisherTest {
    private static final UploadInspector.Limits LIMITS = new UploadInspector.Limits(1000, 16L << 20, 100);

    @TempDir
    Path store;
    @TempDir
    Path uploads;

    private AppPublisher publisher(InMemoryAppDeployments deployments) {
        return new AppPublisher(deployments, new InMemoryAppSettings(), Map::of, store, LIMITS, 5, Duration.ofSeconds(5));
    }

    @Test
    void afterARestartWithAWipedCacheTheStoredCurrentVersionIsDeployedOnce() throws Exception {
        AppPublisher before = publisher(new InMemoryAppDeployments());
        before.publish(Archives.write(uploads, "v1.jar", Archives.bundle("greeter", "1.0.0")), null, null, "_master");
        before.publish(Archives.write(uploads, "v2.jar", Archives.bundle("greeter", "2.0.0")), null, null, "_master");
        before.rollback("greeter", null);
        before.close();

        // a new node process whose framework has none of the bundles
        InMemoryAppDeployments emptyNode = new InMemoryAppDeployments();
        AppPublisher after = publisher(emptyNode);
        after.deployMissing(); // whether or not the activation's own pass ran first
        after.deployMissing();

        assertThat(emptyNode.deployed("published:greeter").version).isEqualTo("1.0.0");
        assertThat(emptyNode.deployCalls()).isEqualTo(1);
        after.close();
    }

    @Test
    void whatIsInstalledAlreadyIsNotDeployedAgain() throws Exception {
        InMemoryAppDeployments node = new InMemoryAppDeployments();
        AppPublisher first = publisher(node);
        first.publish(Archives.write(uploads, "v1.jar", Archives.bundle("greeter", "1.0.0")), null, null, "_master");
        first.close();

        AppPublisher restarted = publisher(node);
        restarted.deployMissing();
        assertThat(node.deployCalls()).isEqualTo(1);
        restarted.close();
    }

    @Test
    void aBundleWhoseNameDiffersFromTheGivenNameIsRefused() throws Exception {
        AppPublisher publisher = publisher(new InMemoryAppDeployments());
        Path jar = Archives.write(uploads, "v1.jar", Archives.bundle("greeter", "1.0.0"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> publisher.publish(jar, "other", null, "_master"))
                .isInstanceOfSatisfying(AppRefusal.class, r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.detail()).contains("?name=other").contains("greeter");
                });
        publisher.close();
    }
}
