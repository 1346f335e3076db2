package io.fnhost.benchmarks.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load client against {@link FakeNode}: what it counts, and in which phase. */
class SwapRunTest {
    @TempDir
    Path dir;
    private FakeNode node;
    private Path v1;
    private Path v2;

    @BeforeEach
    void start() throws Exception {
        v1 = Files.writeString(dir.resolve("greeter-v1.jar"), "version one bytes");
        v2 = Files.writeString(dir.resolve("greeter-v2.jar"), "version two bytes");
        node = new FakeNode(v1, v2);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private SwapRun.Result run(int updates, int rollbacks) throws Exception {
        SwapRun.Settings settings = new SwapRun.Settings(node.base(), "api/greet/Ada", "greeter", List.of(v1, v2),
                FakeNode.BODIES, FakeNode.KEY, updates, rollbacks, 2, Duration.ofMillis(100),
                Duration.ofMillis(150), Duration.ofMillis(20), Duration.ofSeconds(5));
        return new SwapRun(settings).run(System.out);
    }

    @Test
    void aCleanRunPublishesAlternatelyRollsBackByVersionAndCountsNoFailure() throws Exception {
        SwapRun.Result result = run(3, 2);

        assertEquals(List.of("publish", "publish", "publish", "rollback", "rollback"),
                result.changes().stream().map(AppChange::kind).toList());
        assertEquals(List.of(1, 0, 1, 0, 1), result.changes().stream().map(AppChange::target).toList());
        assertEquals(0, result.failedChanges());
        // after the publishes v2 is current: the rollbacks go to 1.0.0, then back to 2.0.0
        assertEquals(List.of("1.0.0", "2.0.0"), node.rollbackVersions);
        PhaseReport.Phase steady = result.report().steady();
        PhaseReport.Phase swap = result.report().swap();
        assertTrue(steady.requests() > 0 && swap.requests() > 0, steady + " / " + swap);
        assertEquals(0, steady.failures() + swap.failures(), result.failureReasons().toString());
        assertEquals(0, steady.stale() + swap.stale());
        assertTrue(steady.p99Micros() > 0 && steady.p99Micros() <= steady.maxMicros());
    }

    @Test
    void requestsRefusedWhileAPublishRunsAreSwapFailuresNotSteadyOnes() throws Exception {
        node.refusalsPerPublish = 5;

        SwapRun.Result result = run(2, 0);

        assertTrue(result.report().swap().failures() >= 10, result.report().swap().toString());
        assertEquals(0, result.report().steady().failures(), result.report().steady().toString());
        assertEquals(result.report().swap().failures(), result.failureReasons().get("status 503"));
    }

    @Test
    void aRollbackThatDoesNotSwitchShowsAsStaleAnswers() throws Exception {
        node.rollbackSwitches = false;

        SwapRun.Result result = run(2, 1);

        // the last rollback targets v2 but v1 keeps answering: every steady request after it is stale
        assertTrue(result.report().steady().stale() > 0, result.report().steady().toString());
        assertEquals(0, result.report().steady().failures() + result.report().swap().failures());
    }
}
