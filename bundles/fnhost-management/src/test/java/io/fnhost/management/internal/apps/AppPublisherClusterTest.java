package io.fnhost.management.internal.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.management.internal.admin.InMemoryAppDeployments;
import io.fnhost.management.internal.admin.InMemoryAppSettings;
import io.fnhost.management.internal.admin.InMemoryFunctionCluster;
import io.fnhost.management.internal.apps.AppPublisher.Published;

/** The publisher in a cluster: what it puts there, how long it waits, and how the store wins after an absence. */
class AppPublisherClusterTest {
    private static final UploadInspector.Limits LIMITS = new UploadInspector.Limits(1000, 16L << 20, 100);
    private static final Duration CONVERGE_WAIT = Duration.ofMillis(300);

    @TempDir
    Path store;
    @TempDir
    Path uploads;

    private final InMemoryAppDeployments deployments = new InMemoryAppDeployments();
    private final InMemoryAppSettings settings = new InMemoryAppSettings();
    private final InMemoryFunctionCluster cluster = new InMemoryFunctionCluster();
    private AppPublisher publisher;

    @BeforeEach
    void open() {
        publisher = new AppPublisher(deployments, settings, Map::of, store, LIMITS, 5, CONVERGE_WAIT);
    }

    @AfterEach
    void close() {
        publisher.close();
    }

    private Published publish(String app, String version) throws Exception {
        return publisher.publish(Archives.write(uploads, app + "-" + version + ".jar", Archives.bundle(app, version)),
                null, null, "_master");
    }

    @Test
    void aPublishedVersionIsPutWithItsTimerFunctionsAndSettingsAndAnswersWithTheNodes() throws Exception {
        deployments.addTimerFunction("tick");
        deployments.addTimerFunction("cleanup");
        publisher.bindCluster(cluster);
        settings.replace("greeter", Map.of("Greeting", "Hi"));

        Published published = publish("greeter", "1.0.0");

        ClusterAppDTO put = cluster.puts.poll(10, TimeUnit.SECONDS);
        assertThat(put.name).isEqualTo("greeter");
        assertThat(put.version).isEqualTo("1.0.0");
        assertThat(put.sha256).isEqualTo(published.version().sha256());
        assertThat(put.publishedBy).isEqualTo("_master");
        assertThat(put.timerFunctions).containsExactly("greeter-cleanup", "greeter-tick");
        assertThat(put.group).isEqualTo(ClusterAppDTO.DEFAULT_GROUP);
        assertThat(cluster.artifact(put.sha256)).isEqualTo(Archives.bundle("greeter", "1.0.0"));
        assertThat(cluster.settings("greeter")).containsExactly(Map.entry("Greeting", "Hi"));
        assertThat(published.rollout().converged()).isTrue();
        assertThat(published.rollout().nodes()).extracting(n -> n.node + "=" + n.state)
                .containsExactly("w1=RUNNING", "w2=RUNNING");
        assertThat(published.rollout().warning()).isNull();
    }

    @Test
    void aNodeThatFailsIsReportedButTheVersionIsPublished() throws Exception {
        publisher.bindCluster(cluster);
        cluster.failOn("w2", "unresolved import org.foo");

        Published published = publish("greeter", "1.0.0");

        assertThat(published.created()).isTrue();
        assertThat(published.rollout().nodes()).extracting(n -> n.state)
                .containsExactly(NodeAppDTO.RUNNING, NodeAppDTO.FAILED);
        assertThat(published.rollout().warning()).contains("failed on w2 (unresolved import org.foo)");
        assertThat(publisher.published("greeter").current()).isEqualTo(published.version().sha256());
    }

    @Test
    void theWaitForTheWorkersIsBounded() throws Exception {
        publisher.bindCluster(cluster);
        cluster.workersReport = false; // the workers never answer

        long start = System.nanoTime();
        Published published = publish("greeter", "1.0.0");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(tookMillis).isGreaterThanOrEqualTo(CONVERGE_WAIT.toMillis()).isLessThan(9_000); // the configured 300 ms, not the default 10 s
        assertThat(published.rollout().converged()).isFalse();
        assertThat(published.rollout().warning()).contains("within 300 ms").contains("GET /admin/apps/greeter");
        assertThat(cluster.app("greeter")).isPresent();
        assertThat(cluster.everyPendingConvergenceCancelled()).isTrue();
    }

    @Test
    void withoutAClusterPublishingStaysLocal() throws Exception {
        Published published = publish("greeter", "1.0.0");

        assertThat(published.rollout()).isNull();
        assertThat(publisher.cluster()).isEmpty();
    }

    @Test
    void whenTheClusterAppearsStoredAppsItLacksOrHasOlderArePutAgain() throws Exception {
        Published greeterV1 = publish("greeter", "1.0.0");
        Published greeterV2 = publish("greeter", "2.0.0");
        Published other = publish("other", "1.0.0");
        // the cluster still holds greeter 1.0.0 (published while this node was away) and nothing of "other"
        ClusterAppDTO old = new ClusterAppDTO();
        old.name = "greeter";
        old.version = "1.0.0";
        old.sha256 = greeterV1.version().sha256();
        cluster.putApp(old, uploads.resolve("greeter-1.0.0.jar"));
        cluster.puts.clear();

        publisher.bindCluster(cluster);

        ClusterAppDTO first = cluster.puts.poll(10, TimeUnit.SECONDS);
        ClusterAppDTO second = cluster.puts.poll(10, TimeUnit.SECONDS);
        assertThat(first.name).isEqualTo("greeter");
        assertThat(first.sha256).isEqualTo(greeterV2.version().sha256());
        assertThat(second.name).isEqualTo("other");
        assertThat(second.sha256).isEqualTo(other.version().sha256());
    }

    @Test
    void appsTheClusterHasCurrentAreNotPutAgainButTheirSettingsAreSynced() throws Exception {
        publish("greeter", "1.0.0");
        publisher.bindCluster(cluster);
        publisher.putMissingIntoCluster(); // the bind's own pass may run before or after: both find nothing to put
        assertThat(cluster.puts.poll(10, TimeUnit.SECONDS)).isNotNull();
        cluster.puts.clear();
        settings.replace("greeter", Map.of("Mode", "local-change"));

        publisher.putMissingIntoCluster();

        assertThat(cluster.puts).isEmpty();
        assertThat(cluster.settings("greeter")).containsExactly(Map.entry("Mode", "local-change"));
    }

    @Test
    void anAppTheClusterLostIsPutBackByTheNextPass() throws Exception {
        publisher.bindCluster(cluster);
        Published published = publish("greeter", "1.0.0");
        publisher.putMissingIntoCluster();
        cluster.puts.clear();
        cluster.removeApp("greeter"); // as if the members holding its entry had all failed

        publisher.putMissingIntoCluster();

        ClusterAppDTO again = cluster.puts.poll(10, TimeUnit.SECONDS);
        assertThat(again).isNotNull();
        assertThat(again.sha256).isEqualTo(published.version().sha256());
        assertThat(cluster.app("greeter")).isPresent();
    }

    @Test
    void anAppTheClusterLostComesBackWhereItWasPlacedAlsoAfterARestart() throws Exception {
        publisher.bindCluster(cluster);
        publish("greeter", "1.0.0");
        publisher.place("greeter", "blue", 1);
        publisher.close();
        publisher = new AppPublisher(deployments, settings, Map::of, store, LIMITS, 5, CONVERGE_WAIT);
        publisher.bindCluster(cluster);

        assertLostAndPutBackWithPlacement("greeter", "blue", 1);
    }

    /** The cluster loses {@code app} (as if the members holding its entry had all failed); the next pass puts it back. */
    private void assertLostAndPutBackWithPlacement(String app, String group, int replicas) {
        cluster.removeApp(app);
        publisher.putMissingIntoCluster();

        ClusterAppDTO again = cluster.app(app).orElseThrow();
        assertThat(again.group).isEqualTo(group);
        assertThat(again.replicas).isEqualTo(replicas);
    }

    @Test
    void aPlacementSetInTheClusterDirectlyIsCopiedToTheStoreByTheNextPass() throws Exception {
        publisher.bindCluster(cluster);
        publish("greeter", "1.0.0");
        publisher.putMissingIntoCluster();
        cluster.setPlacement("greeter", "green", 2); // as fnhost:placement does

        publisher.putMissingIntoCluster();
        assertThat(cluster.app("greeter").orElseThrow().group).as("the cluster's placement is kept").isEqualTo("green");

        assertLostAndPutBackWithPlacement("greeter", "green", 2);
    }

    @Test
    void anAppDeletedWhileTheClusterWasOutOfReachIsRemovedFromItWhenItIsBackAlsoAfterARestart() throws Exception {
        publisher.bindCluster(cluster);
        publish("greeter", "1.0.0");
        publish("orders", "1.0.0");
        publisher.unbindCluster(cluster);
        publisher.delete("greeter");
        publisher.delete("orders");
        publish("orders", "2.0.0"); // published again meanwhile: stays
        assertThat(cluster.app("greeter")).as("the cluster was out of reach").isPresent();
        publisher.close();
        publisher = new AppPublisher(deployments, settings, Map::of, store, LIMITS, 5, CONVERGE_WAIT);

        publisher.bindCluster(cluster);
        publisher.putMissingIntoCluster();

        assertThat(cluster.app("greeter")).isEmpty();
        assertThat(cluster.app("orders")).get().satisfies(o -> assertThat(o.version).isEqualTo("2.0.0"));
        assertThat(new AppStore(store).pendingClusterRemovals()).as("done once").isEmpty();
    }

    @Test
    void rollbackAndDeleteGoToTheCluster() throws Exception {
        publisher.bindCluster(cluster);
        Published v1 = publish("greeter", "1.0.0");
        publish("greeter", "2.0.0");

        Published back = publisher.rollback("greeter", null);

        assertThat(cluster.app("greeter").orElseThrow().sha256).isEqualTo(v1.version().sha256());
        assertThat(back.rollout().nodes()).extracting(n -> n.version).containsOnly("1.0.0");

        publisher.delete("greeter");
        assertThat(cluster.app("greeter")).isEmpty();
    }

    @Test
    void settingsOfAPublishedAppAreReplacedClusterWide() throws Exception {
        publisher.bindCluster(cluster);
        publish("greeter", "1.0.0");

        Map<String, String> now = publisher.replaceSettings("greeter", Map.of("Greeting", "Hello"));

        assertThat(now).containsExactly(Map.entry("Greeting", "Hello"));
        assertThat(cluster.settings("greeter")).containsExactly(Map.entry("Greeting", "Hello"));
    }

    @Test
    void placementKeepsWhatIsNotGivenAndRefusesWhatIsWrong() throws Exception {
        publish("greeter", "1.0.0");
        assertThatThrownBy(() -> publisher.place("greeter", "blue", 1)).isInstanceOfSatisfying(AppRefusal.class,
                r -> assertThat(r.status()).isEqualTo(503));
        publisher.bindCluster(cluster);

        ClusterAppDTO placed = publisher.place("greeter", "blue", 2);
        assertThat(placed.group).isEqualTo("blue");
        assertThat(placed.replicas).isEqualTo(2);
        assertThat(publisher.place("greeter", null, 0).group).isEqualTo("blue");

        assertThatThrownBy(() -> publisher.place("nope", "blue", 1)).isInstanceOfSatisfying(AppRefusal.class,
                r -> assertThat(r.status()).isEqualTo(404));
        assertThatThrownBy(() -> publisher.place("greeter", " ", 1)).isInstanceOfSatisfying(AppRefusal.class,
                r -> assertThat(r.detail()).contains("group is blank"));
        assertThatThrownBy(() -> publisher.place("greeter", null, -1)).isInstanceOfSatisfying(AppRefusal.class,
                r -> assertThat(r.detail()).contains("replicas is -1"));
    }

    @Test
    void aNewVersionKeepsThePlacement() throws Exception {
        publisher.bindCluster(cluster);
        publish("greeter", "1.0.0");
        publisher.place("greeter", "blue", 1);

        publish("greeter", "2.0.0");

        ClusterAppDTO record = cluster.app("greeter").orElseThrow();
        assertThat(record.version).isEqualTo("2.0.0");
        assertThat(record.group).isEqualTo("blue");
        assertThat(record.replicas).isEqualTo(1);
    }
}
