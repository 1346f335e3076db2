package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The cluster end to end (issue 6): one management node and two workers, real Karaf processes on loopback,
 * running the test app {@code clustered} (itests/apps/clustered). The steps build on each other, in order:
 * publish to the management node -> it runs on both workers; the gateway and each worker answer; kill -9 the
 * timer's owner under gateway load -> no failed GET, the timer moves within 5 s; the killed worker comes
 * back by itself; 10,000 queue messages with a worker killed midway -> none lost; restart the management
 * node -> the workers keep serving and everything resumes; placement with one replica.
 * <p>
 * The measured figures (timer move, duplicates, restart and convergence times) are printed with the prefix
 * {@code [cluster]} for docs/benchmarks.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final String APP = "clustered";
    private static final String RUNNING = "RUNNING";
    private static final Duration CONVERGE_DEADLINE = Duration.ofSeconds(60);
    /** The bound: a departed worker's timer ownership moves within 5 s. */
    private static final Duration TIMER_MOVE_LIMIT = Duration.ofSeconds(5);
    private static final int WORK_MESSAGES = 10_000;
    /** The worker is killed when this many work messages are done: well before the end. */
    private static final int KILL_AFTER_DONE = 2_000;

    @RegisterExtension
    static final KarafCluster cluster = KarafCluster.withWorkers("cluster", 2);

    /** A JMS client of the management node's broker (reopened when the management node restarts). */
    private static BrokerQueues queues;
    private static BrokerQueues.Received ticks;
    /** The worker killed while it owned the timer (step 5), started again in step 6. */
    private static String timerOwnerKilled;
    /** The worker killed in the middle of the 10,000 messages (step 7), started again in step 8. */
    private static String killedMidway;

    @AfterAll
    static void closeQueues() {
        if (queues != null) {
            queues.close();
        }
    }

    @Test
    @Order(1)
    void aPublishedAppRunsOnBothWorkers() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = management().send(HttpRequest.newBuilder(management().uri("/admin/apps"))
                .header("x-functions-key", KarafNode.MASTER_KEY).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(KarafNode.artifact(APP + ".jar")))));
        assertEquals(201, response.statusCode(), response.body());
        assertEquals(APP, json(response.body()).get("name").getAsString());
        long answered = System.nanoTime();

        Map<String, String> expected = new TreeMap<>();
        cluster.workerNames().forEach(w -> expected.put(w, RUNNING));
        eventually("app " + APP + " RUNNING on every worker", CONVERGE_DEADLINE, () -> expected.equals(appStates()));
        System.out.printf("[cluster] publish answered in %d ms; RUNNING on %s %d ms after the POST (publish response: %s)%n",
                (answered - start) / 1_000_000, cluster.workerNames(), (System.nanoTime() - start) / 1_000_000,
                response.body());
        assertFalse(appStates().containsKey(management().name()), "the management-only node runs no functions");
    }

    @Test
    @Order(2)
    void theGatewayAndEachWorkerAnswer() throws Exception {
        for (KarafNode worker : cluster.workers()) {
            HttpResponse<String> direct = worker.get("/api/whoami");
            assertEquals(200, direct.statusCode(), worker.name() + ": " + direct.body());
            assertEquals(worker.name(), direct.body(), "a worker serves /api/* itself");
        }
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> viaGateway = management().get("/api/whoami");
            assertEquals(200, viaGateway.statusCode(), "through the gateway: " + viaGateway.body());
            answers.add(viaGateway.body());
        }
        assertEquals(Set.copyOf(cluster.workerNames()), Set.copyOf(answers), "the gateway uses both workers: " + answers);
        System.out.printf("[cluster] gateway answers over 10 GETs: %s%n", countBy(answers, a -> a));
    }

    @Test
    @Order(3)
    void adminNodesListsTheThreeNodesWithTheirRoles() throws Exception {
        Map<String, String> expectedRoles = new TreeMap<>();
        expectedRoles.put(management().name(), "management");
        cluster.workerNames().forEach(w -> expectedRoles.put(w, "worker"));
        eventually("GET /admin/nodes lists " + expectedRoles + ", all UP", Duration.ofSeconds(30),
                () -> expectedRoles.equals(nodeRoles(true)));
        JsonArray nodes = adminNodes();
        for (JsonElement element : nodes) {
            JsonObject node = element.getAsJsonObject();
            boolean leader = node.has("leader") && node.get("leader").getAsBoolean();
            assertEquals(node.get("name").getAsString().equals(management().name()), leader,
                    "the management node, and only it, is the leader: " + nodes);
            assertTrue(node.has("httpUrl") && node.has("lastHeartbeat"), "a node shows where it serves and when it last reported: " + node);
        }
    }

    @Test
    @Order(4)
    void exactlyOneWorkerRunsTheTimer() throws Exception {
        queues = new BrokerQueues(cluster.brokerUrl());
        ticks = queues.collect("ticks");
        Instant from = Instant.now();
        await("4 ticks").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ticksSince(from).size() >= 4);
        Set<String> tickers = ticksSince(from).stream().map(Tick::node).collect(Collectors.toSet());
        assertEquals(1, tickers.size(), "one node at a time runs a timer function: " + ticksSince(from));
        assertTrue(cluster.workerNames().containsAll(tickers), "a worker runs it: " + tickers);
        System.out.printf("[cluster] the timer runs on %s%n", tickers);
    }

    @Test
    @Order(5)
    void killingTheTimerOwnerFailsNoGatewayGetAndMovesTheTimerWithinFiveSeconds() throws Exception {
        String owner = lastTickOwner();
        String survivor = otherWorker(owner);
        Instant killedAt;
        Duration move;
        try (GatewayLoad load = GatewayLoad.start(management().uri("/api/whoami"))) {
            await("gateway load warmed up").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> load.answers().size() >= 20);

            killedAt = Instant.now();
            cluster.worker(owner).kill();
            timerOwnerKilled = owner;

            Tick moved = await("a tick from " + survivor + " after the kill").atMost(TIMER_MOVE_LIMIT.multipliedBy(4))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> ticksSince(killedAt).stream().filter(t -> t.node().equals(survivor)).findFirst(),
                            Optional::isPresent).get();
            move = Duration.between(killedAt, moved.at());
            // keep the load on until the gateway has served a good number of requests without the dead worker
            await("gateway GETs after the kill").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> load.answersSince(moved.at()).size() >= 50);
            load.close();
            List<GatewayLoad.Answer> afterKill = load.answersSince(killedAt);
            System.out.printf("[cluster] kill -9 of timer owner %s: timer ticks on %s %d ms after the kill; gateway: %s "
                    + "(%d after the kill, answered by %s)%n", owner, survivor, move.toMillis(), load, afterKill.size(),
                    countBy(afterKill, GatewayLoad.Answer::body));
            assertTrue(load.failures().isEmpty(), "no GET through the gateway fails while a worker dies: " + load);
        }
        assertTrue(move.compareTo(TIMER_MOVE_LIMIT) <= 0,
                "the timer moved to " + survivor + " " + move.toMillis() + " ms after the kill, more than " + TIMER_MOVE_LIMIT);
        Instant settled = killedAt.plusSeconds(1);
        assertTrue(ticksSince(settled).stream().allMatch(t -> t.node().equals(survivor)),
                "only " + survivor + " ticks once " + owner + " is dead: " + ticksSince(settled));
    }

    @Test
    @Order(6)
    void theKilledWorkerRejoinsAndRunsTheAppAgainByItself() throws Exception {
        rejoin(timerOwnerKilled);
    }

    @Test
    @Order(7)
    void tenThousandMessagesAreAllProcessedThoughAWorkerIsKilledMidway() throws Exception {
        BrokerQueues.Received done = queues.collect("done");
        List<String> ids = IntStream.range(0, WORK_MESSAGES).mapToObj(i -> String.format("m-%05d", i)).toList();
        long start = System.nanoTime();
        // sent from another thread, so that the kill below happens while messages are still arriving
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                queues.send("work", ids, 500);
            } catch (Exception e) {
                throw new IllegalStateException("sending to queue work failed", e);
            }
        });
        await(KILL_AFTER_DONE + " messages done").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> done.size() >= KILL_AFTER_DONE);
        // kill the worker that kept running in step 5 (both have now been killed once)
        killedMidway = otherWorker(timerOwnerKilled);
        int doneAtKill = done.size();
        cluster.worker(killedMidway).kill();
        long killedAfter = (System.nanoTime() - start) / 1_000_000;
        assertTrue(doneAtKill < WORK_MESSAGES, "the kill came before the end: " + doneAtKill + " done");

        sending.get(120, TimeUnit.SECONDS);
        long sent = (System.nanoTime() - start) / 1_000_000;
        await("all " + WORK_MESSAGES + " messages done").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                .until(() -> distinctIds(done.texts()).size() >= WORK_MESSAGES);
        long finished = (System.nanoTime() - start) / 1_000_000;

        List<String> texts = done.texts();
        Set<String> distinct = distinctIds(texts);
        assertEquals(Set.copyOf(ids), distinct, "every message sent is done, nothing else");
        int duplicates = texts.size() - distinct.size();
        System.out.printf("[cluster] %d messages: sent in %d ms, %s killed after %d ms (%d done then), all done after %d ms "
                + "(%.0f msg/s); none lost; %d duplicates; done by %s%n", WORK_MESSAGES, sent, killedMidway, killedAfter,
                doneAtKill, finished, WORK_MESSAGES * 1000.0 / finished, duplicates, countBy(texts, ClusterIT::nodeOf));
    }

    @Test
    @Order(8)
    void theWorkerKilledMidwayRejoinsAndRunsTheAppAgainByItself() throws Exception {
        rejoin(killedMidway);
    }

    @Test
    @Order(9)
    void theWorkersServeWhileTheManagementNodeRestartsAndEverythingResumesAfter() throws Exception {
        queues.close();
        queues = null;
        management().stop();
        for (KarafNode worker : cluster.workers()) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> direct = worker.get("/api/whoami");
                assertEquals(200, direct.statusCode(), worker.name() + " without the management node: " + direct.body());
                assertEquals(worker.name(), direct.body());
            }
        }

        long start = System.nanoTime();
        management().startAgain();
        long ready = System.nanoTime();
        eventually("the gateway answers again", Duration.ofSeconds(90), () -> {
            HttpResponse<String> response = management().get("/api/whoami");
            return response.statusCode() == 200 && cluster.workerNames().contains(response.body());
        });
        long gateway = System.nanoTime();

        queues = new BrokerQueues(cluster.brokerUrl());
        BrokerQueues.Received done = queues.collect("done");
        queues.send("work", List.of("after-restart"), 1);
        await("a new message processed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> done.texts().stream().anyMatch(t -> t.startsWith("after-restart ")));
        String processedBy = done.texts().stream().filter(t -> t.startsWith("after-restart ")).findFirst().map(ClusterIT::nodeOf)
                .orElseThrow();
        System.out.printf("[cluster] management restart: node ready after %d ms, gateway answering %d ms after the start, "
                + "a new queue message processed by %s %d ms after the start%n", (ready - start) / 1_000_000,
                (gateway - start) / 1_000_000, processedBy, (System.nanoTime() - start) / 1_000_000);
        eventually("GET /admin/nodes: every node UP again", Duration.ofSeconds(30),
                () -> nodeRoles(true).size() == 1 + cluster.workers().size());
    }

    @Test
    @Order(10)
    void placementWithOneReplicaRunsTheAppOnOneWorker() throws Exception {
        HttpResponse<String> placed = management().admin("PUT", "/admin/apps/" + APP + "/placement", "{\"replicas\":1}");
        assertEquals(200, placed.statusCode(), placed.body());
        long start = System.nanoTime();

        eventually("the app RUNNING on exactly one worker, gone from the other", CONVERGE_DEADLINE, () -> {
            Map<String, String> states = appStates();
            return states.size() == 1 && states.containsValue(RUNNING);
        });
        String chosen = appStates().keySet().iterator().next();
        String other = otherWorker(chosen);
        eventually(other + " no longer serves the app", CONVERGE_DEADLINE,
                () -> cluster.worker(other).get("/api/whoami").statusCode() == 404);
        System.out.printf("[cluster] replicas 1: the app runs on %s only, %d ms after the PUT%n", chosen,
                (System.nanoTime() - start) / 1_000_000);
        assertEquals(chosen, cluster.worker(chosen).get("/api/whoami").body());
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> viaGateway = management().get("/api/whoami");
            assertEquals(200, viaGateway.statusCode(), viaGateway.body());
            assertEquals(chosen, viaGateway.body(), "the gateway sends every request to the one replica");
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static KarafNode management() {
        return cluster.management();
    }

    /** Starts a killed worker again and waits until it is UP and RUNNING the app with no other step. */
    private static void rejoin(String workerName) throws Exception {
        KarafNode worker = cluster.worker(workerName);
        Instant restarted = Instant.now();
        long start = System.nanoTime();
        worker.startAgain();
        long ready = System.nanoTime();
        // what the node reported before it was killed stays in the cluster until it reports again: only fresh
        // entries count (joined, and the app's state updated, after the restart)
        eventually(workerName + " UP again and RUNNING " + APP, CONVERGE_DEADLINE,
                () -> nodeRolesJoinedSince(true, restarted).containsKey(workerName)
                        && RUNNING.equals(appStatesSince(restarted).get(workerName)));
        long running = System.nanoTime();
        HttpResponse<String> direct = worker.get("/api/whoami");
        assertEquals(200, direct.statusCode(), direct.body());
        assertEquals(workerName, direct.body());
        System.out.printf("[cluster] %s restarted: ready after %d ms, RUNNING %s %d ms after the start (%d ms after ready)%n",
                workerName, (ready - start) / 1_000_000, APP, (running - start) / 1_000_000, (running - ready) / 1_000_000);
    }

    /**
     * Waits until {@code condition} holds (exceptions count as "not yet"); when it does not within
     * {@code atMost}, fails with what the management node shows of the app and the nodes at that moment.
     */
    private static void eventually(String what, Duration atMost, Callable<Boolean> condition) {
        try {
            await(what).atMost(atMost).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + ": not within " + atMost + ". GET /admin/apps/" + APP + ": "
                    + adminBody("/admin/apps/" + APP) + "; GET /admin/nodes: " + adminBody("/admin/nodes"), e);
        }
    }

    private static String adminBody(String path) {
        try {
            HttpResponse<String> response = management().admin("GET", path, null);
            return response.statusCode() + " " + response.body();
        } catch (Exception e) {
            return "(no answer: " + e + ")";
        }
    }

    private static String otherWorker(String worker) {
        return cluster.workerNames().stream().filter(w -> !w.equals(worker)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no worker other than " + worker));
    }

    /**
     * Node -> state of {@value #APP} there, from the per-node states of {@code GET /admin/apps/{app}}. A node
     * counts as {@value #RUNNING} only when every function of the app runs there too (an app whose HTTP
     * function waits for its trigger serves nothing), else its state names the functions that do not run.
     */
    private static Map<String, String> appStates() throws Exception {
        return appStatesSince(Instant.EPOCH);
    }

    /** {@link #appStates()}, but only the nodes whose entry was updated at or after {@code since}. */
    private static Map<String, String> appStatesSince(Instant since) throws Exception {
        HttpResponse<String> response = management().admin("GET", "/admin/apps/" + APP, null);
        assertEquals(200, response.statusCode(), response.body());
        JsonObject app = json(response.body());
        Map<String, String> states = new TreeMap<>();
        if (app.has("nodes") && app.get("nodes").isJsonArray()) {
            for (JsonElement element : app.getAsJsonArray("nodes")) {
                if (!element.isJsonObject()) {
                    throw new IllegalStateException("GET /admin/apps/" + APP + ": nodes should be per-node states "
                            + "({node, state, ...}), not " + element);
                }
                JsonObject node = element.getAsJsonObject();
                if (since.isAfter(Instant.EPOCH)
                        && (!node.has("updatedAt") || Instant.parse(node.get("updatedAt").getAsString()).isBefore(since))) {
                    continue;
                }
                String state = node.get("state").getAsString();
                Map<String, String> notRunning = new TreeMap<>();
                if (node.has("functions") && node.get("functions").isJsonArray()) {
                    for (JsonElement function : node.getAsJsonArray("functions")) {
                        String functionState = function.getAsJsonObject().get("state").getAsString();
                        if (!RUNNING.equals(functionState)) {
                            notRunning.put(function.getAsJsonObject().get("name").getAsString(), functionState);
                        }
                    }
                }
                states.put(node.get("node").getAsString(),
                        RUNNING.equals(state) && !notRunning.isEmpty() ? state + " but functions " + notRunning : state);
            }
        }
        return states;
    }

    private static JsonArray adminNodes() throws Exception {
        HttpResponse<String> response = management().admin("GET", "/admin/nodes", null);
        assertEquals(200, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonArray();
    }

    /** Name -> role of the nodes {@code GET /admin/nodes} lists (only those UP when {@code upOnly}). */
    private static Map<String, String> nodeRoles(boolean upOnly) throws Exception {
        return nodeRolesJoinedSince(upOnly, Instant.EPOCH);
    }

    /** {@link #nodeRoles}, but only the nodes that (re)joined at or after {@code since}. */
    private static Map<String, String> nodeRolesJoinedSince(boolean upOnly, Instant since) throws Exception {
        Map<String, String> roles = new TreeMap<>();
        for (JsonElement element : adminNodes()) {
            JsonObject node = element.getAsJsonObject();
            boolean fresh = since.equals(Instant.EPOCH)
                    || node.has("joinedAt") && !Instant.parse(node.get("joinedAt").getAsString()).isBefore(since);
            if (fresh && (!upOnly || "UP".equals(node.get("state").getAsString()))) {
                roles.put(node.get("name").getAsString(), node.get("role").getAsString());
            }
        }
        return roles;
    }

    /** A message of queue {@code ticks}: {@code "<node> <instant>"}. */
    record Tick(String node, Instant at) {
        static Optional<Tick> parse(String text) {
            int space = text.lastIndexOf(' ');
            try {
                return space < 0 ? Optional.empty()
                        : Optional.of(new Tick(text.substring(0, space), Instant.parse(text.substring(space + 1))));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** The ticks that ran at or after {@code instant}, in the order they arrived. */
    private static List<Tick> ticksSince(Instant instant) {
        return ticks.texts().stream().map(Tick::parse).flatMap(Optional::stream).filter(t -> !t.at().isBefore(instant))
                .toList();
    }

    private static String lastTickOwner() {
        List<Tick> all = ticksSince(Instant.EPOCH);
        assertFalse(all.isEmpty(), "no tick yet");
        return all.get(all.size() - 1).node();
    }

    /** The message ids in texts {@code "<id> <node>"} of queue {@code done}. */
    private static Set<String> distinctIds(List<String> texts) {
        Set<String> ids = new HashSet<>();
        for (String text : texts) {
            int space = text.indexOf(' ');
            ids.add(space < 0 ? text : text.substring(0, space));
        }
        return ids;
    }

    private static String nodeOf(String doneText) {
        return doneText.substring(doneText.lastIndexOf(' ') + 1);
    }

    private static <T> Map<String, Integer> countBy(List<T> items, java.util.function.Function<T, String> key) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        items.forEach(item -> counts.merge(key.apply(item), 1, Integer::sum));
        return counts;
    }

    private static JsonObject json(String body) {
        return JsonParser.parseString(body).getAsJsonObject();
    }
}
