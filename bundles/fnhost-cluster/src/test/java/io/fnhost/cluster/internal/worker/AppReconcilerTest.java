package io.fnhost.cluster.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hazelcast.core.HazelcastInstance;

import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.internal.state.AppPlan;
import io.fnhost.cluster.internal.TestMembers;
import io.fnhost.cluster.internal.state.ClusterMaps;

class AppReconcilerTest {
    private static final String NODE = "w1";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static TestMembers cluster;
    private static HazelcastInstance member;

    @TempDir
    Path work;
    private FakeNode fake;
    private AppReconciler reconciler;

    @BeforeAll
    static void startMember() {
        cluster = new TestMembers();
        member = cluster.start(NODE, "worker", "default", 1);
    }

    @AfterAll
    static void stopMember() {
        cluster.close();
    }

    @BeforeEach
    void fakeNode() {
        fake = new FakeNode();
    }

    @AfterEach
    void stop() {
        if (reconciler != null) {
            reconciler.close();
        }
        for (String map : List.of(ClusterMaps.PLAN, ClusterMaps.ARTIFACTS, ClusterMaps.SETTINGS, ClusterMaps.BROKER,
                ClusterMaps.APPS)) {
            member.getMap(map).clear();
        }
    }

    private AppReconciler startReconciler(boolean manages) {
        WorkerBrokerConnection broker = manages ? null
                : new WorkerBrokerConnection(fake.configAdmin, "connectionTTL=5000&reconnectAttempts=-1");
        reconciler = new AppReconciler(member, NODE, manages, fake.deployments, fake.appSettings, broker, work, 1);
        return reconciler;
    }

    /** Publishes an artifact and its plan entry the way management and the planner do. */
    private static String publish(String app, String content, long revision, String... nodes) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String sha = AppReconciler.sha256(bytes);
        member.<String, byte[]>getMap(ClusterMaps.ARTIFACTS).set(sha, bytes);
        putPlan(app, sha, revision, nodes);
        return sha;
    }

    private static void putPlan(String app, String sha, long revision, String... nodes) {
        AppPlan p = new AppPlan();
        p.app = app;
        p.sha256 = sha;
        p.version = "1.0." + revision;
        p.nodes = List.of(nodes);
        p.revision = revision;
        member.<String, String>getMap(ClusterMaps.PLAN).set(ClusterMaps.appKey(app), ClusterMaps.toJson(p));
    }

    private Optional<NodeAppDTO> state(String app) {
        return reconciler.states().stream().filter(s -> s.app.equalsIgnoreCase(app)).findFirst();
    }

    private boolean hasState(String app, String state) {
        return state(app).map(s -> s.state.equals(state)).orElse(false);
    }

    @Test
    void installsAnAssignedAppAfterWritingItsSettings() {
        member.<String, String>getMap(ClusterMaps.SETTINGS).set("greeter", "{\"Greeting\":\"hi\"}");
        String sha = publish("Greeter", "greeter v1", 1, NODE, "w2");
        startReconciler(true);

        await().atMost(WAIT).until(() -> hasState("Greeter", NodeAppDTO.RUNNING));
        assertThat(fake.log).containsExactly("settings Greeter", "deploy published:Greeter " + sha.substring(0, 16));
        assertThat(fake.settings.get("greeter")).containsEntry("Greeting", "hi");
        NodeAppDTO s = state("Greeter").orElseThrow();
        assertThat(s.node).isEqualTo(NODE);
        assertThat(s.sha256).isEqualTo(sha);
        assertThat(s.functions).extracting(f -> f.name).containsExactly("hello");
    }

    @Test
    void updatesToTheNewArtifactWhenThePlanChangesAndUninstallsWhenUnassigned() {
        String v1 = publish("greeter", "greeter v1", 1, NODE);
        startReconciler(true);
        await().atMost(WAIT).until(() -> hasState("greeter", NodeAppDTO.RUNNING));

        String v2 = publish("greeter", "greeter v2", 2, NODE);
        await().atMost(WAIT).until(() -> state("greeter").map(s -> s.sha256.equals(v2)).orElse(false));
        assertThat(fake.log).containsExactly("deploy published:greeter " + v1.substring(0, 16),
                "deploy published:greeter " + v2.substring(0, 16));
        assertThat(fake.deployed.get("published:greeter").sha256Prefix).isEqualTo(v2.substring(0, 16));

        putPlan("greeter", v2, 3, "w2");
        await().atMost(WAIT).until(() -> !fake.deployed.containsKey("published:greeter"));
        assertThat(fake.log).last().isEqualTo("undeploy published:greeter");
        await().atMost(WAIT).until(() -> state("greeter").isEmpty());
    }

    @Test
    void uninstallsAnAppRemovedFromThePlan() {
        publish("greeter", "greeter v1", 1, NODE);
        startReconciler(true);
        await().atMost(WAIT).until(() -> hasState("greeter", NodeAppDTO.RUNNING));

        member.getMap(ClusterMaps.PLAN).remove("greeter");
        await().atMost(WAIT).until(() -> !fake.deployed.containsKey("published:greeter"));
    }

    @Test
    void aMismatchedArtifactFailsWithTheReasonAndIsRetried() {
        byte[] wrong = "tampered".getBytes(StandardCharsets.UTF_8);
        byte[] right = "greeter v1".getBytes(StandardCharsets.UTF_8);
        String sha = AppReconciler.sha256(right);
        member.<String, byte[]>getMap(ClusterMaps.ARTIFACTS).set(sha, wrong);
        putPlan("greeter", sha, 1, NODE);
        startReconciler(true);

        await().atMost(WAIT).until(() -> hasState("greeter", NodeAppDTO.FAILED));
        assertThat(state("greeter").orElseThrow().message).contains("SHA-256 " + AppReconciler.sha256(wrong))
                .contains("expects " + sha);
        assertThat(fake.log).noneMatch(l -> l.startsWith("deploy"));

        // The next periodic pass fetches again.
        member.<String, byte[]>getMap(ClusterMaps.ARTIFACTS).set(sha, right);
        await().atMost(WAIT).until(() -> hasState("greeter", NodeAppDTO.RUNNING));
        assertThat(fake.log).containsExactly("deploy published:greeter " + sha.substring(0, 16));
    }

    @Test
    void aMissingArtifactFailsWithTheReason() {
        putPlan("greeter", AppReconciler.sha256(new byte[] { 1 }), 1, NODE);
        startReconciler(true);

        await().atMost(WAIT).until(() -> hasState("greeter", NodeAppDTO.FAILED));
        assertThat(state("greeter").orElseThrow().message).contains("not in the cluster's store");
    }

    @Test
    void aRefusedAppDoesNotHoldUpTheOthers() {
        fake.refusing.add("published:aaa");
        publish("aaa", "broken app", 1, NODE);
        String good = publish("zzz", "good app", 1, NODE);
        startReconciler(true);

        await().atMost(WAIT).until(() -> hasState("zzz", NodeAppDTO.RUNNING) && hasState("aaa", NodeAppDTO.FAILED));
        assertThat(state("aaa").orElseThrow().message).contains("FUNCTION_ERRORS").contains("function broken");
        assertThat(fake.deployed.get("published:zzz").sha256Prefix).isEqualTo(good.substring(0, 16));
    }

    @Test
    void aRefusedDeploymentIsNotRepeatedEveryPassButRetriedWhenThePlanChanges() throws Exception {
        fake.refusing.add("published:greeter");
        publish("greeter", "greeter v1", 1, NODE);
        startReconciler(true);
        await().atMost(WAIT).until(() -> hasState("greeter", NodeAppDTO.FAILED));

        reconciler.passNow().get();
        reconciler.passNow().get();
        assertThat(fake.log).filteredOn(l -> l.startsWith("deploy")).hasSize(1);

        fake.refusing.clear();
        String fixed = publish("greeter", "greeter v2", 2, NODE);
        await().atMost(WAIT).until(() -> hasState("greeter", NodeAppDTO.RUNNING));
        assertThat(fake.log).last().isEqualTo("deploy published:greeter " + fixed.substring(0, 16));
    }

    @Test
    void aRestartedWorkerFindsItsDeploymentCurrentAndReinstallsNothing() {
        String sha = publish("greeter", "greeter v1", 1, NODE);
        fake.deployed.put("published:greeter", FakeNode.deployment("published:greeter", sha));
        startReconciler(true);

        await().atMost(WAIT).until(() -> hasState("greeter", NodeAppDTO.RUNNING));
        assertThat(fake.log).isEmpty();
    }

    @Test
    void neverTouchesAppsFromTheDeployFolder() {
        String sha = publish("other", "other app", 1, "w2");
        fake.deployed.put("file:/opt/fnhost/deploy/local.jar", FakeNode.deployment("file:/opt/fnhost/deploy/local.jar", sha));
        startReconciler(false);
        // A pass that had work to do (an unassigned published app) proves the deploy-folder app was seen too.
        fake.deployed.put("published:gone", FakeNode.deployment("published:gone", sha));

        await().atMost(WAIT).until(() -> !fake.deployed.containsKey("published:gone"));
        assertThat(fake.deployed).containsKey("file:/opt/fnhost/deploy/local.jar");
        assertThat(fake.log).containsExactly("undeploy published:gone");
    }

    @Test
    void settingsChangedInTheClusterAreAppliedToARunningAppWithoutRedeploying() {
        member.<String, String>getMap(ClusterMaps.SETTINGS).set("greeter", "{\"Greeting\":\"hi\"}");
        publish("greeter", "greeter v1", 1, NODE);
        startReconciler(true);
        await().atMost(WAIT).until(() -> hasState("greeter", NodeAppDTO.RUNNING));

        member.<String, String>getMap(ClusterMaps.SETTINGS).set("greeter", "{\"Greeting\":\"hello\"}");
        await().atMost(WAIT).until(() -> "hello".equals(fake.settings.get("greeter").get("Greeting")));
        assertThat(fake.log).filteredOn(l -> l.startsWith("deploy")).hasSize(1);
    }

    @Test
    void aWorkerOnlyNodeWaitsForTheBrokerAndSetsTheDefaultConnectionBeforeInstalling() {
        String sha = publish("orders", "orders v1", 1, NODE);
        startReconciler(false);

        await().atMost(WAIT).until(() -> hasState("orders", NodeAppDTO.PENDING));
        assertThat(state("orders").orElseThrow().message).contains("fnhost.broker");
        assertThat(fake.log).isEmpty();

        member.<String, String>getMap(ClusterMaps.BROKER).set(ClusterMaps.BROKER_URL, "tcp://127.0.0.1:61616");
        await().atMost(WAIT).until(() -> hasState("orders", NodeAppDTO.RUNNING));
        assertThat(fake.log).containsExactly("config tcp://127.0.0.1:61616?connectionTTL=5000&reconnectAttempts=-1",
                "deploy published:orders " + sha.substring(0, 16));
        assertThat(fake.nodeServices).containsEntry(WorkerBrokerConnection.WRITTEN_FROM_PROPERTY, "tcp://127.0.0.1:61616");
    }

    @Test
    void aStandaloneNodeDoesNotFightItsOwnPublishEndpoint() throws Exception {
        String v1 = publish("greeter", "greeter v1", 1, NODE);
        startReconciler(true);
        await().atMost(WAIT).until(() -> hasState("greeter", NodeAppDTO.RUNNING));
        // The publish endpoint deploys v2 locally before the plan names it.
        String v2 = AppReconciler.sha256("greeter v2".getBytes(StandardCharsets.UTF_8));
        fake.deployed.put("published:greeter", FakeNode.deployment("published:greeter", v2));
        reconciler.passNow().get();

        assertThat(fake.deployed.get("published:greeter").sha256Prefix).isEqualTo(v2.substring(0, 16));
        assertThat(fake.log).containsExactly("deploy published:greeter " + v1.substring(0, 16));
        assertThat(Map.copyOf(fake.deployed)).hasSize(1);
    }
}
