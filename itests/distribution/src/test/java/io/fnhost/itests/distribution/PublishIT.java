package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The publish endpoint on a real node: publish greeter 1.0.0, update it to 2.0.0 and roll it back while
 * clients keep calling it (no failed request), refuse bad uploads without touching the running
 * version, keep the app across a restart, delete it, and publish an Azure Functions package. The
 * steps build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishIT {
    private static final String V1 = "v1: Hello, x";
    private static final String V2 = "v2: Hello, x";
    private static final int CLIENTS = 2;
    private static final Duration LOAD_DEADLINE = Duration.ofSeconds(90);

    @RegisterExtension
    static final KarafNode node = KarafNode.standalone("publish");

    private static HttpResponse<String> upload(String query, String contentType, byte[] body) throws Exception {
        return node.send(HttpRequest.newBuilder(node.uri("/admin/apps" + query))
                .header("x-functions-key", KarafNode.MASTER_KEY).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<String> publish(String artifact) throws Exception {
        return upload("", "application/java-archive", Files.readAllBytes(KarafNode.artifact(artifact)));
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static String greeting() throws Exception {
        return node.get("/api/greet/x").body();
    }

    @Test
    @Order(1)
    void publishingVersionOneAnswers201AndItServes() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = publish("greeter-v1.jar");
        assertEquals(201, response.statusCode(), response.body());
        JsonObject body = json(response);
        assertEquals("greeter", body.get("name").getAsString());
        assertEquals("1.0.0", body.get("version").getAsString());
        assertEquals(64, body.get("sha256").getAsString().length());
        assertEquals("_master", body.get("publishedBy").getAsString());
        assertTrue(body.getAsJsonArray("functions").size() >= 3, response.body());
        // the functions run when publish answers: no wait
        assertEquals(V1, greeting());
        System.out.printf("[publish] publish v1 -> first 200 in %d ms%n", (System.nanoTime() - start) / 1_000_000);

        // the same bytes again, as a form upload (curl -F file=@...): recognised, nothing redeployed
        String boundary = "fnhost-it-boundary";
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"greeter.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        form.write(Files.readAllBytes(KarafNode.artifact("greeter-v1.jar")));
        form.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> again = upload("", "multipart/form-data; boundary=" + boundary, form.toByteArray());
        assertEquals(200, again.statusCode(), "the same bytes again: " + again.body());
        assertEquals(body.get("sha256").getAsString(), json(again).get("sha256").getAsString());
    }

    @Test
    @Order(2)
    void publishingVersionTwoUnderLoadFailsNoRequest() throws Exception {
        underLoad(V2, () -> publish("greeter-v2.jar"));
        assertEquals(200, node.get("/api/added").statusCode());
    }

    @Test
    @Order(3)
    void rollbackUnderLoadBringsVersionOneBackWithoutAFailedRequest() throws Exception {
        underLoad(V1, () -> node.admin("POST", "/admin/apps/greeter/rollback", null));
        JsonObject app = json(node.admin("GET", "/admin/apps/greeter", null));
        assertEquals("1.0.0", app.get("version").getAsString());
        assertEquals(2, app.getAsJsonArray("versions").size());
        assertEquals(404, node.get("/api/added").statusCode(), "added exists only in v2");
    }

    @Test
    @Order(4)
    void badUploadsAreRefusedAndTheRunningVersionKeepsServing() throws Exception {
        HttpResponse<String> notAJar = upload("", "application/java-archive",
                "definitely not a jar".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notAJar.statusCode(), notAJar.body());
        assertEquals("not a jar or zip", json(notAJar).get("error").getAsString());

        HttpResponse<String> unresolved = publish("greeter-broken.jar");
        assertEquals(422, unresolved.statusCode(), unresolved.body());
        assertEquals("unresolved imports", json(unresolved).get("error").getAsString());
        assertTrue(json(unresolved).get("detail").getAsString().contains("com.example.nowhere"), unresolved.body());

        HttpResponse<String> bomb = upload("", "application/zip", zipBomb());
        assertEquals(413, bomb.statusCode(), bomb.body());

        node.deploy("hello.jar", "hello.jar");
        await("hello from the deploy folder answers").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> node.get("/api/hello?name=x").statusCode() == 200);
        HttpResponse<String> conflict = publish("hello.jar");
        assertEquals(409, conflict.statusCode(), conflict.body());
        assertTrue(json(conflict).get("detail").getAsString().contains("deploy"), conflict.body());

        assertEquals(V1, greeting());
        assertEquals("1.0.0", json(node.admin("GET", "/admin/apps/greeter", null)).get("version").getAsString());
    }

    @Test
    @Order(5)
    void thePublishedAppSurvivesARestart() throws Exception {
        node.stop();
        node.startAgain();
        await("greeter answers after the restart").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> V1.equals(greeting()));
        JsonObject app = json(node.admin("GET", "/admin/apps/greeter", null));
        assertEquals("1.0.0", app.get("version").getAsString());
        assertEquals("Running", app.get("state").getAsString());
        long greeters = node.bundles().stream()
                .filter(b -> "io.fnhost.itests.greeter".equals(b.get("symbolicName").getAsString())).count();
        assertEquals(1, greeters, "one greeter bundle after the restart, not a second copy");
    }

    @Test
    @Order(6)
    void deleteRemovesTheApp() throws Exception {
        assertEquals(204, node.admin("DELETE", "/admin/apps/greeter", null).statusCode());
        await("greet is gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> node.get("/api/greet/x").statusCode() == 404);
        assertEquals(404, node.admin("GET", "/admin/apps/greeter", null).statusCode());
    }

    @Test
    @Order(7)
    void anAzureFunctionsPackageIsPublishedAndServes() throws Exception {
        HttpResponse<String> response = upload("?name=greeter-azure", "application/zip", azurePackage());
        assertEquals(201, response.statusCode(), response.body());
        assertEquals("greeter-azure", json(response).get("name").getAsString());
        assertEquals(V1, greeting());
        assertEquals(204, node.admin("DELETE", "/admin/apps/greeter-azure", null).statusCode());
    }

    @Test
    @Order(8)
    void appsWithFunctionsInErrorAre422AndThePublishedVersionKeepsAnswering() throws Exception {
        assertEquals(201, publish("greeter-v1.jar").statusCode(), "greeter again (deleted above)");

        // a new app: mixed has a valid function, one waiting for kafkaTrigger and three in Error
        HttpResponse<String> mixed = publish("mixed.jar");
        assertEquals(422, mixed.statusCode(), mixed.body());
        assertFunctionsInError(json(mixed));
        assertEquals(404, node.admin("GET", "/admin/apps/mixed", null).statusCode(), "mixed is not kept");
        assertEquals(404, node.get("/api/ok").statusCode(), "mixed's valid function does not serve either");

        // a new version of greeter with functions in Error: mixed's classes as Azure package greeter 3.0.0
        HttpResponse<String> broken = upload("?name=greeter&version=3.0.0", "application/zip",
                azurePackage("mixed.jar", "mixed-1.0.0.jar", "io.fnhost.itests.mixed.Mixed.ok", "ok", "ok"));
        assertEquals(422, broken.statusCode(), broken.body());
        assertFunctionsInError(json(broken));
        assertTrue(json(broken).get("detail").getAsString().contains("greeter 3.0.0"), broken.body());

        assertEquals(V1, greeting());
        JsonObject app = json(node.admin("GET", "/admin/apps/greeter", null));
        assertEquals("1.0.0", app.get("version").getAsString());
        assertEquals("Running", app.get("state").getAsString());
        assertEquals(1, app.getAsJsonArray("versions").size(), "the refused version is not stored: " + app);
        assertEquals(404, node.get("/api/ok").statusCode());
    }

    @Test
    @Order(9)
    void anUploadOverALoweredMaxUploadBytesIs413AndChangesNothing() throws Exception {
        byte[] v2 = Files.readAllBytes(KarafNode.artifact("greeter-v2.jar"));
        long limit = v2.length - 1;
        Path config = node.home().resolve("etc/io.fnhost.management.AdminApi.cfg");
        assertFalse(Files.exists(config), "the distribution ships no " + config.getFileName());
        Path tmp = Files.createTempFile(node.home(), "adminapi", ".tmp");
        Files.writeString(tmp, "maxUploadBytes = " + limit + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, config, StandardCopyOption.ATOMIC_MOVE);
        try {
            // not a jar, of greeter-v2's size: 400 under the default limit, 413 once the new limit applies
            byte[] probe = new byte[v2.length];
            Arrays.fill(probe, (byte) 'x');
            await("maxUploadBytes = " + limit + " applies").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> upload("", "application/java-archive", probe).statusCode() == 413);

            HttpResponse<String> tooLarge = publish("greeter-v2.jar");
            assertEquals(413, tooLarge.statusCode(), tooLarge.body());
            assertEquals("upload too large", json(tooLarge).get("error").getAsString());
            assertTrue(json(tooLarge).get("detail").getAsString().contains(String.valueOf(limit)), tooLarge.body());

            assertEquals(V1, greeting());
            JsonObject app = json(node.admin("GET", "/admin/apps/greeter", null));
            assertEquals("1.0.0", app.get("version").getAsString());
            assertEquals(1, app.getAsJsonArray("versions").size(), app.toString());
        } finally {
            Files.deleteIfExists(config);
        }
        // the default limit again: the same upload is published
        await("greeter-v2.jar is published under the default limit").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> publish("greeter-v2.jar").statusCode() == 201);
        assertEquals(V2, greeting());
    }

    /** A 422 "functions in error" naming mixed's three functions in Error, and not those that are fine. */
    private static void assertFunctionsInError(JsonObject refusal) {
        assertEquals("functions in error", refusal.get("error").getAsString(), refusal.toString());
        String detail = refusal.get("detail").getAsString();
        for (String function : List.of("twoTriggers", "1bad", "overloaded")) {
            assertTrue(detail.contains(function + " ("), function + " in " + detail);
        }
        assertFalse(detail.contains(": ok (") || detail.contains("; ok ("), "ok is valid: " + detail);
        assertFalse(detail.contains("kafka ("), "kafka waits, it is not in Error: " + detail);
    }

    /** Clients call greet while {@code change} runs; every answer is a 200, and {@code expected} arrives. */
    private static void underLoad(String expected, Callable<HttpResponse<String>> change) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answers = new AtomicInteger();
        AtomicInteger expectedAnswers = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + LOAD_DEADLINE.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                while (!stop.get() && System.nanoTime() < deadline) {
                    try {
                        HttpResponse<String> r = node.get("/api/greet/x");
                        if (r.statusCode() != 200) {
                            failures.add("status " + r.statusCode() + " body '" + r.body() + "'");
                        } else if (expected.equals(r.body())) {
                            expectedAnswers.incrementAndGet();
                        } else if (!V1.equals(r.body()) && !V2.equals(r.body())) {
                            failures.add("unexpected body '" + r.body() + "'");
                        }
                        answers.incrementAndGet();
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                }
                return null;
            }));
        }
        try {
            await("clients are calling").atMost(Duration.ofSeconds(30)).until(() -> answers.get() >= 50);
            long start = System.nanoTime();
            HttpResponse<String> result = change.call();
            assertTrue(result.statusCode() == 200 || result.statusCode() == 201, result.body());
            System.out.printf("[publish] change answered %d in %d ms%n", result.statusCode(),
                    (System.nanoTime() - start) / 1_000_000);
            int mark = expectedAnswers.get();
            await("clients get the new version").atMost(Duration.ofSeconds(30))
                    .until(() -> expectedAnswers.get() >= mark + 200);
        } finally {
            stop.set(true);
            clients.shutdown();
            assertTrue(clients.awaitTermination(2, TimeUnit.MINUTES), "clients stop");
        }
        for (Future<?> client : running) {
            client.get();
        }
        assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())),
                "every request during the change is a 200 (" + failures.size() + " failures)");
    }

    /** 50 MB of zeros in a zip of about 50 KB. */
    private static byte[] zipBomb() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("host.json"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 50; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** What azure-functions-maven-plugin stages for greeter 1.0.0: host.json, greet/function.json, the app jar. */
    private static byte[] azurePackage() throws IOException {
        return azurePackage("greeter-v1.jar", "greeter-v1-1.0.0.jar", "io.fnhost.itests.greeter.Greeter.greet", "greet",
                "greet/{name:alpha}");
    }

    /** An Azure Functions package: host.json, {@code artifact} as {@code jarName}, one HTTP function's function.json. */
    private static byte[] azurePackage(String artifact, String jarName, String entryPoint, String function,
            String route) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, "host.json", "{\"version\":\"2.0\"}".getBytes(StandardCharsets.UTF_8));
            put(zip, jarName, Files.readAllBytes(KarafNode.artifact(artifact)));
            put(zip, function + "/function.json", ("{\"scriptFile\":\"../" + jarName + "\",\"entryPoint\":"
                    + "\"" + entryPoint + "\",\"bindings\":[{\"type\":\"httpTrigger\","
                    + "\"direction\":\"in\",\"name\":\"req\",\"route\":\"" + route + "\",\"authLevel\":"
                    + "\"ANONYMOUS\"},{\"type\":\"http\",\"direction\":\"out\",\"name\":\"$return\"}]}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
