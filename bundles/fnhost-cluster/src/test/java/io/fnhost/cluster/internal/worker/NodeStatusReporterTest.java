package io.fnhost.cluster.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hazelcast.core.HazelcastInstance;

import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;
import io.fnhost.cluster.internal.StubFunctionRuntime;
import io.fnhost.cluster.internal.TestMembers;
import io.fnhost.cluster.internal.TestNodeIdentity;
import io.fnhost.cluster.internal.state.AppPlan;
import io.fnhost.cluster.internal.state.ClusterMaps;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.NodeIdentity;

class NodeStatusReporterTest {
    private static final String NODE = "blue-1";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static TestMembers cluster;
    private static HazelcastInstance member;

    @TempDir
    Path work;
    private AppReconciler reconciler;
    private NodeStatusReporter reporter;

    @BeforeAll
    static void startMember() {
        cluster = new TestMembers();
        member = cluster.start(NODE, "worker", "default", 1);
    }

    @AfterAll
    static void stopMember() {
        cluster.close();
    }

    @AfterEach
    void stop() {
        if (reporter != null) {
            reporter.close();
        }
        if (reconciler != null) {
            reconciler.close();
        }
        for (String map : List.of(ClusterMaps.PLAN, ClusterMaps.ARTIFACTS, ClusterMaps.NODES)) {
            member.getMap(map).clear();
        }
    }

    private static final NodeIdentity IDENTITY = new TestNodeIdentity(NODE, NodeIdentity.WORKER, "blue", 4);

    private static Optional<NodeDTO> entry() {
        String json = member.<String, String>getMap(ClusterMaps.NODES).get(NODE);
        return Optional.ofNullable(json).map(j -> ClusterMaps.fromJson(j, NodeDTO.class));
    }

    private static void publish(String app, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String sha = AppReconciler.sha256(bytes);
        member.<String, byte[]>getMap(ClusterMaps.ARTIFACTS).set(sha, bytes);
        AppPlan p = new AppPlan();
        p.app = app;
        p.sha256 = sha;
        p.version = "1.0.0";
        p.nodes = List.of(NODE);
        p.revision = 1;
        member.<String, String>getMap(ClusterMaps.PLAN).set(ClusterMaps.appKey(app), ClusterMaps.toJson(p));
    }

    private void startReconciler() {
        reconciler = new AppReconciler(member, NODE, true, new FakeNode().deployments, new FakeNode().appSettings, null,
                work, 60);
    }

    @Test
    void reportsWhoTheNodeIsItsLoadAndItsAppsWithTheirLiveFunctionStates() {
        publish("greeter", "greeter v1");
        startReconciler();
        reporter = new NodeStatusReporter(member, IDENTITY, 100);
        reporter.load = () -> 3;
        reporter.runtime = runtimeWith(fn("greeter", "1.0.0.", FunctionState.WAITING, "waiting for queueTrigger"));
        reporter.setReconciler(reconciler);

        await().atMost(WAIT).until(() -> entry().map(e -> e.apps.size() == 1 && e.inFlight == 3
                && NodeAppDTO.RUNNING.equals(e.apps.get(0).state)).orElse(false));
        NodeDTO e = entry().orElseThrow();
        assertThat(e.name).isEqualTo(NODE);
        assertThat(e.role).isEqualTo("worker");
        assertThat(e.group).isEqualTo("blue");
        assertThat(e.capacity).isEqualTo(4);
        assertThat(e.address).isEqualTo("127.0.0.1");
        assertThat(e.httpUrl).startsWith("http://127.0.0.1:");
        assertThat(e.joinedAt).isNotBlank();
        assertThat(e.cpuLoad).isBetween(-1.0, 1.0);
        NodeAppDTO app = e.apps.get(0);
        assertThat(app.node).isEqualTo(NODE);
        assertThat(app.app).isEqualTo("greeter");
        // The host's state now, not the one at deployment (FakeNode deploys it RUNNING).
        assertThat(app.functions).singleElement().satisfies(f -> {
            assertThat(f.state).isEqualTo(FunctionState.WAITING);
            assertThat(f.stateMessage).isEqualTo("waiting for queueTrigger");
        });
    }

    @Test
    void heartbeatsAdvanceLastHeartbeat() {
        reporter = new NodeStatusReporter(member, IDENTITY, 100);
        await().atMost(WAIT).until(() -> entry().isPresent());
        String first = entry().orElseThrow().lastHeartbeat;

        await().atMost(WAIT).until(() -> !entry().orElseThrow().lastHeartbeat.equals(first));
        assertThat(entry().orElseThrow().apps).isEmpty();
    }

    @Test
    void anAppStateChangeIsReportedAtOnceNotAtTheNextHeartbeat() {
        startReconciler();
        // A heartbeat far away: only the change can write the app in time.
        reporter = new NodeStatusReporter(member, IDENTITY, 600_000);
        reporter.setReconciler(reconciler);
        await().atMost(WAIT).until(() -> entry().isPresent());

        publish("greeter", "greeter v1");
        await().atMost(WAIT)
                .until(() -> entry().map(e -> e.apps.size() == 1 && NodeAppDTO.RUNNING.equals(e.apps.get(0).state))
                        .orElse(false));
    }

    private static FunctionDTO fn(String app, String versionPrefix, FunctionState state, String message) {
        FunctionDTO f = new FunctionDTO();
        f.app = app;
        f.appVersion = versionPrefix;
        f.name = "hello";
        f.state = state;
        f.stateMessage = message;
        return f;
    }

    /** A runtime whose functions match any version starting with the given one (FakeNode's versions end in a hash). */
    private FunctionRuntime runtimeWith(FunctionDTO template) {
        return new StubFunctionRuntime() {
            @Override
            public List<FunctionDTO> functions() {
                List<FunctionDTO> live = new java.util.ArrayList<>();
                for (NodeAppDTO s : reconciler.states()) {
                    if (s.version != null && s.version.startsWith(template.appVersion)) {
                        FunctionDTO f = fn(template.app, s.version, template.state, template.stateMessage);
                        f.bundleId = 42; // FakeNode's deployments
                        live.add(f);
                        // The version being swapped out, still draining: not what the node runs.
                        FunctionDTO old = fn(template.app, "0.9.0", FunctionState.RUNNING, null);
                        old.bundleId = 41;
                        live.add(old);
                    }
                }
                FunctionDTO other = fn("other", "9.9.9", FunctionState.RUNNING, null);
                other.bundleId = 7;
                live.add(other);
                return live;
            }
        };
    }
}
