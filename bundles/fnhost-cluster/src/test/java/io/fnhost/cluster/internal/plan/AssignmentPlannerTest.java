package io.fnhost.cluster.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.internal.plan.AssignmentPlanner.Worker;
import io.fnhost.cluster.internal.state.AppPlan;

import org.junit.jupiter.api.Test;

class AssignmentPlannerTest {
    private static final Worker W1 = new Worker("w1", "default", 1);
    private static final Worker W2 = new Worker("w2", "default", 1);
    private static final Worker W3 = new Worker("w3", "default", 1);
    private static final Worker BLUE = new Worker("b1", "blue", 1);

    @Test
    void replicasZeroRunsOnEveryWorkerOfTheGroupOnly() {
        Map<String, AppPlan> plan = AssignmentPlanner.plan(List.of(app("Orders", "default", 0)),
                List.of(W2, BLUE, W1), Map.of());

        AppPlan orders = plan.get("orders");
        assertThat(orders.app).isEqualTo("Orders");
        assertThat(orders.sha256).isEqualTo("sha-Orders");
        assertThat(orders.version).isEqualTo("1.0.0");
        assertThat(orders.nodes).containsExactly("w1", "w2");
        assertThat(orders.revision).isEqualTo(1);
    }

    @Test
    void anAppOfAnotherGroupRunsOnlyThere() {
        Map<String, AppPlan> plan = AssignmentPlanner.plan(List.of(app("a", "blue", 0), app("b", "blue", 5)),
                List.of(W1, BLUE), Map.of());

        assertThat(plan.get("a").nodes).containsExactly("b1");
        assertThat(plan.get("b").nodes).containsExactly("b1");
    }

    @Test
    void noWorkerInTheGroupGivesNoNodesAndNoTimerOwners() {
        ClusterAppDTO app = app("a", "green", 0);
        app.timerFunctions.add("tick");
        Map<String, AppPlan> plan = AssignmentPlanner.plan(List.of(app), List.of(W1, BLUE), Map.of());

        assertThat(plan.get("a").nodes).isEmpty();
        assertThat(plan.get("a").timerOwners).isEmpty();
        assertThat(AssignmentPlanner.plan(List.of(app("b", "default", 2)), List.of(), Map.of()).get("b").nodes)
                .isEmpty();
    }

    @Test
    void replicasGoToTheLeastLoadedWorkersByCapacity() {
        Worker big = new Worker("w9", "default", 4);
        // a, b, c run everywhere: w1 and w2 carry 3 apps each (load 3), w9 3 apps at capacity 4 (0.75)
        List<ClusterAppDTO> apps = new ArrayList<>(List.of(app("a", "default", 0), app("b", "default", 0),
                app("c", "default", 0), app("d", "default", 1), app("e", "default", 2)));
        Map<String, AppPlan> plan = AssignmentPlanner.plan(apps, List.of(W1, W2, big), Map.of());

        assertThat(plan.get("d").nodes).containsExactly("w9");
        // after d, w9 is at 1.0 and w1/w2 at 3.0: e takes w9 then w1 (name breaks the tie)
        assertThat(plan.get("e").nodes).containsExactly("w1", "w9");
    }

    @Test
    void replicasSpreadOverEqualWorkers() {
        Map<String, AppPlan> plan = AssignmentPlanner.plan(
                List.of(app("a", "default", 1), app("b", "default", 1), app("c", "default", 1)),
                List.of(W1, W2, W3), Map.of());

        assertThat(List.of(plan.get("a").nodes, plan.get("b").nodes, plan.get("c").nodes))
                .containsExactly(List.of("w1"), List.of("w2"), List.of("w3"));
    }

    @Test
    void moreReplicasThanWorkersRunsOnAllOfThem() {
        Map<String, AppPlan> plan = AssignmentPlanner.plan(List.of(app("a", "default", 5)), List.of(W1, W2), Map.of());

        assertThat(plan.get("a").nodes).containsExactly("w1", "w2");
    }

    @Test
    void aPlacedAppStaysWhereItRunsWhenAWorkerJoins() {
        ClusterAppDTO a = app("a", "default", 1);
        Map<String, AppPlan> first = AssignmentPlanner.plan(List.of(a), List.of(W2, W3), Map.of());
        assertThat(first.get("a").nodes).containsExactly("w2");

        // w1 joins: it is emptier by name order, but the app does not move, and the entry is unchanged
        Map<String, AppPlan> second = AssignmentPlanner.plan(List.of(a), List.of(W1, W2, W3), first);
        assertThat(second.get("a").nodes).containsExactly("w2");
        assertThat(second.get("a")).isSameAs(first.get("a"));
        assertThat(second.get("a").revision).isEqualTo(1);
    }

    @Test
    void aDepartedWorkersReplicaMovesToAnotherAndTheRevisionGrows() {
        ClusterAppDTO a = app("a", "default", 2);
        Map<String, AppPlan> first = AssignmentPlanner.plan(List.of(a), List.of(W1, W2, W3), Map.of());
        assertThat(first.get("a").nodes).containsExactly("w1", "w2");

        Map<String, AppPlan> second = AssignmentPlanner.plan(List.of(a), List.of(W2, W3), first);
        assertThat(second.get("a").nodes).containsExactly("w2", "w3");
        assertThat(second.get("a").revision).isEqualTo(2);
    }

    @Test
    void fewerReplicasKeepPartOfTheCurrentNodes() {
        Map<String, AppPlan> first = AssignmentPlanner.plan(List.of(app("a", "default", 3)), List.of(W1, W2, W3),
                Map.of());
        Map<String, AppPlan> second = AssignmentPlanner.plan(List.of(app("a", "default", 1)), List.of(W1, W2, W3),
                first);

        assertThat(second.get("a").nodes).hasSize(1).isSubsetOf(first.get("a").nodes);
    }

    @Test
    void aTimerOwnerIsKeptWhileItStillRunsTheApp() {
        ClusterAppDTO a = app("a", "default", 0);
        a.timerFunctions.add("tick");
        Map<String, AppPlan> previous = new HashMap<>();
        AppPlan p = new AppPlan();
        p.app = "a";
        p.sha256 = a.sha256;
        p.version = a.version;
        p.nodes = new ArrayList<>(List.of("w1", "w2", "w3"));
        p.timerOwners.put("tick", "w3");
        p.revision = 7;
        previous.put("a", p);

        Map<String, AppPlan> plan = AssignmentPlanner.plan(List.of(a), List.of(W1, W2, W3), previous);

        assertThat(plan.get("a").timerOwners).containsExactly(Map.entry("tick", "w3"));
        assertThat(plan.get("a").revision).isEqualTo(7);
    }

    @Test
    void aTimerMovesWhenItsOwnerLeavesToTheNodeWithFewestOwnerships() {
        ClusterAppDTO a = app("a", "default", 0);
        a.timerFunctions.addAll(List.of("t1", "t2", "t3"));
        Map<String, AppPlan> first = AssignmentPlanner.plan(List.of(a), List.of(W1, W2, W3), Map.of());
        // spread one each, in name order
        assertThat(first.get("a").timerOwners).containsExactly(Map.entry("t1", "w1"), Map.entry("t2", "w2"),
                Map.entry("t3", "w3"));

        Map<String, AppPlan> second = AssignmentPlanner.plan(List.of(a), List.of(W2, W3), first);

        // t1 lost w1; w2 and w3 own one each: the tie goes to w2; the others stay
        assertThat(second.get("a").timerOwners).containsExactly(Map.entry("t1", "w2"), Map.entry("t2", "w2"),
                Map.entry("t3", "w3"));
        assertThat(second.get("a").revision).isEqualTo(2);
    }

    @Test
    void timerOwnershipsBalanceAcrossApps() {
        ClusterAppDTO a = app("a", "default", 0);
        a.timerFunctions.add("t");
        ClusterAppDTO b = app("b", "default", 0);
        b.timerFunctions.add("t");
        Map<String, AppPlan> plan = AssignmentPlanner.plan(List.of(b, a), List.of(W1, W2), Map.of());

        assertThat(plan.get("a").timerOwners).containsEntry("t", "w1");
        assertThat(plan.get("b").timerOwners).containsEntry("t", "w2");
    }

    @Test
    void aNewVersionIsANewRevisionOnTheSameNodes() {
        Map<String, AppPlan> first = AssignmentPlanner.plan(List.of(app("a", "default", 0)), List.of(W1), Map.of());
        ClusterAppDTO updated = app("a", "default", 0);
        updated.sha256 = "sha-2";
        updated.version = "1.0.1";

        AppPlan second = AssignmentPlanner.plan(List.of(updated), List.of(W1), first).get("a");

        assertThat(second.sha256).isEqualTo("sha-2");
        assertThat(second.version).isEqualTo("1.0.1");
        assertThat(second.nodes).containsExactly("w1");
        assertThat(second.revision).isEqualTo(2);
    }

    @Test
    void aRemovedAppHasNoEntry() {
        Map<String, AppPlan> first = AssignmentPlanner.plan(List.of(app("a", "default", 0), app("b", "default", 0)),
                List.of(W1), Map.of());

        assertThat(AssignmentPlanner.plan(List.of(app("b", "default", 0)), List.of(W1), first)).containsOnlyKeys("b");
    }

    @Test
    void aNullGroupMeansTheDefaultGroup() {
        assertThat(AssignmentPlanner.plan(List.of(app("a", null, 0)), List.of(W1, BLUE), Map.of()).get("a").nodes)
                .containsExactly("w1");
    }

    private static ClusterAppDTO app(String name, String group, int replicas) {
        ClusterAppDTO app = new ClusterAppDTO();
        app.name = name;
        app.version = "1.0.0";
        app.sha256 = "sha-" + name;
        app.group = group;
        app.replicas = replicas;
        return app;
    }
}
