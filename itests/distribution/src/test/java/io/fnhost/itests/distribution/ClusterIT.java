package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
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
 * publish to the management node -> it runs on both workers; the gateway and each worker answer; they enforce
 * the function's auth level alike, and a host or function key created or deleted on the management node is
 * accepted or refused on every worker and through the gateway within moments; the shell on the management
 * node lists the nodes and apps and refuses a bad placement in one line; kill -9 the timer's owner under
 * gateway load -> no failed GET, the timer moves within 5 s; the killed worker comes back by itself; 10,000
 * queue messages with a worker killed midway -> none lost; restart the management node -> the workers keep
 * serving and everything resumes; placement with one replica.
 * <p>
 * The measured figures (key replication, timer move, duplicates, restart and convergence times) are printed
 * with the prefix {@code [cluster]} for docs/benchmarks.md.
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
    /** {@code GET /api/secret}: auth level FUNCTION, answers the name of the node that served it. */
    private static final String SECRET = "/api/secret";
    /** "Within moments" (docs/nodes.md, keys on every node): a key change reaches every worker in this time. */
    private static final Duration KEY_REPLICATION_DEADLINE = Duration.ofSeconds(10);
    /** Gateway requests per check: round robin over two workers reaches both. */
    private static final int GATEWAY_REQUESTS = 4;

    @RegisterExtension
    static final KarafCluster cluster = KarafCluster.withWorkers("cluster", 2);

    /** A JMS client of the management node's broker (reopened when the management node restarts). */
    private static BrokerQueues queues;
    private static BrokerQueues.Received ticks;
    /** The worker killed while it owned the timer (step 9), started again in step 10. */
    private static String timerOwnerKilled;
    /** The worker killed in the middle of the 10,000 messages (step 11), started again in step 12. */
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
        JsonObject published = json(response.body());
        System.out.printf("[cluster] publish answered in %d ms (rollout in the answer: %s); RUNNING on %s %d ms after the POST%n",
                (answered - start) / 1_000_000, published.has("nodes") ? published.get("nodes") : "none",
                cluster.workerNames(), (System.nanoTime() - start) / 1_000_000);
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

        // the management node ran none of them: its admin API shows the workers' records
        HttpResponse<String> records = management().admin("GET", "/admin/invocations?function=whoami&limit=100", null);
        assertEquals(200, records.statusCode(), records.body());
        Set<String> recordNodes = new TreeSet<>();
        for (JsonElement record : JsonParser.parseString(records.body()).getAsJsonArray()) {
            recordNodes.add(record.getAsJsonObject().get("node").getAsString());
        }
        assertEquals(new TreeSet<>(cluster.workerNames()), recordNodes,
                "GET /admin/invocations on the management node lists both workers' records: " + records.body());
        assertTrue(records.headers().firstValue("X-Fnhost-Unanswered-Nodes").isEmpty(), "every worker answered");
    }

    @Test
    @Order(3)
    void theGatewayAndEachWorkerRefuseAFunctionWithoutAKeyAndAcceptTheMasterKey() throws Exception {
        for (KarafNode worker : cluster.workers()) {
            assertEquals(401, secret(worker, KeyIn.NONE, null).statusCode(), worker.name() + " without a key");
            HttpResponse<String> master = secret(worker, KeyIn.HEADER, KarafNode.MASTER_KEY);
            assertEquals(200, master.statusCode(), worker.name() + " with the master key: " + master.body());
            assertEquals(worker.name(), master.body());
        }
        assertThroughGateway(KeyIn.NONE, null, 401, "without a key");
        assertThroughGateway(KeyIn.HEADER, KarafNode.MASTER_KEY, 200, "with the master key");
        assertThroughGateway(KeyIn.QUERY, KarafNode.MASTER_KEY, 200, "with the master key in ?code=");
    }

    @Test
    @Order(4)
    void aHostKeyCreatedOnTheManagementNodeOpensEveryWorkerAndTheGatewayUntilItIsDeleted() throws Exception {
        assertKeyReplicatedAndRevoked("host key", "/admin/host/keys/it-host", KeyIn.HEADER);
    }

    @Test
    @Order(5)
    void aFunctionKeyCreatedOnTheManagementNodeOpensEveryWorkerAndTheGatewayUntilItIsDeleted() throws Exception {
        // the management-only node holds the app installed but idle, so it knows the function and its keys
        assertKeyReplicatedAndRevoked("function key", "/admin/functions/secret/keys/it-function", KeyIn.QUERY);
    }

    @Test
    @Order(6)
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
    @Order(7)
    void theShellOnTheManagementNodeListsTheNodesAndAppsAndRefusesABadPlacementInOneLine() throws Exception {
        String negative = shellOutput("fnhost:placement -r -1 " + APP);
        assertOneLineError(negative, "replicas is -1");
        String unknown = shellOutput("fnhost:placement no-such-app");
        assertOneLineError(unknown, "No published app is named 'no-such-app'");

        // several commands in one client session: one SSH login instead of three
        String output = shellOutput("fnhost:nodes\nfnhost:apps\nfnhost:placement " + APP);
        Map<String, List<String>> rows = tableRows(output);
        String leaderRow = management().name() + " *";
        assertEquals(List.of("management", "UP"), cells(rows, leaderRow, 1, 3),
                "fnhost:nodes marks the management node as the leader, with its role: " + output);
        for (String worker : cluster.workerNames()) {
            assertEquals(List.of("worker", "UP"), cells(rows, worker, 1, 3), "fnhost:nodes lists " + worker + ": " + output);
        }
        long marked = rows.keySet().stream().filter(name -> name.endsWith(" *")).count();
        assertEquals(1, marked, "exactly one node is marked leader: " + output);

        Set<String> appNodes = cluster.workerNames().stream().map(w -> w + ":" + RUNNING).collect(Collectors.toSet());
        List<String> app = rows.get(APP);
        assertTrue(app != null && app.size() >= 4, "fnhost:apps lists " + APP + ": " + output);
        assertEquals(appNodes, Set.of(app.get(3).split(" ")), "fnhost:apps shows " + APP + " on both workers: " + output);
        assertTrue(output.contains(APP + ": group default, every worker"),
                "the refused placements changed nothing: " + output);
    }

    @Test
    @Order(8)
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
    @Order(9)
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
    @Order(10)
    void theKilledWorkerRejoinsAndRunsTheAppAgainByItself() throws Exception {
        rejoin(timerOwnerKilled);
    }

    @Test
    @Order(11)
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
        // kill the worker that kept running in step 9 (both have now been killed once)
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
    @Order(12)
    void theWorkerKilledMidwayRejoinsAndRunsTheAppAgainByItself() throws Exception {
        rejoin(killedMidway);
    }

    @Test
    @Order(13)
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
    @Order(14)
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

    @Test
    @Order(15)
    void theManagementNodeRunsAQueueFunctionOnceOnTheWorkerThatRunsIt() throws Exception {
        Map<String, String> states = appStates();
        assertEquals(1, states.size(), "one replica after step 14: " + states);
        String replica = states.keySet().iterator().next();
        // a fresh connection: an earlier step's consumer on queue done would compete for the message
        queues.close();
        queues = new BrokerQueues(cluster.brokerUrl());
        BrokerQueues.Received done = queues.collect("done");
        String input = "admin-run-" + UUID.randomUUID();

        // the management node runs no functions: it passes the run to the worker running `work`
        HttpResponse<String> run = management().admin("POST", "/admin/functions/work",
                "{\"input\": \"" + input + "\"}");

        assertEquals(202, run.statusCode(), run.body());
        assertEquals(Optional.of(replica), run.headers().firstValue("X-Fnhost-Node"), "the node that took it");
        try {
            await("the run's output on queue done").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> done.texts().contains(input + " " + replica));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no '" + input + " " + replica + "' on queue done: " + done.texts()
                    + "; the newest records of work: " + adminBody("/admin/invocations?function=work&limit=3"), e);
        }
        assertEquals(1, done.texts().stream().filter(t -> t.startsWith(input)).count(), "run once: " + done.texts());
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Where a request to {@value #SECRET} carries its key. */
    private enum KeyIn { NONE, HEADER, QUERY }

    /** {@code GET /api/secret} on {@code node} (a worker directly, or the management node's gateway). */
    private static HttpResponse<String> secret(KarafNode node, KeyIn keyIn, String key) throws Exception {
        String path = keyIn == KeyIn.QUERY ? SECRET + "?code=" + URLEncoder.encode(key, StandardCharsets.UTF_8) : SECRET;
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri(path)).GET();
        if (keyIn == KeyIn.HEADER) {
            request.header("x-functions-key", key);
        }
        return node.send(request);
    }

    /** {@value #GATEWAY_REQUESTS} GETs of {@value #SECRET} through the gateway all answer {@code status}. */
    private static void assertThroughGateway(KeyIn keyIn, String key, int status, String what) throws Exception {
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < GATEWAY_REQUESTS; i++) {
            HttpResponse<String> response = secret(management(), keyIn, key);
            assertEquals(status, response.statusCode(), "through the gateway " + what + ": " + response.body());
            answeredBy.add(response.body());
        }
        if (status == 200) {
            assertTrue(cluster.workerNames().containsAll(answeredBy), "a worker answers through the gateway: " + answeredBy);
        }
    }

    /**
     * Creates a key with a value of ours on the management node ({@code PUT keyPath}) and checks that every
     * worker, and the gateway, accept it within {@link #KEY_REPLICATION_DEADLINE} while refusing a wrong one;
     * then deletes it there and checks that every worker and the gateway refuse it again in that time.
     */
    private static void assertKeyReplicatedAndRevoked(String kind, String keyPath, KeyIn keyIn) throws Exception {
        String value = "it-" + UUID.randomUUID();
        HttpResponse<String> created = management().admin("PUT", keyPath, "{\"value\": \"" + value + "\"}");
        assertEquals(201, created.statusCode(), "PUT " + keyPath + ": " + created.body());
        long start = System.nanoTime();
        for (KarafNode worker : cluster.workers()) {
            eventually(worker.name() + " accepts the new " + kind, KEY_REPLICATION_DEADLINE,
                    () -> secret(worker, keyIn, value).statusCode() == 200);
        }
        long accepted = System.nanoTime();
        assertThroughGateway(keyIn, value, 200, "with the new " + kind);
        String wrong = value + "-wrong";
        for (KarafNode worker : cluster.workers()) {
            assertEquals(401, secret(worker, keyIn, wrong).statusCode(), worker.name() + " with a wrong " + kind);
        }
        assertThroughGateway(keyIn, wrong, 401, "with a wrong " + kind);

        HttpResponse<String> deleted = management().admin("DELETE", keyPath, null);
        assertEquals(204, deleted.statusCode(), "DELETE " + keyPath + ": " + deleted.body());
        long deleteStart = System.nanoTime();
        for (KarafNode worker : cluster.workers()) {
            eventually(worker.name() + " refuses the deleted " + kind, KEY_REPLICATION_DEADLINE,
                    () -> secret(worker, keyIn, value).statusCode() == 401);
        }
        long refused = System.nanoTime();
        assertThroughGateway(keyIn, value, 401, "with the deleted " + kind);
        System.out.printf("[cluster] a %s created on %s is accepted by every worker %d ms after the PUT; deleted, "
                + "refused by every worker %d ms after the DELETE%n", kind, management().name(),
                (accepted - start) / 1_000_000, (refused - deleteStart) / 1_000_000);
    }

    /** Runs Karaf shell commands on the management node; ANSI colours (the client's error line) removed. */
    private static String shellOutput(String commands) throws Exception {
        return management().shell(commands).replaceAll("\u001B\\[[;\\d]*m", "");
    }

    /** The command's output is one line, an error that says {@code what}. */
    private static void assertOneLineError(String output, String what) {
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), "a bad fnhost:placement answers one line: " + output);
        assertTrue(lines.get(0).startsWith("Error executing command: ") && lines.get(0).contains(what),
                "the line says what was wrong (" + what + "): " + output);
    }

    /**
     * The rows of the tables in a shell output, by their first cell: cells split at {@code |} (or {@code │}
     * when the shell draws boxes); separator lines have no such character and are left out.
     */
    private static Map<String, List<String>> tableRows(String output) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (String line : output.lines().toList()) {
            List<String> cells = new ArrayList<>(Arrays.stream(line.split("[|\u2502]", -1)).map(String::strip).toList());
            if (!cells.isEmpty() && cells.get(0).isEmpty()) {
                cells.remove(0);
            }
            if (cells.size() > 1) {
                rows.put(cells.get(0), cells);
            }
        }
        return rows;
    }

    /** The cells at {@code indexes} of the row named {@code row}, or an assertion error saying it is missing. */
    private static List<String> cells(Map<String, List<String>> rows, String row, int... indexes) {
        List<String> cells = rows.get(row);
        assertTrue(cells != null, "no row '" + row + "' in " + rows.keySet());
        return Arrays.stream(indexes).mapToObj(i -> i < cells.size() ? cells.get(i) : "(none)").toList();
    }

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
