package io.fnhost.benchmarks.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.google.gson.JsonObject;

/**
 * Publish -> running: publishes the artifacts in turn (v1, v2, v1, ...; each run a real change) and times, from
 * the start of {@code POST /admin/apps}, (a) its answer, (b) the moment {@code GET /admin/apps/{app}} shows every
 * named node RUNNING the new SHA-256, and (c) the moment every answer URL has answered the new version's body.
 * With no nodes named (a standalone baseline) only (a) and (c) are measured.
 */
final class ConvergeRun {

    /** What to publish where, and how often. */
    record Settings(URI admin, String masterKey, String app, List<Artifact> artifacts, List<String> nodes,
            List<URI> answerUrls, int warmups, int runs, Duration settle, Duration timeout, Duration poll) {
    }

    /** One timed publish; {@code runningMs} is NaN when no nodes were named. */
    record Run(int number, String version, double postMs, double runningMs, double answerMs, String nodeStates) {
    }

    private final Settings settings;
    private final HttpClient http;
    private final ClusterAdmin admin;

    ConvergeRun(Settings settings, HttpClient http) {
        if (settings.artifacts().size() < 2) {
            throw new IllegalArgumentException("give two artifacts: each publish must change the app");
        }
        this.settings = settings;
        this.http = http;
        this.admin = new ClusterAdmin(http, settings.admin(), settings.masterKey());
    }

    /** The warm-up publishes (untimed), then the timed runs; one {@code RUN} line per run on {@code out}. */
    List<Run> run(PrintStream out) throws IOException, InterruptedException {
        // the first artifact first, so every timed publish replaces the other version
        int next = 0;
        for (int i = 0; i < settings.warmups(); i++) {
            publishAndAwait(i + 1, settings.artifacts().get(next));
            next = (next + 1) % settings.artifacts().size();
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i <= settings.runs(); i++) {
            settle();
            Run run = publishAndAwait(i, settings.artifacts().get(next));
            next = (next + 1) % settings.artifacts().size();
            runs.add(run);
            out.printf(Locale.ROOT, "RUN n=%d version=%s post_ms=%.1f running_ms=%.1f answer_ms=%.1f nodes=%s%n",
                    run.number(), run.version(), run.postMs(), run.runningMs(), run.answerMs(), run.nodeStates());
        }
        return runs;
    }

    private Run publishAndAwait(int number, Artifact artifact) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> answer = admin.publish(artifact.jar());
        double postMs = millisSince(t0);
        if (answer.statusCode() != 200 && answer.statusCode() != 201) {
            throw new IllegalStateException("publishing " + artifact.name() + " answered " + answer.statusCode() + ": "
                    + ClusterAdmin.abbreviate(answer.body()));
        }
        boolean awaitRunning = !settings.nodes().isEmpty();
        double runningMs = Double.NaN;
        double answerMs = Double.NaN;
        Set<URI> waiting = new HashSet<>(settings.answerUrls());
        AppNodes last = null;
        long deadline = t0 + settings.timeout().toNanos();
        while ((awaitRunning && Double.isNaN(runningMs)) || Double.isNaN(answerMs)) {
            if (awaitRunning && Double.isNaN(runningMs)) {
                Optional<JsonObject> app = admin.app(settings.app());
                last = app.map(AppNodes::of).orElse(null);
                if (last != null && last.runningEverywhere(settings.nodes(), artifact.sha256(), artifact.version())) {
                    runningMs = millisSince(t0);
                }
            }
            if (Double.isNaN(answerMs)) {
                waiting.removeIf(url -> artifact.body().equals(body(url)));
                if (waiting.isEmpty()) {
                    answerMs = millisSince(t0);
                }
            }
            if ((awaitRunning && Double.isNaN(runningMs)) || Double.isNaN(answerMs)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "publish %d of %s %s: not running everywhere within %d s (nodes %s report: %s;"
                                    + " not answering '%s' yet: %s)",
                            number, settings.app(), artifact.version(), settings.timeout().toSeconds(), settings.nodes(),
                            last, artifact.body(), waiting));
                }
                Thread.sleep(settings.poll().toMillis());
            }
        }
        return new Run(number, artifact.version(), postMs, runningMs, answerMs, last == null ? "-" : last.toString());
    }

    /** The body a URL answers with 200, or null (another status, or not reachable yet). */
    private String body(URI url) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? answer.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** A random pause of settle..2 x settle, so no run starts at the same phase of a node's periodic work. */
    private void settle() throws InterruptedException {
        long millis = settings.settle().toMillis();
        if (millis > 0) {
            Thread.sleep(millis + ThreadLocalRandom.current().nextLong(millis));
        }
    }

    private static double millisSince(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
