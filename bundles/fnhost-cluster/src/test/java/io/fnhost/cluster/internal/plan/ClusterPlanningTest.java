package io.fnhost.cluster.internal.plan;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.hazelcast.core.HazelcastInstance;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;
import io.fnhost.cluster.internal.TestMembers;
import io.fnhost.cluster.internal.state.AppPlan;
import io.fnhost.cluster.internal.state.ClusterMaps;
import io.fnhost.cluster.internal.state.HazelcastFunctionCluster;
import io.fnhost.spi.BrokerEndpoint;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Real Hazelcast members in one JVM, each with the components a node of its role runs. */
class ClusterPlanningTest {
    /** A generous bound for state to reach another member (the machine is shared and slow at times). */
    private static final Duration PROPAGATION = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPlanningTest.class);

    private final TestMembers members = new TestMembers();
    private final List<AutoCloseable> components = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        for (int i = components.size() - 1; i >= 0; i--) {
            components.get(i).close();
        }
        members.close();
    }

    @Test
    void theLeaderIsTheOldestManagementMemberAndMovesWhenItLeaves() {
        HazelcastInstance w1 = members.start("w1", "worker", "default", 1);
        HazelcastInstance m1 = members.start("m1", "management", "default", 1);
        HazelcastInstance m2 = members.start("m2", "standalone", "default", 1);
        HazelcastFunctionCluster onWorker = cluster(w1);
        HazelcastFunctionCluster onM2 = cluster(m2);

        assertThat(onWorker.localNode()).isEqualTo("w1");
        assertThat(onWorker.leader()).contains("m1");
        assertThat(onM2.leader()).contains("m1");
        assertThat(onWorker.nodes()).filteredOn(n -> n.leader).extracting(n -> n.name).containsExactly("m1");

        m1.shutdown();

        await().atMost(PROPAGATION).until(onWorker::leader, Optional.of("m2")::equals);
        assertThat(onWorker.nodes()).filteredOn(n -> n.leader).extracting(n -> n.name).containsExactly("m2");
    }

    @Test
    void withoutAManagementMemberThereIsNoLeader() {
        HazelcastFunctionCluster onWorker = cluster(members.start("w1", "worker", "default", 1));

        assertThat(onWorker.leader()).isEmpty();
        assertThat(onWorker.nodes()).singleElement().satisfies(n -> {
            assertThat(n.name).isEqualTo("w1");
            assertThat(n.state).isEqualTo(NodeDTO.UP);
            assertThat(n.leader).isFalse();
            assertThat(n.address).isEqualTo("127.0.0.1");
            assertThat(n.httpUrl).startsWith("http://127.0.0.1:");
        });
    }

    @Test
    void appsPlacementAndSettingsRoundTripAcrossMembers() throws IOException {
        HazelcastInstance m1 = members.start("m1", "management", "default", 1);
        HazelcastInstance w1 = members.start("w1", "worker", "default", 1);
        HazelcastInstance w2 = members.start("w2", "worker", "blue", 1);
        HazelcastFunctionCluster management = cluster(m1);
        planner(m1);
        HazelcastFunctionCluster worker = cluster(w1);

        Path jar = artifact("orders v1");
        ClusterAppDTO stored = management.putApp(app("Orders", null, jar), jar);

        assertThat(stored.group).isEqualTo("default");
        assertThat(stored.replicas).isZero();
        assertThat(stored.size).isEqualTo(Files.size(jar));
        assertThat(stored.publishedAt).isNotNull();
        await().atMost(PROPAGATION).untilAsserted(() -> assertThat(worker.app("orders"))
                .hasValueSatisfying(a -> {
                    assertThat(a.name).isEqualTo("Orders");
                    assertThat(a.sha256).isEqualTo(stored.sha256);
                    assertThat(a.nodes).containsExactly("w1");
                    assertThat(a.timerOwners).containsExactly(Map.entry("tick", "w1"));
                }));
        assertThat(w2.<String, byte[]>getMap(ClusterMaps.ARTIFACTS).get(stored.sha256))
                .isEqualTo(Files.readAllBytes(jar));
        // the map holds the record without the plan's fields
        assertThat(m1.<String, String>getMap(ClusterMaps.APPS).get("orders")).doesNotContain("\"nodes\"")
                .doesNotContain("timerOwners");

        ClusterAppDTO placed = worker.setPlacement("ORDERS", "blue", 0);
        assertThat(placed.group).isEqualTo("blue");
        await().atMost(PROPAGATION).untilAsserted(() -> assertThat(management.app("Orders").orElseThrow().nodes)
                .containsExactly("w2"));

        // a new version without a placement keeps the app's placement
        Path jar2 = artifact("orders v2");
        ClusterAppDTO second = management.putApp(app("Orders", null, jar2), jar2);
        assertThat(second.group).isEqualTo("blue");
        await().atMost(PROPAGATION).untilAsserted(() -> assertThat(worker.app("orders").orElseThrow().sha256)
                .isEqualTo(second.sha256));

        management.putSettings("Orders", Map.of("AzureWebJobsStorage", "tcp://127.0.0.1:61616", "Greeting", "hi"));
        assertThat(worker.settings("orders")).containsExactly(Map.entry("AzureWebJobsStorage",
                "tcp://127.0.0.1:61616"), Map.entry("Greeting", "hi"));
        assertThat(worker.settings("unknown")).isEmpty();

        assertThat(worker.removeApp("orders")).isTrue();
        assertThat(worker.removeApp("orders")).isFalse();
        await().atMost(PROPAGATION).until(() -> management.apps().isEmpty()
                && m1.getMap(ClusterMaps.PLAN).isEmpty());
    }

    @Test
    void badPlacementsAndArtifactsAreRefused() throws IOException {
        HazelcastFunctionCluster management = cluster(members.start("m1", "management", "default", 1));
        Path jar = artifact("v1");
        ClusterAppDTO app = app("a", null, jar);
        app.sha256 = "00";

        assertThatThrownBy(() -> management.putApp(app, jar)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 00");
        assertThatThrownBy(() -> management.setPlacement("nope", "default", 0))
                .hasMessageContaining("no app nope");
        management.putApp(app("a", null, jar), jar);
        assertThatThrownBy(() -> management.setPlacement("a", " ", 0)).hasMessageContaining("group is blank");
        assertThatThrownBy(() -> management.setPlacement("a", "default", -1)).hasMessageContaining("replicas is -1");
    }

    @Test
    void convergedCompletesWhenEveryPlannedNodeReportsTheVersion() throws IOException {
        HazelcastInstance m1 = members.start("m1", "management", "default", 1);
        HazelcastInstance w1 = members.start("w1", "worker", "default", 1);
        HazelcastInstance w2 = members.start("w2", "worker", "default", 1);
        HazelcastFunctionCluster management = cluster(m1);
        planner(m1);

        Path jar = artifact("hello");
        ClusterAppDTO app = management.putApp(app("hello", null, jar), jar);
        CompletableFuture<List<NodeAppDTO>> converged = management.converged("Hello", app.sha256);
        await().atMost(PROPAGATION).until(() -> management.app("hello").orElseThrow().nodes.size() == 2);
        assertThat(management.appStates("hello")).extracting(s -> s.node + ":" + s.state)
                .containsExactly("w1:PENDING", "w2:PENDING");

        report(w1, "w1", "hello", app.sha256, NodeAppDTO.RUNNING);
        report(w2, "w2", "hello", "an-older-version", NodeAppDTO.RUNNING);
        await().atMost(PROPAGATION).until(() -> management.appStates("hello").get(0).state.equals("RUNNING"));
        assertThat(converged).isNotDone();

        report(w2, "w2", "hello", app.sha256, NodeAppDTO.FAILED);

        List<NodeAppDTO> states = converged.join();
        assertThat(states).extracting(s -> s.node + ":" + s.state).containsExactly("w1:RUNNING", "w2:FAILED");
        // a later call for the same version completes at once
        assertThat(management.converged("hello", app.sha256)).isCompleted();
    }

    @Test
    void convergedCompletesAtOnceWhenNoWorkerCanRunTheApp() throws IOException {
        HazelcastInstance m1 = members.start("m1", "management", "default", 1);
        HazelcastFunctionCluster management = cluster(m1);
        planner(m1);
        Path jar = artifact("lonely");
        ClusterAppDTO app = management.putApp(app("lonely", null, jar), jar);

        CompletableFuture<List<NodeAppDTO>> converged = management.converged("lonely", app.sha256);

        assertThat(converged.completeOnTimeout(null, PROPAGATION.toSeconds(), SECONDS).join()).isEmpty();
    }

    @Test
    void aWorkerThatShutsDownIsReplanned() throws IOException {
        replannedWhenAWorkerLeaves("shutdown", HazelcastInstance::shutdown);
    }

    @Test
    void aWorkerThatCrashesIsReplanned() throws IOException {
        replannedWhenAWorkerLeaves("terminate", w -> w.getLifecycleService().terminate());
    }

    private void replannedWhenAWorkerLeaves(String how, Consumer<HazelcastInstance> leave) throws IOException {
        HazelcastInstance m1 = members.start("m1", "management", "default", 1);
        HazelcastInstance w1 = members.start("w1", "worker", "default", 1);
        members.start("w2", "worker", "default", 1);
        HazelcastFunctionCluster management = cluster(m1);
        planner(m1);
        Path jar = artifact("timers");
        ClusterAppDTO app = app("timers", "default", jar);
        app.replicas = 1;
        management.putApp(app, jar);
        await().atMost(PROPAGATION).until(() -> management.app("timers").orElseThrow().nodes.equals(List.of("w1")));
        AppPlan before = plan(m1, "timers");
        assertThat(before.timerOwners).containsEntry("tick", "w1");

        long left = System.nanoTime();
        leave.accept(w1);
        // (the 5 s bound is checked end to end by ClusterIT; a unit test only logs the time)
        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(20))
                .until(() -> plan(m1, "timers").nodes.equals(List.of("w2")));
        long millis = (System.nanoTime() - left) / 1_000_000;

        AppPlan after = plan(m1, "timers");
        assertThat(after.timerOwners).containsEntry("tick", "w2");
        assertThat(after.revision).isEqualTo(before.revision + 1);
        LOG.info("Re-planned {} ms after w1 left ({})", millis, how);
    }

    @Test
    void aDepartedNodeIsListedAsLeftWithItsLastStatus() throws IOException {
        HazelcastInstance m1 = members.start("m1", "management", "default", 1);
        HazelcastInstance w1 = members.start("w1", "worker", "blue", 3);
        HazelcastFunctionCluster management = cluster(m1);
        report(w1, "w1", "hello", "abc", NodeAppDTO.RUNNING);
        await().atMost(PROPAGATION).until(() -> management.nodes().stream()
                .anyMatch(n -> n.name.equals("w1") && n.lastHeartbeat != null));
        NodeDTO up = management.nodes().stream().filter(n -> n.name.equals("w1")).findFirst().orElseThrow();
        assertThat(up.state).isEqualTo(NodeDTO.UP);
        assertThat(up.group).isEqualTo("blue");
        assertThat(up.capacity).isEqualTo(3);
        assertThat(up.inFlight).isEqualTo(2);
        assertThat(up.apps).extracting(a -> a.app + ":" + a.state).containsExactly("hello:RUNNING");

        w1.getLifecycleService().terminate();

        await().atMost(PROPAGATION).until(() -> management.nodes().stream()
                .anyMatch(n -> n.name.equals("w1") && n.state.equals(NodeDTO.LEFT)));
        assertThat(management.nodes()).extracting(n -> n.name + ":" + n.state).containsExactly("m1:UP", "w1:LEFT");
    }

    @Test
    void theLeaderForgetsNodesGoneForTenMinutesAndPublishesItsBroker() {
        HazelcastInstance m1 = members.start("m1", "management", "default", 1);
        String longAgo = Instant.now().minus(Duration.ofMinutes(11)).toString();
        m1.<String, String>getMap(ClusterMaps.NODES).set("gone", "{\"name\":\"gone\",\"lastHeartbeat\":\"" + longAgo
                + "\"}");
        m1.<String, String>getMap(ClusterMaps.NODES).set("recent", "{\"name\":\"recent\",\"lastHeartbeat\":\""
                + Instant.now() + "\"}");
        PlannerService planner = planner(m1);
        BrokerEndpoint broker = () -> "tcp://127.0.0.1:61616";

        planner.bindBroker(broker);

        await().atMost(PROPAGATION).until(() -> "tcp://127.0.0.1:61616".equals(
                m1.getMap(ClusterMaps.BROKER).get(ClusterMaps.BROKER_URL)));
        await().atMost(PROPAGATION).until(() -> !m1.getMap(ClusterMaps.NODES).containsKey("gone"));
        assertThat(m1.getMap(ClusterMaps.NODES).containsKey("recent")).isTrue();
    }

    @Test
    void theNextManagementMemberTakesOverPlanningWhenTheLeaderLeaves() throws IOException {
        HazelcastInstance m1 = members.start("m1", "management", "default", 1);
        HazelcastInstance m2 = members.start("m2", "management", "default", 1);
        HazelcastInstance w1 = members.start("w1", "worker", "default", 1);
        members.start("w2", "worker", "default", 1);
        HazelcastFunctionCluster onM2 = cluster(m2);
        planner(m1);
        planner(m2);
        Path jar = artifact("single");
        ClusterAppDTO app = app("single", "default", jar);
        app.replicas = 1;
        onM2.putApp(app, jar);
        await().atMost(PROPAGATION).until(() -> onM2.app("single").orElseThrow().nodes.equals(List.of("w1")));

        m1.getLifecycleService().terminate();
        await().atMost(PROPAGATION).until(onM2::leader, Optional.of("m2")::equals);
        // the partitions m1 owned have moved (else m2's first writes wait for the migration)
        await().atMost(PROPAGATION).until(() -> m2.getPartitionService().isClusterSafe());
        w1.getLifecycleService().terminate();

        await().atMost(PROPAGATION).until(() -> plan(m2, "single").nodes.equals(List.of("w2")));
        assertThat(plan(m2, "single").timerOwners).containsEntry("tick", "w2");
    }

    @Test
    void theLeaderDeletesArtifactsNoAppRefersTo() throws IOException {
        HazelcastInstance m1 = members.start("m1", "management", "default", 1);
        HazelcastFunctionCluster management = cluster(m1);
        planner(m1);
        Path v1 = artifact("v1");
        Path v2 = artifact("v2");
        String sha1 = management.putApp(app("a", null, v1), v1).sha256;
        String sha2 = management.putApp(app("a", null, v2), v2).sha256;

        await().atMost(PROPAGATION).until(() -> !m1.getMap(ClusterMaps.ARTIFACTS).containsKey(sha1));
        assertThat(m1.getMap(ClusterMaps.ARTIFACTS).containsKey(sha2)).isTrue();

        management.removeApp("a");
        await().atMost(PROPAGATION).until(() -> m1.getMap(ClusterMaps.ARTIFACTS).isEmpty());
    }

    private HazelcastFunctionCluster cluster(HazelcastInstance member) {
        HazelcastFunctionCluster cluster = new HazelcastFunctionCluster(member);
        components.add(cluster::close);
        return cluster;
    }

    private PlannerService planner(HazelcastInstance member) {
        PlannerService planner = new PlannerService(member, Clock.systemUTC(), Duration.ofMillis(500));
        components.add(planner::close);
        return planner;
    }

    private static AppPlan plan(HazelcastInstance member, String app) {
        String json = member.<String, String>getMap(ClusterMaps.PLAN).get(app);
        return json == null ? new AppPlan() : ClusterMaps.fromJson(json, AppPlan.class);
    }

    /** What a worker's status reporter writes about itself. */
    private static void report(HazelcastInstance worker, String node, String app, String sha256, String state) {
        NodeDTO status = new NodeDTO();
        status.name = node;
        status.role = "worker";
        status.lastHeartbeat = Instant.now().toString();
        status.inFlight = 2;
        NodeAppDTO reported = new NodeAppDTO();
        reported.node = node;
        reported.app = app;
        reported.sha256 = sha256;
        reported.state = state;
        status.apps.add(reported);
        worker.<String, String>getMap(ClusterMaps.NODES).set(node, ClusterMaps.toJson(status));
    }

    private Path artifact(String content) throws IOException {
        Path file = Files.createTempFile(dir, "app", ".jar");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static ClusterAppDTO app(String name, String group, Path jar) {
        ClusterAppDTO app = new ClusterAppDTO();
        app.name = name;
        app.version = "1.0.0";
        app.group = group;
        app.timerFunctions.add("tick");
        app.publishedBy = "test";
        return app;
    }
}
