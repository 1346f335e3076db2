package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Queue triggers on the real distribution with its embedded Artemis broker (itests/apps/queues, host.json
 * maxDequeueCount 3): a trigger -> output -> trigger chain, poison after exactly maxDequeueCount attempts,
 * redrive, kill -9 in the middle of an invocation, and a restart with messages waiting in the journal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueueIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    static final KarafNode node = KarafNode.standalone("queues").withDeployedBeforeStart("queues.jar");

    @Test
    @Order(1)
    void aTriggerOutputTriggerChainRuns() throws Exception {
        awaitConsumed("chain-in");
        awaitConsumed("chain-mid");
        HttpResponse<String> enqueued = node.admin("POST", "/admin/queues/chain-in/messages", "hello chain");
        assertEquals(201, enqueued.statusCode(), enqueued.body());
        assertTrue(JsonParser.parseString(enqueued.body()).getAsJsonObject().get("id").getAsString().length() > 10);

        awaitQueue("chain-done", "messages", 1);
        assertEquals(0, queue("chain-in").get("messages").getAsLong());
        assertEquals(0, queue("chain-mid").get("messages").getAsLong());
        assertTrue(node.logTail(400).contains("chain done: HELLO CHAIN (dequeue 1)"), "the second function logged");
    }

    @Test
    @Order(2)
    void aFailingMessageIsPoisonedAfterExactlyMaxDequeueCountAttempts() throws Exception {
        node.admin("POST", "/admin/queues/always-fails/messages", "doomed");
        awaitQueue("always-fails", "poisonMessages", 1);
        assertEquals(0, queue("always-fails").get("messages").getAsLong());
        assertEquals(3, failedInvocations("alwaysFails"), "maxDequeueCount is 3 in the app's host.json");
    }

    @Test
    @Order(3)
    void redriveMovesThePoisonMessageBackForAnotherRound() throws Exception {
        HttpResponse<String> redrive = node.admin("POST", "/admin/queues/always-fails-poison/redrive", null);
        assertEquals(200, redrive.statusCode(), redrive.body());
        assertEquals(1, JsonParser.parseString(redrive.body()).getAsJsonObject().get("moved").getAsInt());
        // the dequeue count starts again: three more attempts, then poison again
        await("three more attempts").atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> failedInvocations("alwaysFails") == 6 && queue("always-fails").get("poisonMessages").getAsLong() == 1);
        assertEquals(400, node.admin("POST", "/admin/queues/Not_Valid/messages", "x").statusCode());
    }

    @Test
    @Order(4)
    void aMessageWhoseNodeWasKilledMidInvocationIsProcessedAfterTheRestart() throws Exception {
        Path marker = node.home().resolve("data/blocker-started");
        Files.deleteIfExists(marker);
        awaitConsumed("blocking");
        node.admin("POST", "/admin/queues/blocking/messages", "survive");
        await("the blocker runs").atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(marker));

        node.kill();
        node.startAgain();

        // delivered again, with the killed attempt counted
        awaitQueue("blocking-done", "messages", 1);
        assertEquals(0, queue("blocking").get("messages").getAsLong());
    }

    @Test
    @Order(5)
    void messagesWaitingInTheJournalAreProcessedAfterARestart() throws Exception {
        node.undeploy("queues.jar");
        await("the app is gone").atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> queue("parked").get("consumers").getAsInt() == 0);
        for (int i = 0; i < 5; i++) {
            assertEquals(201, node.admin("POST", "/admin/queues/parked/messages", "parked " + i).statusCode());
        }
        assertEquals(5, queue("parked").get("messages").getAsLong());

        node.stop();
        node.deploy("queues.jar", "queues.jar");
        node.startAgain();

        awaitQueue("parked-done", "messages", 5);
        assertEquals(0, queue("parked").get("messages").getAsLong());
    }

    // ---- helpers

    private JsonObject queue(String name) throws Exception {
        HttpResponse<String> response = node.admin("GET", "/admin/queues", null);
        assertEquals(200, response.statusCode(), response.body());
        for (JsonElement e : JsonParser.parseString(response.body()).getAsJsonArray()) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no queue " + name + " in " + response.body());
    }

    private void awaitQueue(String name, String field, long expected) {
        await(name + " " + field + " = " + expected).atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> queue(name).get(field).getAsLong() == expected);
    }

    private long failedInvocations(String function) throws Exception {
        HttpResponse<String> response = node.admin("GET", "/admin/invocations?limit=1000&function=" + function, null);
        long failed = 0;
        for (JsonElement e : JsonParser.parseString(response.body()).getAsJsonArray()) {
            if ("FAILED".equals(e.getAsJsonObject().get("status").getAsString())) {
                failed++;
            }
        }
        return failed;
    }

    /** Waits until a function listens to {@code queue}: its consumers are attached. */
    private void awaitConsumed(String queue) {
        await(queue + " consumed").atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> queue(queue).get("consumers").getAsInt() > 0);
    }
}
