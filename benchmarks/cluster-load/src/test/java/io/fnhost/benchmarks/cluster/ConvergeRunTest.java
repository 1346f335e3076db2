package io.fnhost.benchmarks.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvergeRunTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private Artifact v1;
    private Artifact v2;
    private FakeManagement management;

    @BeforeEach
    void start() throws Exception {
        v1 = Artifact.of(TestJars.jar(dir, "greeter-v1.jar", "1.0.0"), "v1: Hello, Ada");
        v2 = Artifact.of(TestJars.jar(dir, "greeter-v2.jar", "2.0.0"), "v2: Hello, Ada");
        management = new FakeManagement(Map.of(v1.sha256(), v1.body(), v2.sha256(), v2.body()),
                Map.of(v1.sha256(), "1.0.0", v2.sha256(), "2.0.0"));
    }

    @AfterEach
    void stop() {
        management.close();
    }

    private ConvergeRun.Settings settings(List<String> nodes, int runs, Duration timeout) {
        return new ConvergeRun.Settings(management.base(), FakeManagement.KEY, "greeter", List.of(v1, v2), nodes,
                List.of(management.greetUrl("w1"), management.greetUrl("w2")), 1, runs, Duration.ZERO, timeout,
                Duration.ofMillis(1));
    }

    @Test
    void eachRunPublishesTheOtherVersionAndEndsWhenEveryWorkerRunsAndAnswersIt() throws Exception {
        management.pollsToConverge = 3;
        ByteArrayOutputStream report = new ByteArrayOutputStream();

        List<ConvergeRun.Run> runs = new ConvergeRun(settings(FakeManagement.WORKERS, 4, Duration.ofSeconds(30)), http)
                .run(new PrintStream(report, true, StandardCharsets.UTF_8));

        // the warm-up published v1, so the timed runs change the app every time: v2, v1, v2, v1
        assertEquals(List.of("2.0.0", "1.0.0", "2.0.0", "1.0.0"), runs.stream().map(ConvergeRun.Run::version).toList());
        for (ConvergeRun.Run run : runs) {
            assertTrue(run.runningMs() >= run.postMs(), "running is seen after the publish answered: " + run);
            assertTrue(run.answerMs() >= run.postMs(), "answers come after the publish answered: " + run);
            assertEquals("w1:RUNNING,w2:RUNNING", run.nodeStates());
        }
        String lines = report.toString(StandardCharsets.UTF_8);
        assertEquals(4, lines.lines().filter(l -> l.startsWith("RUN n=")).count(), lines);
        assertTrue(lines.contains("RUN n=1 version=2.0.0 "), lines);
    }

    @Test
    void withoutNodesOnlyTheAnswersAreAwaited() throws Exception {
        List<ConvergeRun.Run> runs = new ConvergeRun(settings(List.of(), 2, Duration.ofSeconds(30)), http)
                .run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertEquals(2, runs.size());
        assertTrue(runs.stream().allMatch(r -> Double.isNaN(r.runningMs()) && r.answerMs() >= r.postMs()));
    }

    @Test
    void aWorkerThatNeverRunsTheNewArtifactFailsTheRunWithWhatTheNodesReport() {
        management.failingSha = v2.sha256();

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> new ConvergeRun(settings(FakeManagement.WORKERS, 3, Duration.ofSeconds(1)), http)
                        .run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));

        assertTrue(failure.getMessage().contains("w1:FAILED,w2:FAILED"), failure.getMessage());
        assertTrue(failure.getMessage().contains("2.0.0"), failure.getMessage());
    }

    @Test
    void aRefusedPublishFailsTheRunWithTheAnswer() {
        management.publishStatus = 400;

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> new ConvergeRun(settings(FakeManagement.WORKERS, 1, Duration.ofSeconds(30)), http)
                        .run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));

        assertTrue(failure.getMessage().contains("answered 400") && failure.getMessage().contains("refused on purpose"),
                failure.getMessage());
    }

    @Test
    void oneArtifactIsRefusedBecauseEveryPublishMustChangeTheApp() {
        ConvergeRun.Settings one = new ConvergeRun.Settings(URI.create("http://127.0.0.1:1/"), "k", "greeter",
                List.of(v1), List.of(), List.of(), 0, 1, Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(1));
        assertThrows(IllegalArgumentException.class, () -> new ConvergeRun(one, http));
    }
}
