package io.fnhost.cluster.internal.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.hazelcast.core.HazelcastInstance;

import io.fnhost.cluster.internal.state.AppPlan;
import io.fnhost.cluster.internal.state.ClusterMaps;
import io.fnhost.cluster.internal.TestMembers;
import io.fnhost.spi.TimerOwnership;

/** Two real members: the plan is written on one (as the leader does), ownership is asked on both. */
class ClusterTimerOwnershipTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static TestMembers cluster;
    private static HazelcastInstance leader;
    private static HazelcastInstance worker;

    private ClusterTimerOwnership onW1;
    private ClusterTimerOwnership onW2;

    @BeforeAll
    static void startMembers() {
        cluster = new TestMembers();
        leader = cluster.start("w1", "worker", "default", 1);
        worker = cluster.start("w2", "worker", "default", 1);
        await().atMost(WAIT).until(() -> worker.getCluster().getMembers().size() == 2);
    }

    @AfterAll
    static void stopMembers() {
        cluster.close();
    }

    @AfterEach
    void stop() {
        if (onW1 != null) {
            onW1.close();
        }
        if (onW2 != null) {
            onW2.close();
        }
        leader.getMap(ClusterMaps.PLAN).clear();
    }

    private static void plan(String app, long revision, Map<String, String> timerOwners) {
        AppPlan p = new AppPlan();
        p.app = app;
        p.sha256 = "ab";
        p.version = "1.0.0";
        p.nodes = List.of("w1", "w2");
        p.timerOwners = new java.util.LinkedHashMap<>(timerOwners);
        p.revision = revision;
        leader.<String, String>getMap(ClusterMaps.PLAN).set(ClusterMaps.appKey(app), ClusterMaps.toJson(p));
    }

    @Test
    void exactlyThePlannedOwnerOwnsATimerAndOwnershipMovesWithThePlan() throws InterruptedException {
        plan("Reports", 1, Map.of("nightly", "w1"));
        onW1 = new ClusterTimerOwnership(leader, "w1");
        onW2 = new ClusterTimerOwnership(worker, "w2");
        assertThat(onW1.owns("reports", "Nightly")).isTrue();
        assertThat(onW2.owns("reports", "Nightly")).isFalse();

        CountDownLatch w2Told = new CountDownLatch(1);
        CountDownLatch w1Told = new CountDownLatch(1);
        onW2.watch("Reports", "nightly", w2Told::countDown);
        onW1.watch("Reports", "nightly", w1Told::countDown);
        plan("Reports", 2, Map.of("nightly", "w2"));

        // (how fast ownership moves between nodes is measured end to end by ClusterIT, not asserted here)
        assertThat(w2Told.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(w1Told.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(onW2.owns("Reports", "nightly")).isTrue();
        assertThat(onW1.owns("Reports", "nightly")).isFalse();
    }

    @Test
    void aChangeThatKeepsTheOwnerNotifiesNobodyAndAClosedWatchIsSilent() throws InterruptedException {
        plan("reports", 1, Map.of("nightly", "w1", "hourly", "w1"));
        onW2 = new ClusterTimerOwnership(worker, "w2");
        AtomicInteger nightlyCalls = new AtomicInteger();
        AtomicInteger closedCalls = new AtomicInteger();
        CountDownLatch hourlyMoved = new CountDownLatch(1);
        onW2.watch("reports", "nightly", nightlyCalls::incrementAndGet);
        onW2.watch("reports", "hourly", closedCalls::incrementAndGet).close();
        TimerOwnership.Watch hourly = onW2.watch("reports", "hourly", hourlyMoved::countDown);

        plan("reports", 2, Map.of("nightly", "w1", "hourly", "w2"));

        // Both watches of the app are handled for the same event: once hourly heard, nightly would have too.
        assertThat(hourlyMoved.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(nightlyCalls).hasValue(0);
        assertThat(closedCalls).hasValue(0);
        hourly.close();
    }

    @Test
    void appsWithoutAPlanAreThisNodesAndPlannedTimersWithoutAnOwnerRunNowhere() {
        plan("reports", 1, Map.of("nightly", "w1"));
        onW2 = new ClusterTimerOwnership(worker, "w2");

        assertThat(onW2.owns("deploy-folder-app", "cleanup")).isTrue();
        assertThat(onW2.owns("reports", "added-in-a-new-version")).isFalse();
    }

    @Test
    void anAppRemovedFromThePlanRunsItsTimersNowhereWhileItIsUninstalled() throws InterruptedException {
        plan("reports", 1, Map.of("nightly", "w1"));
        onW1 = new ClusterTimerOwnership(leader, "w1");
        onW2 = new ClusterTimerOwnership(worker, "w2");
        CountDownLatch ownerTold = new CountDownLatch(1);
        onW1.watch("reports", "nightly", ownerTold::countDown);

        leader.getMap(ClusterMaps.PLAN).remove("reports");

        assertThat(ownerTold.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(onW1.owns("reports", "nightly")).isFalse();
        assertThat(onW2.owns("reports", "nightly")).isFalse();
    }
}
