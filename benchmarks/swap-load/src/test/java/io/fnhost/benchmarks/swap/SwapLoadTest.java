package io.fnhost.benchmarks.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line settings and the RESULT line benchmarks/run.sh reads. */
class SwapLoadTest {
    @TempDir
    Path dir;

    private String[] args(String... extra) throws Exception {
        Path v1 = Files.writeString(dir.resolve("v1.jar"), "1");
        Path v2 = Files.writeString(dir.resolve("v2.jar"), "2");
        List<String> all = new ArrayList<>(List.of("--base", "http://127.0.0.1:8181", "--path",
                "api/greet/Ada", "--app", "greeter", "--v1", v1.toString(), "--v1-body", "v1: Hello, Ada", "--v2",
                v2.toString(), "--v2-body", "v2: Hello, Ada"));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    @Test
    void defaultsAndOverrides() throws Exception {
        SwapRun.Settings s = SwapLoad.settings(args("--updates", "2", "--gap", "0.5"), "key");
        assertEquals("http://127.0.0.1:8181/", s.base().toString());
        assertEquals(2, s.updates());
        assertEquals(10, s.rollbacks());
        assertEquals(Duration.ofMillis(500), s.gap());
        assertEquals(Duration.ofSeconds(15), s.warmup());
    }

    @Test
    void badInputIsNamed() throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SwapLoad.settings(args(), null))
                .getMessage().contains("FNHOST_MASTER_KEY"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SwapLoad.settings(args("--updates", "-1"), "key")).getMessage().contains("--updates"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SwapLoad.settings(args("--speed", "3"), "key")).getMessage().contains("--speed"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SwapLoad.settings(args("--v1", dir.resolve("missing.jar").toString()), "key"))
                .getMessage().contains("missing.jar"));
    }

    @Test
    void theResultLineCarriesBothPhases() {
        RequestLog log = new RequestLog();
        log.add(300, 1300, 0);
        log.add(150, 3150, RequestLog.FAILED);
        List<AppChange> changes = List.of(new AppChange("publish", 1, 100, 200, 201));
        SwapRun.Result result = new SwapRun.Result(PhaseReport.of(List.of(log), changes, 0, 0, 10_000, 0),
                changes, Map.of("status 503", 1L));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        SwapLoad.print(result, new PrintStream(out, true, StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("FAILURE 1 x status 503"), text);
        String resultLine = text.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
        assertTrue(resultLine.contains(" steady_requests=1 steady_failures=0 "), resultLine);
        assertTrue(resultLine.contains(" swap_requests=1 swap_failures=1 "), resultLine);
        assertTrue(resultLine.contains(" changes=1 changes_failed=0 "), resultLine);
    }
}
