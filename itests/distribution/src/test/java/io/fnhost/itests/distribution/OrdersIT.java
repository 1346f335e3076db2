package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The orders example (examples/orders) on a real node, as its README tells it: deployed from the deploy
 * folder with {@code Currency = CHF} in its settings, every function runs; {@code quote} answers a POJO;
 * {@code placeOrder} answers 202 and puts the order on the queue {@code orders} of the embedded broker
 * (the connection {@code AzureWebJobsStorage} left at its default), where {@code fulfilOrder} takes it;
 * {@code dailyReport}, run by the operator, gets the timer's payload and reports the fulfilled order.
 * The steps build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrdersIT {
    private static final List<String> FUNCTIONS = List.of("dailyReport", "fulfilOrder", "placeOrder", "quote");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    static final KarafNode node = KarafNode.standalone("orders");

    /** The order placeOrder accepted (its id), for the steps after it. */
    private static String placedOrderId;

    @BeforeAll
    static void deployAsTheReadmeSays() throws IOException {
        Path tmp = Files.createTempFile(node.home(), "settings", ".tmp");
        Files.writeString(tmp, "Currency = CHF\n", StandardCharsets.UTF_8);
        Files.move(tmp, node.home().resolve("etc/io.fnhost.core.AppSettings-orders.cfg"),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        node.deploy("orders.jar", "orders-1.0.0.jar");
    }

    @Test
    @Order(1)
    void everyFunctionOfTheAppRuns() {
        await("the four functions of orders are RUNNING").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().untilAsserted(() -> assertEquals(expectedStates(), states()));
        // FileInstall reads etc/ on its own schedule: the app's settings may arrive after its functions
        await("the app setting Currency of etc/io.fnhost.core.AppSettings-orders.cfg").atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> "CHF".equals(JsonParser.parseString(node.admin("GET", "/admin/apps/orders/settings", null)
                        .body()).getAsJsonObject().get("Currency").getAsString()));
    }

    @Test
    @Order(2)
    void quoteAnswersWithAPojoBody() throws Exception {
        HttpResponse<String> response = node.post("/api/quote/ada", "application/json",
                "{\"item\":\"apple\",\"quantity\":3}");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().map().toString());
        JsonObject quote = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals("ada", quote.get("customer").getAsString());
        assertEquals("apple", quote.get("item").getAsString());
        assertEquals(3, quote.get("quantity").getAsInt());
        assertEquals("CHF", quote.get("currency").getAsString(), "the app setting of etc/...AppSettings-orders.cfg");
        assertEquals(150, quote.get("unitPriceCents").getAsLong());
        assertEquals(450, quote.get("totalCents").getAsLong());
    }

    @Test
    @Order(3)
    void placeOrderAnswers202AndFulfilOrderTakesTheOrderOffTheQueue() throws Exception {
        HttpResponse<String> response = node.post("/api/orders/ada", "application/json",
                "{\"item\":\"pear\",\"quantity\":2}");
        assertEquals(202, response.statusCode(), response.body());
        JsonObject accepted = JsonParser.parseString(response.body()).getAsJsonObject();
        placedOrderId = accepted.get("id").getAsString();
        assertEquals("ada", accepted.get("customer").getAsString());
        assertEquals("/api/orders/ada/" + placedOrderId, response.headers().firstValue("Location").orElse(null));

        JsonObject fulfilled = awaitInvocation("fulfilOrder", placedOrderId);
        assertEquals("SUCCEEDED", fulfilled.get("status").getAsString(), fulfilled.toString());
        assertEquals("queueTrigger", fulfilled.get("trigger").getAsString());
        assertEquals("orders", fulfilled.get("app").getAsString());
        assertEquals(List.of("INFO Fulfilled order " + placedOrderId + ": 2 x pear for ada (1 since the last report)"),
                logs(fulfilled), "the POJO message as placeOrder queued it");

        // consumed, not left on the queue or moved to the poison queue
        await("the queue orders is empty").atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .untilAsserted(() -> {
                    JsonObject queue = queue("orders");
                    assertEquals(0, queue.get("messages").getAsInt(), queue.toString());
                    assertEquals(0, queue.get("poisonMessages").getAsInt(), queue.toString());
                });
    }

    @Test
    @Order(4)
    void dailyReportRunByTheOperatorGetsTheTimerPayload() throws Exception {
        HttpResponse<String> run = node.admin("POST", "/admin/functions/dailyReport", "{}");
        assertEquals(202, run.statusCode(), run.body());

        JsonObject report = awaitInvocation("dailyReport", "Daily report");
        assertEquals("SUCCEEDED", report.get("status").getAsString(), report.toString());
        assertEquals("timerTrigger", report.get("trigger").getAsString());
        List<String> logs = logs(report);
        assertEquals(2, logs.size(), logs.toString());
        assertEquals("INFO Daily report: 1 order(s) fulfilled since the last report", logs.get(1),
                "the order fulfilOrder counted");

        String prefix = "INFO Timer is triggered: ";
        assertTrue(logs.get(0).startsWith(prefix), logs.get(0));
        JsonObject payload = JsonParser.parseString(logs.get(0).substring(prefix.length())).getAsJsonObject();
        assertEquals(false, payload.get("IsPastDue").getAsBoolean(), payload.toString());
        // a daily schedule is monitored: the payload says when it runs next, at 06:00 UTC
        String next = payload.getAsJsonObject("ScheduleStatus").get("Next").getAsString();
        assertTrue(next.endsWith("T06:00:00+00:00"), payload.toString());
    }

    private static Map<String, String> expectedStates() {
        Map<String, String> expected = new TreeMap<>();
        FUNCTIONS.forEach(f -> expected.put(f, "RUNNING"));
        return expected;
    }

    /** Name -> state of the functions of app orders (and their state messages, should one not run). */
    private static Map<String, String> states() throws Exception {
        HttpResponse<String> response = node.admin("GET", "/admin/functions", null);
        assertEquals(200, response.statusCode(), response.body());
        Map<String, String> states = new TreeMap<>();
        for (JsonElement element : JsonParser.parseString(response.body()).getAsJsonArray()) {
            JsonObject function = element.getAsJsonObject();
            if ("orders".equals(function.get("app").getAsString())) {
                String message = !function.has("stateMessage") || function.get("stateMessage").isJsonNull() ? ""
                        : " (" + function.get("stateMessage").getAsString() + ")";
                states.put(function.get("name").getAsString(), function.get("state").getAsString() + message);
            }
        }
        return states;
    }

    /** The newest invocation record of {@code function} with a log line containing {@code logged} (lines start with the level). */
    private static JsonObject awaitInvocation(String function, String logged) {
        return await(function + " logged '" + logged + "'").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> {
                    HttpResponse<String> response = node.admin("GET", "/admin/invocations?function=" + function, null);
                    for (JsonElement element : JsonParser.parseString(response.body()).getAsJsonArray()) {
                        JsonObject record = element.getAsJsonObject();
                        if (logs(record).stream().anyMatch(line -> line.contains(logged))) {
                            return record;
                        }
                    }
                    return null;
                }, record -> record != null);
    }

    private static List<String> logs(JsonObject record) {
        List<String> logs = new ArrayList<>();
        if (record.has("logs")) {
            record.getAsJsonArray("logs").forEach(line -> logs.add(line.getAsString()));
        }
        return logs;
    }

    private static JsonObject queue(String name) throws Exception {
        for (JsonElement element : JsonParser.parseString(node.admin("GET", "/admin/queues", null).body())
                .getAsJsonArray()) {
            if (name.equals(element.getAsJsonObject().get("name").getAsString())) {
                return element.getAsJsonObject();
            }
        }
        throw new AssertionError("no queue " + name);
    }
}
