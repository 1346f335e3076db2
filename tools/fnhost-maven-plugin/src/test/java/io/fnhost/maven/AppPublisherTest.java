package io.fnhost.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppPublisherTest {

    static final String KEY = "test-master-key-0123456789";
    /** What fnhost-management's POST /admin/apps answers with 201 (AppsResource). */
    static final String CREATED = """
            {"name":"demo","version":"1.0.0","sha256":"ab12","size":4,"publishedAt":"2026-11-27T12:00:00Z",
             "publishedBy":"_master","format":"bundle","created":true,
             "functions":[{"name":"hello","state":"RUNNING","trigger":"httpTrigger","entryPoint":"demo.Hello.run"}]}
            """;

    /** Its 200 answer to the same bytes again: nothing changed. */
    static final String UNCHANGED = CREATED.replace("\"created\":true", "\"created\":false");

    @TempDir
    Path dir;
    Path jar;

    @BeforeEach
    void writeJar() throws IOException {
        jar = Files.write(dir.resolve("demo-1.0.0.jar"), new byte[] {'P', 'K', 3, 4});
    }

    private AppPublisher publisherFor(URI node) {
        return new AppPublisher(node, KEY, Duration.ofSeconds(10));
    }

    @Test
    void postsTheJarWithKeyAndContentTypeAndReturnsThePublishedApp() throws Exception {
        try (PublishEndpointStub node = new PublishEndpointStub(201, "application/json", CREATED)) {
            PublishedApp app = publisherFor(node.baseUrl()).publish(jar);

            assertEquals("demo", app.name());
            assertEquals("1.0.0", app.version());
            assertEquals(Boolean.TRUE, app.created());
            assertEquals(false, app.unchanged());
            assertEquals(4, app.size());
            assertEquals(new PublishedApp.Function("hello", "RUNNING", "httpTrigger"), app.functions().get(0));

            PublishEndpointStub.Request request = node.requests().get(0);
            assertEquals("POST", request.method());
            assertEquals("/admin/apps", request.path());
            assertEquals(KEY, request.header("x-functions-key"));
            assertEquals("application/java-archive", request.header("Content-Type"));
            assertArrayEquals(Files.readAllBytes(jar), request.body());
        }
    }

    @Test
    void aTrailingSlashInTheNodeUrlIsIgnored() throws Exception {
        try (PublishEndpointStub node = new PublishEndpointStub(201, "application/json", CREATED)) {
            publisherFor(URI.create(node.baseUrl() + "/")).publish(jar);
            assertEquals("/admin/apps", node.requests().get(0).path());
        }
    }

    @Test
    void aRefusalCarriesTheNodesErrorAndDetail() throws Exception {
        String refusal = "{\"error\":\"Not a function app\",\"detail\":\"The jar has no Fnhost-FunctionApp header: add it in bnd.bnd\"}";
        try (PublishEndpointStub node = new PublishEndpointStub(400, "application/json", refusal)) {
            PublishException e = assertThrows(PublishException.class, () -> publisherFor(node.baseUrl()).publish(jar));
            assertEquals(400, e.status());
            assertEquals("fnhost refused the function app (HTTP 400): Not a function app: "
                    + "The jar has no Fnhost-FunctionApp header: add it in bnd.bnd", e.getMessage());
        }
    }

    @Test
    void aWrongKeySaysWhichVariableToSetWithoutShowingTheKey() throws Exception {
        try (PublishEndpointStub node = new PublishEndpointStub(401, null, "")) {
            PublishException e = assertThrows(PublishException.class, () -> publisherFor(node.baseUrl()).publish(jar));
            assertEquals(401, e.status());
            assertTrue(e.getMessage().contains("refused the master key (HTTP 401)"), e.getMessage());
            assertTrue(e.getMessage().contains("FNHOST_MASTER_KEY"), e.getMessage());
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
        }
    }

    @Test
    void aKeyEchoedByTheServerIsRedactedFromTheMessage() throws Exception {
        String echo = "{\"error\":\"Bad request\",\"detail\":\"header x-functions-key: " + KEY + "\"}";
        try (PublishEndpointStub node = new PublishEndpointStub(400, "application/json", echo)) {
            PublishException e = assertThrows(PublishException.class, () -> publisherFor(node.baseUrl()).publish(jar));
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
            assertTrue(e.getMessage().contains("x-functions-key: ***"), e.getMessage());
        }
    }

    @Test
    void aMissingEndpointPointsAtTheUrl() throws Exception {
        try (PublishEndpointStub node = new PublishEndpointStub(404, "text/html", "<html>Not Found</html>")) {
            PublishException e = assertThrows(PublishException.class, () -> publisherFor(node.baseUrl()).publish(jar));
            assertEquals(404, e.status());
            assertTrue(e.getMessage().contains("has no publish endpoint /admin/apps"), e.getMessage());
            assertTrue(e.getMessage().contains("Check FNHOST_URL"), e.getMessage());
        }
    }

    @Test
    void aNonJsonErrorBodyIsQuoted() throws Exception {
        try (PublishEndpointStub node = new PublishEndpointStub(502, "text/plain", "upstream\n  down")) {
            PublishException e = assertThrows(PublishException.class, () -> publisherFor(node.baseUrl()).publish(jar));
            assertEquals("fnhost refused the function app (HTTP 502): upstream down", e.getMessage());
        }
    }

    @Test
    void a201WithoutAnAppIsAnError() throws Exception {
        try (PublishEndpointStub node = new PublishEndpointStub(201, "application/json", "{}")) {
            PublishException e = assertThrows(PublishException.class, () -> publisherFor(node.baseUrl()).publish(jar));
            assertTrue(e.getMessage().contains("not with the published app"), e.getMessage());
        }
    }

    @Test
    void anUnreachableNodeSaysSo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PublishException e = assertThrows(PublishException.class,
                () -> publisherFor(URI.create("http://127.0.0.1:" + closedPort)).publish(jar));
        assertEquals(0, e.status());
        assertTrue(e.getMessage().startsWith("Cannot reach fnhost at http://127.0.0.1:" + closedPort), e.getMessage());
    }

    @Test
    void aMissingJarSaysHowToBuildIt() throws Exception {
        try (PublishEndpointStub node = new PublishEndpointStub(201, "application/json", CREATED)) {
            PublishException e = assertThrows(PublishException.class,
                    () -> publisherFor(node.baseUrl()).publish(dir.resolve("absent.jar")));
            assertTrue(e.getMessage().contains("mvn package fnhost:publish"), e.getMessage());
            assertTrue(node.requests().isEmpty());
        }
    }
}
