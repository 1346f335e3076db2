package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The timer trigger on the distribution: a seconds schedule fires, an operator's run of a timer function
 * gets the timer payload, and a monitored minute schedule missed while the node was stopped runs once,
 * past due, when it starts again. The test app {@code timers} logs the payload each run received; the
 * tests read it from the invocation records.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TimerIT {
    @RegisterExtension
    static final KarafNode node = KarafNode.standalone("timers").withDeployedBeforeStart("timers.jar");

    @Test
    @Order(1)
    void aSecondsScheduleFiresWithoutScheduleStatus() throws Exception {
        List<JsonObject> runs = await("everyTwoSeconds ran three times").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> invocations("everyTwoSeconds"), list -> list.size() >= 3);
        for (JsonObject run : runs) {
            assertEquals("SUCCEEDED", run.get("status").getAsString(), run.toString());
            JsonObject payload = payload(run, "payload ");
            assertTrue(payload.get("ScheduleStatus").isJsonNull(), "monitor is off for a sub-minute schedule: " + payload);
            assertEquals(false, payload.get("IsPastDue").getAsBoolean());
            assertEquals(true, payload.getAsJsonObject("Schedule").get("AdjustForDST").getAsBoolean());
        }
        // runs start on even seconds, two seconds apart, never two at once
        List<Long> starts = runs.stream().map(r -> r.get("start").getAsLong()).sorted().collect(Collectors.toList());
        for (int i = 1; i < starts.size(); i++) {
            assertTrue(starts.get(i) - starts.get(i - 1) >= 1500, "runs " + starts);
        }
    }

    @Test
    @Order(2)
    void anOperatorRunGetsTheTimerPayloadNotPastDue() throws Exception {
        assertEquals(202, node.admin("POST", "/admin/functions/yearly", "{\"input\":\"\"}").statusCode());
        JsonObject run = await("yearly ran once").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> invocations("yearly"), list -> list.size() == 1).get(0);
        assertEquals("SUCCEEDED", run.get("status").getAsString(), run.toString());
        JsonObject payload = payload(run, "payload ");
        assertEquals(false, payload.get("IsPastDue").getAsBoolean());
        assertTrue(payload.getAsJsonObject("ScheduleStatus").get("Next").getAsString().endsWith("-01-01T00:00:00+00:00"),
                payload.toString());
    }

    @Test
    @Order(3)
    void aMinuteMissedWhileTheNodeWasStoppedRunsOncePastDueAtStart() throws Exception {
        Path status = node.home().resolve("data/fnhost/timers/timers/everyMinute.json");
        await("everyMinute recorded its schedule status").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(status));

        node.stop();
        Instant next = Instant.parse(JsonParser.parseString(Files.readString(status)).getAsJsonObject().get("Next").getAsString());
        // the node stays down past the recorded occurrence
        await("the recorded occurrence passed").atMost(Duration.ofSeconds(70)).pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().isAfter(next.plusSeconds(1)));
        node.startAgain();

        List<JsonObject> runs = await("everyMinute ran past due").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> invocations("everyMinute"), list -> list.stream().anyMatch(r -> logs(r).contains("pastDue=true")));
        List<JsonObject> pastDue = new ArrayList<>();
        for (JsonObject run : runs) {
            if (logs(run).contains("pastDue=true")) {
                pastDue.add(run);
            }
        }
        assertEquals(1, pastDue.size(), "one past-due run: " + runs);
        assertTrue(logs(pastDue.get(0)).contains("next=" + next.toString().replace("Z", "+00:00")), logs(pastDue.get(0)));
    }

    private static List<JsonObject> invocations(String function) throws Exception {
        String body = node.admin("GET", "/admin/invocations?function=" + function + "&limit=100", null).body();
        List<JsonObject> records = new ArrayList<>();
        for (JsonElement element : JsonParser.parseString(body).getAsJsonArray()) {
            JsonObject record = element.getAsJsonObject();
            if (function.equals(record.get("function").getAsString())) {
                records.add(record);
            }
        }
        return records;
    }

    private static String logs(JsonObject record) {
        return record.has("logs") ? record.get("logs").toString() : "";
    }

    /** The JSON the function logged after {@code prefix}. */
    private static JsonObject payload(JsonObject record, String prefix) {
        for (JsonElement line : record.getAsJsonArray("logs")) {
            String text = line.getAsString();
            int at = text.indexOf(prefix);
            if (at >= 0) {
                return JsonParser.parseString(text.substring(at + prefix.length())).getAsJsonObject();
            }
        }
        throw new AssertionError("no '" + prefix + "' line in " + record);
    }
}
