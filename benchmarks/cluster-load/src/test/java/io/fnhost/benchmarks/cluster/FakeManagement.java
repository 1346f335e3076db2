package io.fnhost.benchmarks.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a management node with two workers, driven by the client's polls rather than by time, so the
 * tests are deterministic: a publish reaches the workers after {@link #pollsToConverge} app polls (DEPLOYING
 * first, then RUNNING the new artifact, and {@code /<worker>/api/greet/Ada} answers its body); a placement takes
 * effect on the next app poll; while workers run the app, each {@code GET /admin/queues} takes
 * {@link #drainedPerPollPerWorker} messages per worker off the queue.
 */
final class FakeManagement implements AutoCloseable {
    static final String KEY = "fake-master-key";
    static final List<String> WORKERS = List.of("w1", "w2");

    /** App polls after a publish until the workers report RUNNING. */
    volatile int pollsToConverge = 2;
    /** An artifact (SHA-256) the workers fail to install: they report FAILED and keep running the old one. */
    volatile String failingSha;
    /** Status every publish answers instead of 201; 0: 201. */
    volatile int publishStatus;
    volatile int drainedPerPollPerWorker = 300;

    final List<String> placements = Collections.synchronizedList(new ArrayList<>());
    final Map<String, String> bodiesBySha;
    final Map<String, String> versionsBySha;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Object lock = new Object();
    // guarded by lock
    // the artifact published last; the drain tests publish none (the app is there before they start)
    private String sha = "published-before";
    private int pollsSincePublish;
    private final Map<String, String> runningSha = new LinkedHashMap<>();
    private String placedGroup = "default";
    private int placedReplicas;
    // the first app poll puts the app on the workers of its placement
    private boolean placementApplied;
    private long depth;
    private long enqueued;

    FakeManagement(Map<String, String> bodiesBySha, Map<String, String> versionsBySha) throws IOException {
        this.bodiesBySha = bodiesBySha;
        this.versionsBySha = versionsBySha;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/admin/apps", this::apps);
        server.createContext("/admin/queues", this::queues);
        for (String worker : WORKERS) {
            server.createContext("/" + worker + "/api/greet/Ada", exchange -> greet(exchange, worker));
        }
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    URI greetUrl(String worker) {
        return base().resolve(worker + "/api/greet/Ada");
    }

    long enqueued() {
        synchronized (lock) {
            return enqueued;
        }
    }

    long depth() {
        synchronized (lock) {
            return depth;
        }
    }

    private void apps(HttpExchange exchange) throws IOException {
        if (!KEY.equals(exchange.getRequestHeaders().getFirst("x-functions-key"))) {
            answer(exchange, 401, "{\"error\":\"unauthorized\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (method.equals("POST") && path.equals("/admin/apps")) {
            byte[] jar = exchange.getRequestBody().readAllBytes();
            if (publishStatus != 0) {
                answer(exchange, publishStatus, "{\"error\":\"refused on purpose\"}");
                return;
            }
            synchronized (lock) {
                sha = sha256(jar);
                pollsSincePublish = 0;
            }
            answer(exchange, 201, "{\"name\":\"greeter\"}");
        } else if (method.equals("PUT") && path.endsWith("/placement")) {
            JsonObject body = JsonParser.parseString(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8)).getAsJsonObject();
            synchronized (lock) {
                placedGroup = body.get("group").getAsString();
                placedReplicas = body.get("replicas").getAsInt();
                placementApplied = false;
                placements.add(placedGroup + "/" + placedReplicas);
            }
            answer(exchange, 200, "{}");
        } else if (method.equals("GET")) {
            answer(exchange, 200, appAnswer().toString());
        } else {
            answer(exchange, 405, "{}");
        }
    }

    private JsonObject appAnswer() {
        synchronized (lock) {
            pollsSincePublish++;
            if (!placementApplied) {
                runningSha.clear();
                int replicas = placedReplicas == 0 ? WORKERS.size() : placedReplicas;
                if (placedGroup.equals("default")) {
                    WORKERS.stream().limit(replicas).forEach(w -> runningSha.put(w, sha));
                }
                placementApplied = true;
            } else if (pollsSincePublish >= pollsToConverge && !sha.equals(failingSha)) {
                runningSha.replaceAll((worker, old) -> sha);
            }
            JsonObject app = new JsonObject();
            app.addProperty("name", "greeter");
            JsonArray nodes = new JsonArray();
            runningSha.forEach((worker, running) -> {
                JsonObject node = new JsonObject();
                node.addProperty("node", worker);
                boolean current = sha.equals(running);
                boolean failed = !current && sha.equals(failingSha) && pollsSincePublish >= pollsToConverge;
                node.addProperty("state", current ? "RUNNING" : failed ? "FAILED" : "DEPLOYING");
                // a node reports the artifact it runs, or the one it is installing
                node.addProperty("sha256", sha);
                node.addProperty("version", versionsBySha.get(sha));
                nodes.add(node);
            });
            app.add("nodes", nodes);
            return app;
        }
    }

    private void queues(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("POST") && path.endsWith("/messages")) {
            exchange.getRequestBody().readAllBytes();
            synchronized (lock) {
                depth++;
                enqueued++;
            }
            answer(exchange, 201, "{}");
            return;
        }
        JsonArray queues = new JsonArray();
        synchronized (lock) {
            int consumers = runningSha.size();
            depth -= Math.min(depth, (long) drainedPerPollPerWorker * consumers);
            JsonObject queue = new JsonObject();
            queue.addProperty("name", "bench-drain");
            queue.addProperty("messages", depth);
            queue.addProperty("poisonMessages", 0);
            queue.addProperty("consumers", consumers * 32);
            queues.add(queue);
        }
        answer(exchange, 200, queues.toString());
    }

    private void greet(HttpExchange exchange, String worker) throws IOException {
        String running;
        synchronized (lock) {
            appAnswer(); // a poll like any other: the workers move on
            running = runningSha.get(worker);
        }
        String body = running == null ? null : bodiesBySha.get(running);
        if (body == null) {
            answer(exchange, 404, "");
        } else {
            answer(exchange, 200, body);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
