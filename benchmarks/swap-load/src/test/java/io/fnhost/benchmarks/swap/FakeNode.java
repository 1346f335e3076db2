package io.fnhost.benchmarks.swap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a node with the publish endpoint, on a free local port: {@code GET /api/greet/Ada}
 * answers the current version's body; {@code POST /admin/apps} switches to the version whose jar bytes
 * were sent; {@code POST /admin/apps/greeter/rollback?version=} switches to that version. Misbehaviours
 * the client must report can be switched on.
 */
final class FakeNode implements AutoCloseable {
    static final String KEY = "fake-master-key";
    static final List<String> BODIES = List.of("v1: Hello, Ada", "v2: Hello, Ada");
    static final List<String> VERSIONS = List.of("1.0.0", "2.0.0");

    /** While a publish switches versions, greet answers 503 until this many requests were refused; 0: never. */
    volatile int refusalsPerPublish;
    /** Whether a rollback really switches the version. */
    volatile boolean rollbackSwitches = true;
    final List<String> rollbackVersions = Collections.synchronizedList(new ArrayList<>());

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<byte[]> jars;
    private volatile int current;
    private volatile CountDownLatch refusals = new CountDownLatch(0);

    FakeNode(Path v1, Path v2) throws IOException {
        jars = List.of(Files.readAllBytes(v1), Files.readAllBytes(v2));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/greet/Ada", this::greet);
        server.createContext("/admin/apps", this::admin);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void greet(HttpExchange exchange) throws IOException {
        CountDownLatch pending = refusals;
        if (pending.getCount() > 0) {
            pending.countDown();
            answer(exchange, 503, "swapping");
        } else {
            answer(exchange, 200, BODIES.get(current));
        }
    }

    private void admin(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!KEY.equals(exchange.getRequestHeaders().getFirst("x-functions-key"))) {
            answer(exchange, 401, "");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/admin/apps")) {
            int version = Arrays.equals(body, jars.get(0)) ? 0 : 1;
            if (refusalsPerPublish > 0 && version != current) {
                CountDownLatch latch = new CountDownLatch(refusalsPerPublish);
                refusals = latch;
                try {
                    latch.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            current = version;
            answer(exchange, 201, "{\"name\": \"greeter\", \"version\": \"" + VERSIONS.get(version)
                    + "\", \"functions\": [{\"name\": \"greet\"}]}");
        } else if (path.equals("/admin/apps/greeter/rollback")) {
            String version = exchange.getRequestURI().getQuery().replace("version=", "");
            rollbackVersions.add(version);
            if (rollbackSwitches) {
                current = VERSIONS.indexOf(version);
            }
            answer(exchange, 200, "{\"name\": \"greeter\"}");
        } else {
            answer(exchange, 404, "");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
