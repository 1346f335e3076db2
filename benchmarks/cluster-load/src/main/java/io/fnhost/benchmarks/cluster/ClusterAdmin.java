package io.fnhost.benchmarks.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/** The management node's admin API calls the cluster benchmark makes, with the master key. */
final class ClusterAdmin {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** A queue as {@code GET /admin/queues} lists it: messages waiting or being processed, consumers attached. */
    record QueueState(String name, long messages, int consumers) {
    }

    private final HttpClient http;
    private final URI base;
    private final String masterKey;

    /**
     * @param base the management node's root, e.g. {@code http://127.0.0.1:8181/}
     * @param masterKey sent as {@code x-functions-key}, never printed
     */
    ClusterAdmin(HttpClient http, URI base, String masterKey) {
        this.http = http;
        this.base = base;
        this.masterKey = masterKey;
    }

    /** {@code POST /admin/apps} with the jar as the raw body; the answer as it came. */
    HttpResponse<String> publish(Path jar) throws IOException, InterruptedException {
        return send(request("admin/apps").header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar)));
    }

    /** {@code GET /admin/apps/{app}}; empty when the node does not know the app (404). */
    Optional<JsonObject> app(String app) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(request("admin/apps/" + app).GET());
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(object(expect(answer, 200, "GET /admin/apps/" + app)));
    }

    /** {@code PUT /admin/apps/{app}/placement}: the app runs on {@code replicas} workers of {@code group} (0: all). */
    void placement(String app, String group, int replicas) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("group", group);
        body.addProperty("replicas", replicas);
        expect(send(request("admin/apps/" + app + "/placement").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))),
                200, "PUT /admin/apps/" + app + "/placement " + body);
    }

    /** {@code POST /admin/queues/{queue}/messages}, asynchronously; completes with the status (201 expected). */
    CompletableFuture<Integer> enqueue(String queue, String message) {
        HttpRequest request = request("admin/queues/" + queue + "/messages").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(message, StandardCharsets.UTF_8)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /** The queue as {@code GET /admin/queues} lists it; a queue the broker does not have is empty, with no consumers. */
    QueueState queue(String name) throws IOException, InterruptedException {
        String body = expect(send(request("admin/queues").GET()), 200, "GET /admin/queues");
        JsonElement queues;
        try {
            queues = JsonParser.parseString(body);
        } catch (JsonParseException e) {
            throw new IOException("GET /admin/queues did not answer JSON: " + abbreviate(body), e);
        }
        if (!queues.isJsonArray()) {
            throw new IOException("GET /admin/queues did not answer a JSON array: " + abbreviate(body));
        }
        for (JsonElement element : queues.getAsJsonArray()) {
            JsonObject queue = element.getAsJsonObject();
            if (name.equals(queue.get("name").getAsString())) {
                return new QueueState(name, queue.get("messages").getAsLong(),
                        queue.has("consumers") ? queue.get("consumers").getAsInt() : 0);
            }
        }
        return new QueueState(name, 0, 0);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("x-functions-key", masterKey).timeout(TIMEOUT);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String expect(HttpResponse<String> answer, int status, String call) throws IOException {
        if (answer.statusCode() != status) {
            throw new IOException(call + " answered " + answer.statusCode() + " (expected " + status + "): "
                    + abbreviate(answer.body()));
        }
        return answer.body();
    }

    private static JsonObject object(String body) throws IOException {
        try {
            return JsonParser.parseString(body).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException("expected a JSON object, got: " + abbreviate(body), e);
        }
    }

    static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 400 ? text : text.substring(0, 400) + "...";
    }
}
