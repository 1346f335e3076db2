package io.fnhost.maven;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Uploads a function app jar to a node's publish endpoint: {@code POST <node>/admin/apps} with the
 * master key in {@code x-functions-key} and the jar as the body ({@code application/java-archive}).
 * A {@code 201 Created} answer (or {@code 200}) is the published app; any other answer becomes a
 * {@link PublishException} carrying the node's {@code {error, detail}} message.
 */
public final class AppPublisher {

    /** Where the publish endpoint lives under the node's base URL. */
    static final String PUBLISH_PATH = "/admin/apps";
    static final String KEY_HEADER = "x-functions-key";
    static final String JAR_CONTENT_TYPE = "application/java-archive";

    /** Longest piece of a non-JSON error body quoted in a message. */
    private static final int QUOTED_BODY_LIMIT = 500;

    private final URI node;
    private final String masterKey;
    private final Duration timeout;
    private final HttpClient http;
    private final Gson gson = new Gson();

    /**
     * @param node      the node's base URL, e.g. {@code http://localhost:8181}
     * @param masterKey the node's master key (sent in a header, never logged)
     * @param timeout   how long to wait for the node's answer; validation of a large app takes a while
     */
    public AppPublisher(URI node, String masterKey, Duration timeout) {
        this.node = node;
        this.masterKey = masterKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                // a redirect would resend the key to wherever it points
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The endpoint a jar is posted to. */
    public URI endpoint() {
        String base = node.toString().replaceAll("/+$", "");
        return URI.create(base + PUBLISH_PATH);
    }

    /**
     * Posts {@code jar} and returns what the node stored.
     *
     * @throws PublishException when the jar cannot be read, the node cannot be reached or it refuses the upload
     */
    public PublishedApp publish(Path jar) throws PublishException, InterruptedException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(endpoint())
                    .timeout(timeout)
                    .header(KEY_HEADER, masterKey)
                    .header("Content-Type", JAR_CONTENT_TYPE)
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(jar))
                    .build();
        } catch (IOException e) {
            throw new PublishException("Cannot read " + jar + ": " + e.getMessage()
                    + ". Build the function app first: mvn package fnhost:publish", e);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new PublishException("Cannot reach fnhost at " + node + " (connection refused). Start the node, "
                    + "or point FNHOST_URL (or -Dfnhost.url) at a running one.", e);
        } catch (HttpTimeoutException e) {
            throw new PublishException("fnhost at " + node + " did not answer within " + timeout.toSeconds()
                    + " s. Raise -Dfnhost.timeout if the node is busy validating a large app.", e);
        } catch (IOException e) {
            throw new PublishException("Publishing to " + endpoint() + " failed: " + e, e);
        }
        return answer(response);
    }

    private PublishedApp answer(HttpResponse<String> response) throws PublishException {
        int status = response.statusCode();
        if (status == 201 || status == 200) {
            try {
                PublishedApp app = gson.fromJson(response.body(), PublishedApp.class);
                if (app == null || app.name() == null) {
                    throw new JsonParseException("no app name in the answer");
                }
                return app;
            } catch (JsonParseException e) {
                throw new PublishException(status, "fnhost at " + node + " answered " + status
                        + " but not with the published app (" + e.getMessage() + "): " + quote(response.body()));
            }
        }
        String nodeMessage = errorMessage(response.body());
        String message = switch (status) {
            case 401, 403 -> "fnhost at " + node + " refused the master key (HTTP " + status + ")"
                    + (nodeMessage.isEmpty() ? "" : ": " + nodeMessage)
                    + ". Set FNHOST_MASTER_KEY to the node's master key (the node's FNHOST_MASTER_KEY, "
                    + "or its data/fnhost/keys).";
            case 404 -> "fnhost at " + node + " has no publish endpoint " + PUBLISH_PATH + " (HTTP 404)"
                    + (nodeMessage.isEmpty() ? "" : ": " + nodeMessage)
                    + ". Check FNHOST_URL: it must be the base URL of a node running fnhost's management feature.";
            default -> "fnhost refused the function app (HTTP " + status + ")"
                    + (nodeMessage.isEmpty() ? "" : ": " + nodeMessage);
        };
        // a node or proxy that echoes request headers must not put the key into a build log
        throw new PublishException(status, message.replace(masterKey, "***"));
    }

    /** {@code "<error>: <detail>"} from a JSON error body, the quoted body otherwise, "" for no body. */
    private String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonElement json = JsonParser.parseString(body);
            if (json.isJsonObject()) {
                JsonObject object = json.getAsJsonObject();
                String error = text(object, "error");
                String detail = text(object, "detail");
                if (error != null || detail != null) {
                    return error == null ? detail : detail == null ? error : error + ": " + detail;
                }
            }
        } catch (JsonParseException e) {
            // not JSON (a proxy's HTML page, say): quoted below
        }
        return quote(body);
    }

    private static String text(JsonObject object, String member) {
        JsonElement value = object.get(member);
        return value == null || value.isJsonNull() ? null
                : value.isJsonPrimitive() ? value.getAsString() : value.toString();
    }

    private static String quote(String body) {
        String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= QUOTED_BODY_LIMIT ? oneLine : oneLine.substring(0, QUOTED_BODY_LIMIT) + "...";
    }
}
