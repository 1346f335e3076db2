package io.fnhost.management.internal.gateway;

import static io.fnhost.management.internal.gateway.ClusterNodes.app;
import static io.fnhost.management.internal.gateway.ClusterNodes.http;
import static io.fnhost.management.internal.gateway.ClusterNodes.left;
import static io.fnhost.management.internal.gateway.ClusterNodes.node;
import static io.fnhost.management.internal.gateway.ClusterNodes.running;
import static io.fnhost.management.internal.gateway.ClusterNodes.timer;
import static io.fnhost.management.internal.gateway.ClusterNodes.worker;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;
import io.fnhost.spi.FunctionState;

class WorkerSelectorTest {
    private final AtomicReference<List<NodeDTO>> nodes = new AtomicReference<>(List.of());
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final WorkerSelector selector = new WorkerSelector(nodes::get, clock::get, 2_000);

    private static List<String> names(List<WorkerSelector.Worker> workers) {
        return workers.stream().map(w -> w.node).collect(Collectors.toList());
    }

    private List<String> candidates(String method, String path) {
        return names(selector.targets(method, path).candidates);
    }

    private String pick(String method, String path) {
        return selector.pick(selector.targets(method, path), List.of()).map(w -> w.node).orElse(null);
    }

    @Test
    void candidatesRunTheAppAndTheFunctionAndAcceptTheMethod() {
        nodes.set(List.of(
                worker("w1", "http://127.0.0.1:8182/", running("shop", http("orders", "orders/{id:int}", List.of("GET", "POST")))),
                worker("w2", "http://127.0.0.1:8183", running("shop", http("orders", "orders/{id:int}", List.of("GET")))),
                worker("w3", "http://127.0.0.1:8184", app("shop", NodeAppDTO.DEPLOYING)),
                worker("w4", "http://127.0.0.1:8185", running("shop",
                        http("orders", "orders/{id:int}", List.of("GET", "POST"), FunctionState.WAITING))),
                left(worker("w5", "http://127.0.0.1:8186", running("shop", http("orders", "orders/{id:int}", null)))),
                node("mgmt", "management", "http://127.0.0.1:8181", running("shop", http("orders", "orders/{id:int}", null)))));

        WorkerSelector.Targets get = selector.targets("GET", "/api/orders/42");
        assertThat(get.route.app()).isEqualTo("shop");
        assertThat(get.route.function()).isEqualTo("orders");
        assertThat(names(get.candidates)).containsExactly("w1", "w2");
        assertThat(get.candidates.get(0).url).isEqualTo("http://127.0.0.1:8182");
        assertThat(candidates("POST", "/api/orders/42")).containsExactly("w1");
    }

    @Test
    void aRouteWhoseAppRunsNowhereHasNoCandidatesButStillMatches() {
        nodes.set(List.of(
                left(worker("w1", "http://127.0.0.1:8182", running("billing", http("invoice", "invoices/{id}", null)))),
                worker("w2", "http://127.0.0.1:8183", running("shop", http("hello", null, null)))));
        WorkerSelector.Targets t = selector.targets("GET", "/api/invoices/7");
        assertThat(t.route).isNotNull();
        assertThat(t.route.app()).isEqualTo("billing");
        assertThat(t.candidates).isEmpty();
    }

    @Test
    void aPathMatchingNoRouteMayGoToAnyUpWorker() {
        nodes.set(List.of(
                worker("w1", "http://127.0.0.1:8182", running("shop", http("hello", null, null), timer("tick"))),
                worker("w2", "http://127.0.0.1:8183"),
                left(worker("w3", "http://127.0.0.1:8184")),
                node("solo", "standalone", "http://127.0.0.1:8185"),
                node("mgmt", "management", "http://127.0.0.1:8181")));
        WorkerSelector.Targets t = selector.targets("GET", "/api/nothing/here");
        assertThat(t.route).isNull();
        assertThat(names(t.candidates)).containsExactly("w1", "w2", "solo");
        // a method the route does not accept is no match either (Azure answers 404, not 405)
        nodes.set(List.of(worker("w1", "http://127.0.0.1:8182", running("shop", http("hello", null, List.of("GET")))),
                worker("w2", "http://127.0.0.1:8183")));
        assertThat(selector.targets("DELETE", "/api/hello").route).isNull();
        assertThat(selector.targets("GET", "/api/HELLO").route.function()).isEqualTo("hello");
    }

    @Test
    void roundRobinAmongEquallyLoadedWorkers() {
        nodes.set(List.of(worker("w1", "http://a", running("shop", http("hello", null, null))),
                worker("w2", "http://b", running("shop", http("hello", null, null)))));
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(pick("GET", "/api/hello"));
        }
        assertThat(picks).containsExactly("w1", "w2", "w1", "w2", "w1", "w2");
    }

    @Test
    void theWorkerWithFewerOutstandingRequestsIsPreferred() {
        nodes.set(List.of(worker("w1", "http://a", running("shop", http("hello", null, null))),
                worker("w2", "http://b", running("shop", http("hello", null, null))),
                worker("w3", "http://c", running("shop", http("hello", null, null)))));
        selector.acquire("w1");
        selector.acquire("w1");
        selector.acquire("w2");
        assertThat(pick("GET", "/api/hello")).isEqualTo("w3");
        selector.acquire("w3");
        // w2 and w3 both have one now: round robin between them, never w1
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(pick("GET", "/api/hello"));
        }
        assertThat(picks).containsOnly("w2", "w3").contains("w2", "w3");
        selector.release("w1");
        selector.release("w1");
        assertThat(pick("GET", "/api/hello")).isEqualTo("w1");
        assertThat(selector.outstanding("w1")).isZero();
    }

    @Test
    void aSuspectWorkerIsAvoidedForTheSuspectTimeUnlessNoOtherIsLeft() {
        nodes.set(List.of(worker("w1", "http://a", running("shop", http("hello", null, null))),
                worker("w2", "http://b", running("shop", http("hello", null, null)))));
        assertThat(selector.suspect("w1")).isTrue();
        assertThat(selector.suspect("w1")).as("already suspect").isFalse();
        // w1 is idle and w2 busy, yet w1 is suspect
        selector.acquire("w2");
        for (int i = 0; i < 3; i++) {
            assertThat(pick("GET", "/api/hello")).isEqualTo("w2");
        }
        WorkerSelector.Targets t = selector.targets("GET", "/api/hello");
        assertThat(selector.pick(t, List.of("w2")).map(w -> w.node)).contains("w1");
        assertThat(selector.pick(t, List.of("w1", "w2"))).isEmpty();

        clock.addAndGet(2_000_000_001L);
        assertThat(selector.isSuspect("w1")).isFalse();
        assertThat(pick("GET", "/api/hello")).isEqualTo("w1");
        assertThat(selector.suspect("w1")).as("suspect again after it expired").isTrue();
    }

    @Test
    void theRouteTableFollowsTheCluster() {
        List<NodeDTO> before = List.of(worker("w1", "http://a", running("shop", http("hello", null, null))));
        nodes.set(before);
        assertThat(selector.targets("GET", "/api/bye").route).isNull();
        nodes.set(List.of(worker("w1", "http://a", running("shop", http("hello", null, null), http("bye", null, null)))));
        assertThat(selector.targets("GET", "/api/bye").route.function()).isEqualTo("bye");
        nodes.set(List.of(worker("w1", "http://a", app("shop", NodeAppDTO.REMOVING))));
        assertThat(selector.targets("GET", "/api/bye").route).isNull();
    }

    @Test
    void heartbeatsLeaveTheSnapshotAloneStateChangesRebuildIt() {
        NodeDTO w1 = worker("w1", "http://a", running("shop", http("hello", null, null)));
        long before = WorkerSelector.fingerprint(List.of(w1));
        w1.lastHeartbeat = "2026-11-27T14:00:01Z";
        w1.inFlight = 5;
        w1.cpuLoad = 0.5;
        assertThat(WorkerSelector.fingerprint(List.of(w1))).isEqualTo(before);

        // the cluster may update its DTOs in place: the next request sees the change all the same
        nodes.set(List.of(w1));
        assertThat(candidates("GET", "/api/hello")).containsExactly("w1");
        w1.apps.get(0).functions.get(0).state = FunctionState.WAITING;
        assertThat(WorkerSelector.fingerprint(List.of(w1))).isNotEqualTo(before);
        assertThat(candidates("GET", "/api/hello")).isEmpty();
        w1.apps.get(0).functions.get(0).state = FunctionState.RUNNING;
        w1.state = NodeDTO.LEFT;
        assertThat(candidates("GET", "/api/hello")).isEmpty();
    }

    @Test
    void methodsAttributeInEveryShapeItArrivesIn() {
        assertThat(WorkerSelector.methods(new String[] {"get", "Post"})).containsExactly("GET", "POST");
        assertThat(WorkerSelector.methods(List.of("GET", "get"))).containsExactly("GET");
        assertThat(WorkerSelector.methods("get, head")).containsExactly("GET", "HEAD");
        assertThat(WorkerSelector.methods(null)).isEmpty();
        assertThat(WorkerSelector.methods(List.of())).isEmpty();
    }
}
