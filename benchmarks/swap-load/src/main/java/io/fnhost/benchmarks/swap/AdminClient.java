package io.fnhost.benchmarks.swap;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The admin API calls of the swap benchmark: publish a jar, roll an app back to a named version. */
final class AdminClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    // the top-level "version" of a publish answer comes before the functions (which have none)
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http;
    private final URI base;
    private final String masterKey;

    /**
     * @param base the node's root, e.g. {@code http://127.0.0.1:8181/}
     * @param masterKey the node's master key (sent as {@code x-functions-key}, never printed)
     */
    AdminClient(HttpClient http, URI base, String masterKey) {
        this.http = http;
        this.base = base;
        this.masterKey = masterKey;
    }

    /** {@code POST /admin/apps} with the jar as the raw body. */
    HttpResponse<String> publish(Path jar) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("admin/apps"))
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar)));
    }

    /** {@code POST /admin/apps/{app}/rollback?version=...}. */
    HttpResponse<String> rollback(String app, String version) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("admin/apps/" + app + "/rollback?version="
                + URLEncoder.encode(version, StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("x-functions-key", masterKey).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The app version a publish answer names, or null. */
    static String versionOf(String publishAnswer) {
        Matcher m = VERSION.matcher(publishAnswer);
        return m.find() ? m.group(1) : null;
    }
}
