package io.fnhost.cluster.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hazelcast.core.HazelcastInstance;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;
import io.fnhost.cluster.internal.TestMembers;
import io.fnhost.cluster.internal.plan.PlannerService;
import io.fnhost.cluster.internal.plan.PlannerServiceAccess;
import io.fnhost.cluster.internal.state.ClusterMaps;
import io.fnhost.cluster.internal.state.HazelcastFunctionCluster;
import io.fnhost.cluster.internal.timer.ClusterTimerOwnershipAccess;
import io.fnhost.cluster.internal.TestNodeIdentity;
import io.fnhost.spi.NodeIdentity;
import io.fnhost.spi.TimerOwnership;

/**
 * The worker side against the real management side, in one JVM: a management member with the
 * FunctionCluster and the planner, two worker members each with a reconciler (over a fake core), a
 * status reporter and the timer ownership.
 */
class WorkerConvergenceTest {
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

    private final class Worker {
        final String name;
        final HazelcastInstance member;
        final FakeNode core = new FakeNode();
        final TimerOwnership timers;

        Worker(String name) throws Exception {
            this.name = name;
            this.member = members.start(name, NodeIdentity.WORKER, "default", 1);
            AppReconciler reconciler = new AppReconciler(member, name, false, core.deployments, core.appSettings,
                    new WorkerBrokerConnection(core.configAdmin, "connectionTTL=5000"),
                    Files.createDirectories(dir.resolve(name)), 5);
            components.add(reconciler::close);
            NodeStatusReporter reporter = new NodeStatusReporter(member, TestNodeIdentity.of(name, NodeIdentity.WORKER), 200);
            reporter.setReconciler(reconciler);
            components.add(reporter::close);
            ClusterTimerOwnershipAccess ownership = ClusterTimerOwnershipAccess.open(member, name);
            components.add(ownership);
            this.timers = ownership.ownership();
        }
    }

    @Test
    void aPublishedAppRunsOnBothWorkersWithItsSettingsAndItsTimerMovesWhenItsOwnerDies() throws Exception {
        HazelcastInstance m1 = members.start("m1", NodeIdentity.MANAGEMENT, "default", 1);
        HazelcastFunctionCluster management = new HazelcastFunctionCluster(m1);
        components.add(management::close);
        PlannerService planner = new PlannerService(m1, TestNodeIdentity.of("m1", NodeIdentity.MANAGEMENT));
        components.add(() -> closeQuietly(planner));
        // What the leader publishes from its BrokerEndpoint.
        m1.<String, String>getMap(ClusterMaps.BROKER).set(ClusterMaps.BROKER_URL, "tcp://127.0.0.1:61616");
        Worker w1 = new Worker("w1");
        Worker w2 = new Worker("w2");

        Path jar = dir.resolve("reports-1.0.0.jar");
        Files.writeString(jar, "reports 1.0.0", StandardCharsets.UTF_8);
        ClusterAppDTO app = new ClusterAppDTO();
        app.name = "Reports";
        app.version = "1.0.0";
        app.timerFunctions.add("nightly");
        management.putSettings("Reports", Map.of("Region", "north"));
        ClusterAppDTO stored = management.putApp(app, jar);

        List<NodeAppDTO> states = management.converged("Reports", stored.sha256).get(15, TimeUnit.SECONDS);
        assertThat(states).extracting(s -> s.node).containsExactly("w1", "w2");
        assertThat(states).allSatisfy(s -> {
            assertThat(s.state).isEqualTo(NodeAppDTO.RUNNING);
            assertThat(s.sha256).isEqualTo(stored.sha256);
        });
        for (Worker w : List.of(w1, w2)) {
            assertThat(w.core.log).containsExactly("config tcp://127.0.0.1:61616?connectionTTL=5000", "settings Reports",
                    "deploy published:Reports " + stored.sha256.substring(0, 16));
            assertThat(w.core.settings.get("reports")).containsEntry("Region", "north");
        }
        assertThat(management.nodes()).filteredOn(n -> n.name.startsWith("w")).allSatisfy(n -> {
            assertThat(n.state).isEqualTo(NodeDTO.UP);
            assertThat(n.lastHeartbeat).isNotNull();
            assertThat(n.apps).extracting(a -> a.state).containsExactly(NodeAppDTO.RUNNING);
        });

        // Exactly one worker runs the timer.
        await().atMost(Duration.ofSeconds(15)).until(() -> w1.timers.owns("reports", "nightly")
                != w2.timers.owns("reports", "nightly"));
        Worker owner = w1.timers.owns("reports", "nightly") ? w1 : w2;
        Worker other = owner == w1 ? w2 : w1;
        CountDownLatch told = new CountDownLatch(1);
        other.timers.watch("Reports", "nightly", told::countDown);

        owner.member.getLifecycleService().terminate();

        assertThat(told.await(15, TimeUnit.SECONDS)).isTrue();
        assertThat(other.timers.owns("Reports", "nightly")).isTrue();
        // the management member's copy of the plan may arrive a moment after the worker's
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(management.app("reports").orElseThrow().nodes).containsExactly(other.name));
    }

    private static void closeQuietly(PlannerService planner) {
        try {
            PlannerServiceAccess.close(planner);
        } catch (RuntimeException e) {
            // the member may be gone already
        }
    }

}
