package io.fnhost.itests.distribution;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client that GETs one URL in a loop on a thread of its own, one request after the other, and records
 * every answer: what the test runs through the gateway while it kills a worker. A request counts as failed
 * when it gets no response or a status other than 200.
 */
final class GatewayLoad implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** One request: when it was sent, its status (0 when it got no response) and body or error. */
    record Answer(Instant sentAt, int status, String body) {
        boolean ok() {
            return status == 200;
        }
    }

    private final URI uri;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Answer> answers = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread loop;

    private GatewayLoad(URI uri) {
        this.uri = uri;
        this.loop = new Thread(this::run, "gateway load " + uri);
        loop.setDaemon(true);
    }

    /** Starts GETting {@code uri} at once. */
    static GatewayLoad start(URI uri) {
        GatewayLoad load = new GatewayLoad(uri);
        load.loop.start();
        return load;
    }

    private void run() {
        while (running.get()) {
            Instant sentAt = Instant.now();
            Answer answer;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                answer = new Answer(sentAt, response.statusCode(), response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                answer = new Answer(sentAt, 0, e.toString());
            }
            synchronized (answers) {
                answers.add(answer);
            }
        }
    }

    /** The answers so far, in order. */
    List<Answer> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    /** The answers to requests sent at or after {@code instant}. */
    List<Answer> answersSince(Instant instant) {
        return answers().stream().filter(a -> !a.sentAt().isBefore(instant)).toList();
    }

    /** The failed requests so far. */
    List<Answer> failures() {
        return answers().stream().filter(a -> !a.ok()).toList();
    }

    /** Stops the loop after the request in flight and waits for it. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        loop.join(REQUEST_TIMEOUT.plusSeconds(5).toMillis());
    }

    @Override
    public String toString() {
        List<Answer> all = answers();
        List<Answer> failed = new ArrayList<>(failures());
        return all.size() + " GETs of " + uri + ", " + failed.size() + " failed"
                + (failed.isEmpty() ? "" : ": " + failed.subList(0, Math.min(10, failed.size())));
    }
}
