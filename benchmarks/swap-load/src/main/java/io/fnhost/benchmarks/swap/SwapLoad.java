package io.fnhost.benchmarks.swap;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The swap benchmark's load client (run by {@code benchmarks/run.sh swap}): HTTP load against a function
 * while its app is updated and rolled back through the admin API; failed requests and latency in the swap
 * windows vs. the steady state between them, from the same run. Prints one {@code CHANGE} line per change,
 * a {@code PHASE} line per phase, {@code FAILURE} lines, and a machine-readable {@code RESULT} line last.
 * The master key comes from the environment variable {@code FNHOST_MASTER_KEY}.
 */
public final class SwapLoad {
    static final String USAGE = """
            usage: java -jar swap-load.jar --base http://127.0.0.1:8181/ --path api/greet/Ada --app greeter \\
                     --v1 greeter-v1.jar --v1-body 'v1: Hello, Ada' --v2 greeter-v2.jar --v2-body 'v2: Hello, Ada' \\
                     [--updates 10] [--rollbacks 10] [--connections 8] [--warmup 15] [--gap 3] [--tail 1] [--timeout 5]
              (durations in seconds; FNHOST_MASTER_KEY in the environment)""";
    private static final Set<String> OPTIONS = Set.of("base", "path", "app", "v1", "v1-body", "v2", "v2-body",
            "updates", "rollbacks", "connections", "warmup", "gap", "tail", "timeout");

    private SwapLoad() {
    }

    public static void main(String[] args) throws Exception {
        SwapRun.Settings settings;
        try {
            settings = settings(args, System.getenv("FNHOST_MASTER_KEY"));
        } catch (IllegalArgumentException e) {
            System.err.println("swap-load: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        SwapRun.Result result = new SwapRun(settings).run(System.out);
        print(result, System.out);
    }

    /** Parses {@code --name value} pairs; a clear message for anything missing or malformed. */
    static SwapRun.Settings settings(String[] args, String masterKey) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            options.put(name, args[i + 1]);
        }
        if (masterKey == null || masterKey.isBlank()) {
            throw new IllegalArgumentException("set FNHOST_MASTER_KEY to the node's master key");
        }
        String base = required(options, "base");
        Path v1 = jar(required(options, "v1"));
        Path v2 = jar(required(options, "v2"));
        return new SwapRun.Settings(URI.create(base.endsWith("/") ? base : base + "/"), required(options, "path"),
                required(options, "app"), List.of(v1, v2),
                List.of(required(options, "v1-body"), required(options, "v2-body")), masterKey,
                count(options, "updates", 10), count(options, "rollbacks", 10),
                Math.max(1, count(options, "connections", 8)), seconds(options, "warmup", 15),
                seconds(options, "gap", 3), seconds(options, "tail", 1), seconds(options, "timeout", 5));
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static Path jar(String path) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no file " + p + ": build the app versions first");
        }
        return p;
    }

    private static int count(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        try {
            int n = value == null ? fallback : Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number >= 0, not '" + value + "'");
        }
    }

    private static Duration seconds(Map<String, String> options, String name, double fallback) {
        String value = options.get(name);
        try {
            double s = value == null ? fallback : Double.parseDouble(value);
            if (s < 0 || Double.isNaN(s)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes seconds >= 0, not '" + value + "'");
        }
    }

    static void print(SwapRun.Result result, PrintStream out) {
        PhaseReport.Phase steady = result.report().steady();
        PhaseReport.Phase swap = result.report().swap();
        for (String phase : List.of("steady", "swap")) {
            PhaseReport.Phase p = phase.equals("steady") ? steady : swap;
            out.printf("PHASE %s requests=%d seconds=%.1f rps=%.0f failures=%d stale=%d p50_us=%d p99_us=%d max_us=%d%n",
                    phase, p.requests(), p.seconds(), p.requestsPerSecond(), p.failures(), p.stale(), p.p50Micros(),
                    p.p99Micros(), p.maxMicros());
        }
        result.failureReasons().forEach((reason, n) -> out.printf("FAILURE %d x %s%n", n, reason));
        double[] changeMillis = result.changes().stream().mapToDouble(AppChange::millis).sorted().toArray();
        out.printf("RESULT steady_requests=%d steady_failures=%d steady_stale=%d steady_p50_us=%d steady_p99_us=%d "
                + "steady_rps=%.0f swap_requests=%d swap_failures=%d swap_stale=%d swap_p50_us=%d swap_p99_us=%d "
                + "swap_max_us=%d swap_rps=%.0f swap_seconds=%.1f changes=%d changes_failed=%d change_median_ms=%.1f "
                + "change_max_ms=%.1f%n",
                steady.requests(), steady.failures(), steady.stale(), steady.p50Micros(), steady.p99Micros(),
                steady.requestsPerSecond(), swap.requests(), swap.failures(), swap.stale(), swap.p50Micros(),
                swap.p99Micros(), swap.maxMicros(), swap.requestsPerSecond(), swap.seconds(), result.changes().size(),
                result.failedChanges(), median(changeMillis),
                changeMillis.length == 0 ? 0 : changeMillis[changeMillis.length - 1]);
    }

    private static double median(double[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
