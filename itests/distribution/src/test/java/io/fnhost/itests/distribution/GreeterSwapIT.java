package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.gson.JsonObject;

/**
 * Hot deployment through deploy/: copy greeter 1.0.0, replace it by 2.0.0 (same symbolic name)
 * while clients keep calling it, then delete it. The steps build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GreeterSwapIT {

    private static final String JAR = "greeter.jar";
    private static final String V1 = "v1: Hello, x";
    private static final String V2 = "v2: Hello, x";
    private static final String BSN = "io.fnhost.itests.greeter";

    /** Bounds of the hammering loop: it ends on success, on this many requests, or at this deadline. */
    private static final int MAX_REQUESTS_PER_CLIENT = 50_000;
    private static final Duration SWAP_DEADLINE = Duration.ofSeconds(90);
    private static final int CLIENTS = 2;

    @RegisterExtension
    static final KarafNode node = KarafNode.standalone("greeter");

    @Test
    @Order(1)
    void copiedVersionOneAnswers() throws Exception {
        long start = System.nanoTime();
        node.deploy("greeter-v1.jar", JAR);
        await("greeter v1 answers after being copied into deploy/")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> V1.equals(node.get("/api/greet/x").body()));
        System.out.printf("[greeter] copy v1 into deploy/ -> first answer in %d ms%n", (System.nanoTime() - start) / 1_000_000);

        assertEquals(200, node.get("/api/greet/x").statusCode());
        HttpResponse<String> legacy = node.get("/api/legacy");
        assertEquals(200, legacy.statusCode());
        assertEquals("legacy v1", legacy.body());
        assertEquals(404, node.get("/api/added").statusCode());
        assertEquals(404, node.get("/api/greet/x1").statusCode(), "{name:alpha} does not match x1");
    }

    @Test
    @Order(2)
    void replacingTheJarSwitchesVersionsWithoutAFailedRequest() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger v1Answers = new AtomicInteger();
        AtomicInteger v2Answers = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + SWAP_DEADLINE.toNanos();

        CompletableFuture<HttpResponse<String>> slow = null;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                boolean sawV2 = false;
                for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && !stop.get() && System.nanoTime() < deadline; i++) {
                    try {
                        HttpResponse<String> response = node.get("/api/greet/x");
                        if (response.statusCode() != 200) {
                            failures.add("status " + response.statusCode() + " body '" + response.body() + "'");
                        } else if (V1.equals(response.body())) {
                            v1Answers.incrementAndGet();
                            if (sawV2) {
                                failures.add("v1 answered after v2 had answered this client");
                            }
                        } else if (V2.equals(response.body())) {
                            v2Answers.incrementAndGet();
                            sawV2 = true;
                        } else {
                            failures.add("unexpected body '" + response.body() + "'");
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
                return null;
            }));
        }
        try {
            await("clients hammer v1").atMost(Duration.ofSeconds(30)).until(() -> v1Answers.get() >= 50);

            // A request in flight on v1 when the swap starts: v1 must be drained, not cut off.
            slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return node.get("/api/slow");
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            await("the slow v1 request is running")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> Files.readAllLines(node.logFile()).stream().anyMatch(l -> l.contains("slow v1 started")));

            long swapStart = System.nanoTime();
            node.deploy("greeter-v2.jar", JAR);
            await("v2 answers after the jar was replaced")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> v2Answers.get() > 0);
            System.out.printf("[greeter] replace jar -> first v2 answer in %d ms%n", (System.nanoTime() - swapStart) / 1_000_000);

            // keep calling while the old version is drained and stopped
            await("greeter 1.0.0 is no longer active")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> node.bundles().stream().noneMatch(b -> isActiveGreeter(b, "1.0.0")));
            int mark = v2Answers.get();
            await("clients keep getting v2 after v1 stopped")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> v2Answers.get() >= mark + 200);
        } finally {
            stop.set(true);
            clients.shutdown();
            assertTrue(clients.awaitTermination(2, TimeUnit.MINUTES), "clients stop");
        }
        for (Future<?> client : running) {
            client.get();
        }
        System.out.printf("[greeter] during the swap: %d v1 answers, %d v2 answers, %d failures%n",
                v1Answers.get(), v2Answers.get(), failures.size());
        assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())),
                "every request during the swap is a 200 from v1 or v2 (" + failures.size() + " failures)");
        assertTrue(node.bundles().stream().anyMatch(b -> isActiveGreeter(b, "2.0.0")), "greeter 2.0.0 active");
        HttpResponse<String> slowAnswer = slow.get(60, TimeUnit.SECONDS);
        assertEquals(200, slowAnswer.statusCode(), "the request in flight during the swap completes");
        assertEquals("slow v1", slowAnswer.body(), "and is answered by the version it started on");
    }

    @Test
    @Order(3)
    void functionsFollowTheNewVersion() throws Exception {
        HttpResponse<String> greet = node.get("/api/greet/x");
        assertEquals(200, greet.statusCode());
        assertEquals(V2, greet.body());
        assertEquals(404, node.get("/api/legacy").statusCode(), "legacy exists only in v1");
        HttpResponse<String> added = node.get("/api/added");
        assertEquals(200, added.statusCode());
        assertEquals("added in v2", added.body());
    }

    @Test
    @Order(4)
    void deletingTheJarRemovesTheFunctions() throws Exception {
        node.undeploy(JAR);
        await("greet is gone after the jar was deleted")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> node.get("/api/greet/x").statusCode() == 404);
        assertEquals(404, node.get("/api/added").statusCode());
        await("no greeter bundle is active")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> node.bundles().stream().noneMatch(b -> BSN.equals(b.get("symbolicName").getAsString())
                        && "Active".equals(b.get("state").getAsString())));
    }

    private static boolean isActiveGreeter(JsonObject bundle, String version) {
        return BSN.equals(bundle.get("symbolicName").getAsString())
                && version.equals(bundle.get("version").getAsString())
                && "Active".equals(bundle.get("state").getAsString());
    }
}
