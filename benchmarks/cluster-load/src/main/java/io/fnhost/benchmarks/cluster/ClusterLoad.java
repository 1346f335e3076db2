package io.fnhost.benchmarks.cluster;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The measuring client of {@code benchmarks/run.sh cluster}, against nodes the script started:
 * <ul>
 * <li>{@code converge}: publish -> running on every worker ({@link ConvergeRun}); {@code RUN} lines, then
 * {@code RESULT} with medians and p90s;</li>
 * <li>{@code drain}: queue throughput with 1 vs. 2 workers ({@link DrainRun}); {@code DRAIN} lines, a
 * {@code RESULT} line per worker count and a {@code SCALING} line.</li>
 * </ul>
 * The master key comes from the environment variable {@code FNHOST_MASTER_KEY}; it is never printed.
 */
public final class ClusterLoad {
    static final String USAGE = """
            usage: java -jar cluster-load.jar converge --admin http://127.0.0.1:8181/ --app greeter \\
                     --v1 greeter-v1.jar --v1-body 'v1: Hello, Ada' --v2 greeter-v2.jar --v2-body 'v2: Hello, Ada' \\
                     [--nodes w1,w2] [--answer-urls http://127.0.0.1:8182/api/greet/Ada,...] \\
                     [--warmups 2] [--runs 10] [--settle-ms 1000] [--timeout 60] [--poll-ms 10]
                   java -jar cluster-load.jar drain --admin http://127.0.0.1:8181/ --app clusterbench --queue bench-drain \\
                     [--group default] [--parked-group bench-parked] [--messages 10000] [--workers 1,2] [--rounds 3] \\
                     [--concurrency 32] [--timeout 300] [--poll-ms 20]
              (timeouts in seconds; FNHOST_MASTER_KEY in the environment)""";
    private static final Set<String> CONVERGE_OPTIONS = Set.of("admin", "app", "v1", "v1-body", "v2", "v2-body", "nodes",
            "answer-urls", "warmups", "runs", "settle-ms", "timeout", "poll-ms");
    private static final Set<String> DRAIN_OPTIONS = Set.of("admin", "app", "queue", "group", "parked-group", "messages",
            "workers", "rounds", "concurrency", "timeout", "poll-ms");

    private ClusterLoad() {
    }

    public static void main(String[] args) throws Exception {
        String masterKey = System.getenv("FNHOST_MASTER_KEY");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            String command = args.length == 0 ? "" : args[0];
            String[] options = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
            switch (command) {
                case "converge" -> {
                    ConvergeRun.Settings settings = convergeSettings(options, masterKey);
                    report(new ConvergeRun(settings, http).run(System.out), System.out);
                }
                case "drain" -> {
                    DrainRun.Settings settings = drainSettings(options, masterKey);
                    report(new DrainRun(settings, http).run(System.out), settings.workerCounts(), System.out);
                }
                default -> throw new IllegalArgumentException(command.isEmpty() ? "name a command: converge or drain"
                        : "unknown command '" + command + "' (converge or drain)");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("cluster-load: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    static ConvergeRun.Settings convergeSettings(String[] args, String masterKey) throws java.io.IOException {
        Map<String, String> options = options(args, CONVERGE_OPTIONS);
        List<Artifact> artifacts = List.of(
                Artifact.of(Path.of(required(options, "v1")), required(options, "v1-body")),
                Artifact.of(Path.of(required(options, "v2")), required(options, "v2-body")));
        return new ConvergeRun.Settings(base(required(options, "admin")), key(masterKey), required(options, "app"),
                artifacts, list(options.get("nodes")), list(options.get("answer-urls")).stream().map(URI::create).toList(),
                count(options, "warmups", 2), Math.max(1, count(options, "runs", 10)),
                Duration.ofMillis(count(options, "settle-ms", 1000)), Duration.ofSeconds(Math.max(1, count(options, "timeout", 60))),
                Duration.ofMillis(Math.max(1, count(options, "poll-ms", 10))));
    }

    static DrainRun.Settings drainSettings(String[] args, String masterKey) {
        Map<String, String> options = options(args, DRAIN_OPTIONS);
        List<Integer> workers = list(options.getOrDefault("workers", "1,2")).stream().map(w -> {
            try {
                int n = Integer.parseInt(w);
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--workers takes worker counts of 1 or more, comma-separated: '" + w + "'");
            }
        }).toList();
        return new DrainRun.Settings(base(required(options, "admin")), key(masterKey), required(options, "app"),
                required(options, "queue"), options.getOrDefault("group", "default"),
                options.getOrDefault("parked-group", "bench-parked"), Math.max(1, count(options, "messages", 10000)),
                workers, Math.max(1, count(options, "rounds", 3)), Math.max(1, count(options, "concurrency", 32)),
                Duration.ofSeconds(Math.max(1, count(options, "timeout", 300))),
                Duration.ofMillis(Math.max(1, count(options, "poll-ms", 20))));
    }

    static void report(List<ConvergeRun.Run> runs, PrintStream out) {
        out.printf(Locale.ROOT, "RESULT runs=%d post_median_ms=%.1f post_p90_ms=%.1f running_median_ms=%.1f running_p90_ms=%.1f"
                        + " answer_median_ms=%.1f answer_p90_ms=%.1f%n", runs.size(),
                median(runs, ConvergeRun.Run::postMs), p90(runs, ConvergeRun.Run::postMs),
                median(runs, ConvergeRun.Run::runningMs), p90(runs, ConvergeRun.Run::runningMs),
                median(runs, ConvergeRun.Run::answerMs), p90(runs, ConvergeRun.Run::answerMs));
    }

    static void report(List<DrainRun.Drain> drains, List<Integer> workerCounts, PrintStream out) {
        Map<Integer, double[]> rates = new HashMap<>();
        for (int workers : workerCounts) {
            List<DrainRun.Drain> mine = drains.stream().filter(d -> d.workers() == workers).toList();
            double total = median(mine, DrainRun.Drain::totalRate);
            double consume = median(mine, DrainRun.Drain::consumeRate);
            rates.put(workers, new double[] {total, consume});
            out.printf(Locale.ROOT, "RESULT workers=%d drains=%d drain_median_ms=%.0f deploy_median_ms=%.0f"
                            + " consumers_median=%.0f total_rate_median=%.0f consume_rate_median=%.0f%n", workers, mine.size(),
                    median(mine, DrainRun.Drain::drainMs), median(mine, DrainRun.Drain::deployMs),
                    median(mine, DrainRun.Drain::consumers), total, consume);
        }
        int most = workerCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
        int least = workerCounts.stream().mapToInt(Integer::intValue).min().orElse(1);
        if (most != least) {
            out.printf(Locale.ROOT, "SCALING from=%d to=%d total=%.2f consume=%.2f%n", least, most,
                    rates.get(most)[0] / rates.get(least)[0], rates.get(most)[1] / rates.get(least)[1]);
        }
    }

    private static <T> double median(List<T> items, ToDoubleFunction<T> figure) {
        return Stats.median(finite(items, figure));
    }

    private static <T> double p90(List<T> items, ToDoubleFunction<T> figure) {
        return Stats.percentile(finite(items, figure), 90);
    }

    private static <T> List<Double> finite(List<T> items, ToDoubleFunction<T> figure) {
        return items.stream().mapToDouble(figure).filter(Double::isFinite).boxed().toList();
    }

    /** {@code --name value} pairs; a clear message for anything unknown or without a value. */
    static Map<String, String> options(String[] args, Set<String> known) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            options.put(name, args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static int count(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number of 0 or more, not '" + value + "'");
        }
    }

    private static List<String> list(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static URI base(String url) {
        return URI.create(url.endsWith("/") ? url : url + "/");
    }

    private static String key(String masterKey) {
        if (masterKey == null || masterKey.isBlank()) {
            throw new IllegalArgumentException("set FNHOST_MASTER_KEY to the management node's master key");
        }
        return masterKey;
    }
}
