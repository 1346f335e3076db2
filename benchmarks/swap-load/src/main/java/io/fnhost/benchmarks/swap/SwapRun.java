package io.fnhost.benchmarks.swap;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One swap benchmark run: closed-loop clients call the function while the app is published
 * {@code updates} times (alternating between the two versions, each a real change) and then rolled back
 * {@code rollbacks} times (to the other retained version each time, by {@code ?version=}), with
 * {@code gap} of steady load before each change and after the last. All clients and changes share one
 * clock, so each request lands in the swap or the steady phase of the same run ({@link PhaseReport}).
 */
final class SwapRun {
    /**
     * @param base the node's root URI ({@code http://host:port/})
     * @param path the function's path below it, e.g. {@code api/greet/Ada}
     * @param jars the two versions of the app; the first is published before the load starts
     * @param bodies the body each version answers at {@code path}
     */
    record Settings(URI base, String path, String app, List<Path> jars, List<String> bodies, String masterKey,
            int updates, int rollbacks, int connections, Duration warmup, Duration gap, Duration tail,
            Duration requestTimeout) {
    }

    /** What the run measured; the change list in order. */
    record Result(PhaseReport report, List<AppChange> changes, Map<String, Long> failureReasons) {
        long failedChanges() {
            return changes.stream().filter(c -> !c.succeeded()).count();
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final AdminClient admin;
    private final Map<String, LongAdder> failureReasons = new ConcurrentHashMap<>();

    SwapRun(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout()).build();
        this.admin = new AdminClient(http, settings.base(), settings.masterKey());
    }

    Result run(PrintStream progress) throws IOException, InterruptedException {
        String[] versions = new String[2];
        versions[0] = publishForSetup(0);
        awaitBody(settings.bodies().get(0));

        AtomicBoolean stop = new AtomicBoolean();
        List<RequestLog> logs = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(settings.connections());
        List<Future<?>> running = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(settings.base().resolve(settings.path()))
                .timeout(settings.requestTimeout()).GET().build();
        for (int c = 0; c < settings.connections(); c++) {
            RequestLog log = new RequestLog();
            logs.add(log);
            running.add(clients.submit(() -> callUntil(stop, request, log)));
        }
        List<AppChange> changes = new ArrayList<>();
        long measureStart;
        long measureEnd;
        try {
            progress.printf("warm-up %.1f s, %d clients%n", settings.warmup().toMillis() / 1000.0, settings.connections());
            Thread.sleep(settings.warmup().toMillis());
            measureStart = System.nanoTime();
            int current = 0;
            for (int i = 0; i < settings.updates() + settings.rollbacks(); i++) {
                Thread.sleep(settings.gap().toMillis());
                int target = 1 - current;
                boolean publish = i < settings.updates();
                AppChange change = publish ? publish(target, versions) : rollback(target, versions[target]);
                changes.add(change);
                progress.printf("CHANGE %d %s v%d status=%d ms=%.1f%n", i + 1, change.kind(), target + 1,
                        change.status(), change.millis());
                if (change.succeeded()) {
                    current = target;
                }
            }
            Thread.sleep(settings.gap().toMillis());
            measureEnd = System.nanoTime();
        } finally {
            stop.set(true);
            clients.shutdown();
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a load client died", e.getCause());
            }
        }
        PhaseReport report = PhaseReport.of(logs, changes, 0, measureStart, measureEnd, settings.tail().toNanos());
        Map<String, Long> reasons = new TreeMap<>();
        failureReasons.forEach((k, v) -> reasons.put(k, v.sum()));
        return new Result(report, changes, reasons);
    }

    private void callUntil(AtomicBoolean stop, HttpRequest request, RequestLog log) {
        while (!stop.get()) {
            long start = System.nanoTime();
            int answer;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                answer = settings.bodies().indexOf(response.body());
                if (response.statusCode() / 100 != 2) {
                    answer = fail("status " + response.statusCode());
                } else if (answer < 0) {
                    answer = fail("unexpected body '" + abbreviate(response.body()) + "'");
                }
            } catch (IOException e) {
                answer = fail(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            log.add(start, System.nanoTime(), answer);
        }
    }

    private int fail(String reason) {
        failureReasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
        return RequestLog.FAILED;
    }

    private AppChange publish(int target, String[] versions) throws InterruptedException {
        long start = System.nanoTime();
        int status;
        try {
            HttpResponse<String> response = admin.publish(settings.jars().get(target));
            status = response.statusCode();
            if (versions[target] == null) {
                versions[target] = AdminClient.versionOf(response.body());
            }
        } catch (IOException e) {
            status = 0;
        }
        return new AppChange("publish", target, start, System.nanoTime(), status);
    }

    private AppChange rollback(int target, String version) throws InterruptedException {
        long start = System.nanoTime();
        int status;
        try {
            status = version == null ? 0 : admin.rollback(settings.app(), version).statusCode();
        } catch (IOException e) {
            status = 0;
        }
        return new AppChange("rollback", target, start, System.nanoTime(), status);
    }

    private String publishForSetup(int index) throws IOException, InterruptedException {
        HttpResponse<String> response = admin.publish(settings.jars().get(index));
        String version = AdminClient.versionOf(response.body());
        if (response.statusCode() / 100 != 2 || version == null) {
            throw new IllegalStateException("publishing " + settings.jars().get(index) + " before the load answered "
                    + response.statusCode() + ": " + abbreviate(response.body())
                    + " (is the node started with FNHOST_MASTER_KEY, and is no other app of that name deployed?)");
        }
        return version;
    }

    private void awaitBody(String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpRequest request = HttpRequest.newBuilder(settings.base().resolve(settings.path()))
                .timeout(settings.requestTimeout()).GET().build();
        while (!expected.equals(http.send(request, HttpResponse.BodyHandlers.ofString()).body())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(settings.path() + " did not answer '" + expected
                        + "' within 30 s of the publish");
            }
            Thread.sleep(50);
        }
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() <= 80 ? flat : flat.substring(0, 77) + "...";
    }
}
