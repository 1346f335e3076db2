package io.fnhost.benchmarks.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DrainRunTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeManagement management;

    @BeforeEach
    void start() throws Exception {
        management = new FakeManagement(Map.of(), Map.of());
        management.drainedPerPollPerWorker = 20;
    }

    @AfterEach
    void stop() {
        management.close();
    }

    @Test
    void eachDrainParksTheAppFillsTheQueueThenPlacesItOnKWorkersUntilTheQueueIsEmpty() throws Exception {
        DrainRun.Settings settings = new DrainRun.Settings(management.base(), FakeManagement.KEY, "clusterbench",
                "bench-drain", "default", "bench-parked", 200, List.of(1, 2), 2, 16, Duration.ofSeconds(30),
                Duration.ofMillis(1));
        ByteArrayOutputStream report = new ByteArrayOutputStream();

        List<DrainRun.Drain> drains = new DrainRun(settings, http).run(new PrintStream(report, true, StandardCharsets.UTF_8));

        // ABBA: 1, 2 in the first round, 2, 1 in the second; parked before each
        assertEquals(List.of(1, 2, 2, 1), drains.stream().map(DrainRun.Drain::workers).toList());
        assertEquals(List.of("bench-parked/0", "default/1", "bench-parked/0", "default/2",
                "bench-parked/0", "default/2", "bench-parked/0", "default/1"), management.placements);
        assertEquals(800, management.enqueued(), "200 messages per drain");
        assertEquals(0, management.depth(), "every drain ends with the queue empty");
        for (DrainRun.Drain drain : drains) {
            assertEquals(200, drain.messages());
            assertTrue(drain.windowMessages() > 0 && drain.windowMessages() <= 200, drain.toString());
            assertEquals(32 * drain.workers(), drain.consumers(), "every worker's consumers were seen: " + drain);
        }

        ByteArrayOutputStream result = new ByteArrayOutputStream();
        ClusterLoad.report(drains, settings.workerCounts(), new PrintStream(result, true, StandardCharsets.UTF_8));
        String lines = result.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("RESULT workers=1 drains=2 "), lines);
        assertTrue(lines.contains("RESULT workers=2 drains=2 "), lines);
        assertTrue(lines.contains("SCALING from=1 to=2 "), lines);
    }

    @Test
    void ratesAreMessagesOverSeconds() {
        DrainRun.Drain drain = new DrainRun.Drain(1, 2, 10000, 0, 500, 2500, 64, 8000, 2000);
        assertEquals(4000.0, drain.totalRate(), 1e-9);
        assertEquals(4000.0, drain.consumeRate(), 1e-9);
        assertTrue(Double.isNaN(new DrainRun.Drain(1, 2, 10000, 0, 500, 2500, 64, 0, 2000).consumeRate()),
                "nothing left when all workers consumed: no consumption rate");
    }
}
