package io.fnhost.benchmarks.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLoadTest {
    @TempDir
    Path dir;

    @Test
    void convergeSettingsReadTheJarsAndTheLists() throws Exception {
        Path v1 = TestJars.jar(dir, "v1.jar", "1.0.0");
        Path v2 = TestJars.jar(dir, "v2.jar", "2.0.0");
        ConvergeRun.Settings settings = ClusterLoad.convergeSettings(new String[] {"--admin", "http://127.0.0.1:8181",
                "--app", "greeter", "--v1", v1.toString(), "--v1-body", "v1: Hello, Ada", "--v2", v2.toString(),
                "--v2-body", "v2: Hello, Ada", "--nodes", "w1, w2", "--answer-urls", "http://a/x,http://b/x", "--runs", "5"},
                "key");

        assertEquals("http://127.0.0.1:8181/", settings.admin().toString());
        assertEquals(List.of("w1", "w2"), settings.nodes());
        assertEquals(2, settings.answerUrls().size());
        assertEquals(5, settings.runs());
        assertEquals(List.of("1.0.0", "2.0.0"), settings.artifacts().stream().map(Artifact::version).toList());
    }

    @Test
    void badInputIsRefusedWithWhatWasWrong() {
        String[] drain = {"--admin", "http://127.0.0.1:8181/", "--app", "clusterbench", "--queue", "bench-drain"};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterLoad.drainSettings(drain, null))
                .getMessage().contains("FNHOST_MASTER_KEY"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterLoad.drainSettings(
                new String[] {"--admin", "http://x/", "--app", "a", "--queue", "q", "--workers", "1,0"}, "k"))
                .getMessage().contains("--workers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterLoad.drainSettings(
                new String[] {"--admin", "http://x/", "--app", "a", "--queue", "q", "--messages", "many"}, "k"))
                .getMessage().contains("--messages"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterLoad.drainSettings(
                new String[] {"--admin", "http://x/", "--bogus", "1"}, "k")).getMessage().contains("--bogus"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterLoad.convergeSettings(
                new String[] {"--admin", "http://x/", "--app", "g", "--v1", dir.resolve("missing.jar").toString(),
                        "--v1-body", "a", "--v2", "b", "--v2-body", "b"}, "k")).getMessage().contains("no such jar"));
    }

    @Test
    void theConvergeResultLineCarriesMediansAndP90s() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClusterLoad.report(List.of(new ConvergeRun.Run(1, "2.0.0", 100, 300, 310, "w1:RUNNING"),
                new ConvergeRun.Run(2, "1.0.0", 200, 500, 520, "w1:RUNNING"),
                new ConvergeRun.Run(3, "2.0.0", 150, 400, 410, "w1:RUNNING")),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals("RESULT runs=3 post_median_ms=150.0 post_p90_ms=200.0 running_median_ms=400.0 running_p90_ms=500.0"
                + " answer_median_ms=410.0 answer_p90_ms=520.0", out.toString(StandardCharsets.UTF_8).trim());
    }
}
