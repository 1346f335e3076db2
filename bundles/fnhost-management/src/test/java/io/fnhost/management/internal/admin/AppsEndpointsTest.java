package io.fnhost.management.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.servlet.MultipartConfigElement;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fnhost.management.internal.admin.AdminApiHttpTest.Response;
import io.fnhost.management.internal.apps.AppPublisher;
import io.fnhost.management.internal.apps.Archives;
import io.fnhost.management.internal.apps.UploadInspector;
import io.fnhost.spi.AppDeploymentException;
import io.fnhost.spi.AppDeploymentException.Reason;
import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.HostStatusDTO;

/**
 * {@code /admin/apps} over real HTTP on Jetty 9.4 (multipart enabled as the whiteboard property does in
 * Karaf), with a real {@link AppPublisher} and store on disk; only the core's deployer is a test double.
 */
class AppsEndpointsTest {
    private static final String MASTER_KEY = "master-secret";
    private static final long MAX_UPLOAD = 256 * 1024;

    @TempDir
    Path store;

    private final InMemoryFunctionRuntime runtime = new InMemoryFunctionRuntime();
    private final InMemoryAppDeployments deployments = new InMemoryAppDeployments();
    private final InMemoryAppSettings settings = new InMemoryAppSettings();
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Server server;
    private String origin;

    @BeforeEach
    void start() throws Exception {
        HostStatusDTO status = new HostStatusDTO();
        status.state = HostStatusDTO.RUNNING;
        runtime.status = status;
        AppPublisher publisher = new AppPublisher(deployments, settings,
                () -> Map.of("com.microsoft.azure.functions", "1.3.0", "com.microsoft.azure.functions.annotation",
                        "3.2.3"),
                store, new UploadInspector.Limits(1000, 16L << 20, 100), 3, Duration.ofSeconds(5));
        AdminApiServlet servlet = new AdminApiServlet(runtime, new InMemoryFunctionKeys(MASTER_KEY), 4096,
                Duration.ZERO, 1000, List.of(new AppsResource(publisher, settings, MAX_UPLOAD)));
        ServletHolder holder = new ServletHolder(servlet);
        holder.getRegistration().setMultipartConfig(new MultipartConfigElement(store.toString(), -1, -1, 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(holder, "/admin/*");
        server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setHandler(context);
        server.start();
        origin = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private Response send(String method, String path, String key, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header(FunctionKeys.KEY_HEADER, key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        var response = http.send(request.build(), BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers(), response.body(), mapper);
    }

    private Response publish(byte[] jar) throws Exception {
        return send("POST", "/admin/apps", MASTER_KEY, "application/java-archive", jar);
    }

    private Response get(String path) throws Exception {
        return send("GET", path, MASTER_KEY, null, null);
    }

    private static void assertProblem(Response response, int status, String error, String detailPart)
            throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().path("error").asText()).isEqualTo(error);
        assertThat(response.json().path("detail").asText()).contains(detailPart);
    }

    @Test
    void publishingABundleAnswers201WithTheAppAndItsFunctions() throws Exception {
        Response response = publish(Archives.bundle("greeter", "1.0.0"));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.path("name").asText()).isEqualTo("greeter");
        assertThat(body.path("version").asText()).isEqualTo("1.0.0");
        assertThat(body.path("sha256").asText()).hasSize(64);
        assertThat(body.path("size").asLong()).isEqualTo(Archives.bundle("greeter", "1.0.0").length);
        assertThat(body.path("publishedBy").asText()).isEqualTo("_master");
        assertThat(body.path("publishedAt").asText()).endsWith("Z");
        assertThat(body.path("functions").get(0).path("name").asText()).isEqualTo("greeter-hello");
        assertThat(body.path("functions").get(0).path("state").asText()).isEqualTo("RUNNING");
        assertThat(body.path("functions").get(0).path("trigger").asText()).isEqualTo("httpTrigger");
        assertThat(response.header("Location")).endsWith("/admin/apps/greeter");
        assertThat(deployments.deployed("published:greeter").version).isEqualTo("1.0.0");
    }

    @Test
    void theSameBytesAgainAnswer200AndAddNoVersion() throws Exception {
        byte[] jar = Archives.bundle("greeter", "1.0.0");
        assertThat(publish(jar).status()).isEqualTo(201);

        Response again = publish(jar);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("created").asBoolean()).isFalse();
        assertThat(get("/admin/apps/greeter").json().path("versions")).hasSize(1);
    }

    @Test
    void aMultipartUploadIsPublishedLikeARawOne() throws Exception {
        byte[] jar = Archives.bundle("greeter", "1.0.0");
        String boundary = "fnhost-boundary-42";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"greeter.jar\""
                + "\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + jar.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(jar, 0, body, head.length, jar.length);
        System.arraycopy(tail, 0, body, head.length + jar.length, tail.length);

        Response response = send("POST", "/admin/apps", MASTER_KEY, "multipart/form-data; boundary=" + boundary, body);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().path("sha256").asText())
                .isEqualTo(get("/admin/apps/greeter").json().path("versions").get(0).path("sha256").asText());
    }

    @Test
    void aMultipartBodyWithoutAFilePartIsRefused() throws Exception {
        String boundary = "b";
        byte[] body = ("--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--b--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertProblem(send("POST", "/admin/apps", MASTER_KEY, "multipart/form-data; boundary=" + boundary, body), 400,
                "expected one file", "0 file parts");
    }

    @Test
    void anAzurePackageIsConvertedAndPublished() throws Exception {
        Response response = send("POST", "/admin/apps", MASTER_KEY, "application/zip", Archives.azurePackage(""));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().path("name").asText()).isEqualTo("hello-app");
        assertThat(response.json().path("version").asText()).isEqualTo("1.2.0.SNAPSHOT");
        assertThat(response.json().path("format").asText()).isEqualTo("azure-zip");
    }

    @Test
    void anUploadBeyondTheLimitIs413AndChangesNothing() throws Exception {
        byte[] big = new byte[(int) MAX_UPLOAD + 1];
        // Expect: 100-continue, as curl sends for large bodies: the node refuses before the body is sent. Without
        // it the answer races the upload, and the client may see the connection closed before it reads the 413.
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin + "/admin/apps"))
                .expectContinue(true)
                .header(FunctionKeys.KEY_HEADER, MASTER_KEY)
                .header("Content-Type", "application/java-archive")
                .POST(BodyPublishers.ofByteArray(big))
                .build();
        var response = http.send(request, BodyHandlers.ofString());
        assertProblem(new Response(response.statusCode(), response.headers(), response.body(), mapper), 413,
                "upload too large", "maxUploadBytes");
        assertThat(deployments.deployCalls()).isZero();
    }

    @Test
    void badUploadsAre4xxAndLeaveTheRunningVersion() throws Exception {
        assertThat(publish(Archives.bundle("greeter", "1.0.0")).status()).isEqualTo(201);

        assertProblem(publish("not a jar".getBytes(StandardCharsets.UTF_8)), 400, "not a jar or zip",
                "not a zip file");
        assertProblem(publish(new byte[0]), 400, "missing body", "multipart/form-data");
        assertProblem(publish(Archives.jar(Map.of("Bundle-SymbolicName", "x"), Map.of())), 400, "not a function app",
                "Fnhost-FunctionApp");
        deployments.refuseNext(new AppDeploymentException(Reason.UNRESOLVED, "nothing on this node exports org.foo",
                List.of("org.foo"), null, null, null));
        assertProblem(publish(Archives.bundle("greeter", "2.0.0")), 422, "unresolved imports", "org.foo");
        deployments.refuseNext(new AppDeploymentException(Reason.FUNCTION_ERRORS, "has functions in error: hello"));
        assertProblem(publish(Archives.bundle("greeter", "2.0.1")), 422, "functions in error", "hello");
        deployments.refuseNext(new AppDeploymentException(Reason.DUPLICATE_VERSION, "another Bundle-Version"));
        assertProblem(publish(Archives.bundle("greeter", "1.0.0-other")), 409, "version already running",
                "Bundle-Version");

        JsonNode app = get("/admin/apps/greeter").json();
        assertThat(app.path("version").asText()).isEqualTo("1.0.0");
        assertThat(app.path("versions")).hasSize(1);
        assertThat(deployments.deployed("published:greeter").version).isEqualTo("1.0.0");
    }

    @Test
    void anAppNameDeployedFromTheDeployFolderIs409() throws Exception {
        deployments.deployedFromFolder("greeter");
        deployments.refuseNext(new AppDeploymentException(Reason.CONFLICT, "function app greeter is already "
                + "deployed from file:/opt/karaf/deploy/greeter.jar", null, null, "file:/opt/karaf/deploy/greeter.jar",
                null));
        assertProblem(publish(Archives.bundle("greeter", "1.0.0")), 409, "app deployed elsewhere", "deploy");
        assertProblem(send("DELETE", "/admin/apps/greeter", MASTER_KEY, null, null), 409, "not a published app",
                "deploy folder");
    }

    @Test
    void rollbackDeploysThePreviousVersionOrTheNamedOne() throws Exception {
        publish(Archives.bundle("greeter", "1.0.0"));
        publish(Archives.bundle("greeter", "2.0.0"));
        publish(Archives.bundle("greeter", "3.0.0"));

        Response back = send("POST", "/admin/apps/greeter/rollback", MASTER_KEY, null, null);
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().path("version").asText()).isEqualTo("2.0.0");
        assertThat(deployments.deployed("published:greeter").version).isEqualTo("2.0.0");

        Response named = send("POST", "/admin/apps/greeter/rollback?version=3.0.0", MASTER_KEY, null, null);
        assertThat(named.json().path("version").asText()).isEqualTo("3.0.0");
        JsonNode versions = named.json().path("versions");
        assertThat(versions.get(0).path("version").asText()).isEqualTo("3.0.0");
        assertThat(versions.get(0).path("current").asBoolean()).isTrue();
        assertThat(versions.get(1).path("current").asBoolean()).isFalse();

        assertProblem(send("POST", "/admin/apps/greeter/rollback?version=9.9.9", MASTER_KEY, null, null), 404,
                "version not found", "9.9.9");
    }

    @Test
    void rollbackWithoutAnOlderVersionIs409() throws Exception {
        publish(Archives.bundle("greeter", "1.0.0"));
        assertProblem(send("POST", "/admin/apps/greeter/rollback", MASTER_KEY, null, null), 409,
                "no previous version", "?version=");
    }

    @Test
    void onlyTheRetainedNumberOfVersionsIsListed() throws Exception {
        for (int i = 1; i <= 4; i++) {
            publish(Archives.bundle("greeter", i + ".0.0"));
        }
        JsonNode versions = get("/admin/apps/greeter").json().path("versions");
        assertThat(versions).hasSize(3);
        assertThat(versions.get(2).path("version").asText()).isEqualTo("2.0.0");
    }

    @Test
    void listShowsEveryAppWithStateAndFunctionCount() throws Exception {
        publish(Archives.bundle("greeter", "1.0.0"));
        deployments.deployedFromFolder("folder-app");

        JsonNode apps = get("/admin/apps").json();
        assertThat(apps).hasSize(2);
        assertThat(apps.get(1).path("name").asText()).isEqualTo("greeter");
        assertThat(apps.get(1).path("version").asText()).isEqualTo("1.0.0");
        assertThat(apps.get(1).path("state").asText()).isEqualTo("Running");
        assertThat(apps.get(1).path("functionCount").asInt()).isEqualTo(1);
        assertThat(apps.get(0).path("source").asText()).startsWith("file:");
    }

    @Test
    void deleteUndeploysAndForgetsTheApp() throws Exception {
        publish(Archives.bundle("greeter", "1.0.0"));

        assertThat(send("DELETE", "/admin/apps/greeter", MASTER_KEY, null, null).status()).isEqualTo(204);
        assertThat(deployments.deployed("published:greeter")).isNull();
        assertProblem(get("/admin/apps/greeter"), 404, "app not found", "GET /admin/apps");
        assertProblem(send("DELETE", "/admin/apps/greeter", MASTER_KEY, null, null), 404, "app not found", "greeter");
    }

    @Test
    void settingsAreReplacedAndRead() throws Exception {
        publish(Archives.bundle("greeter", "1.0.0"));

        Response put = send("PUT", "/admin/apps/greeter/settings", MASTER_KEY, "application/json",
                "{\"Greeting\":\"Hi\",\"Mode\":\"test\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(put.status()).isEqualTo(200);
        send("PUT", "/admin/apps/greeter/settings", MASTER_KEY, "application/json",
                "{\"Greeting\":\"Hello\"}".getBytes(StandardCharsets.UTF_8));

        JsonNode read = get("/admin/apps/greeter/settings").json();
        assertThat(read.path("Greeting").asText()).isEqualTo("Hello");
        assertThat(read.has("Mode")).isFalse();
        assertThat(settings.settings("greeter")).containsExactly(Map.entry("Greeting", "Hello"));

        assertProblem(send("PUT", "/admin/apps/greeter/settings", MASTER_KEY, "application/json",
                "{\"Port\":8080}".getBytes(StandardCharsets.UTF_8)), 400, "invalid setting", "Port");
        assertProblem(get("/admin/apps/nope/settings"), 404, "app not found", "nope");
    }

    @Test
    void everyAppsEndpointNeedsTheMasterKey() throws Exception {
        assertThat(send("POST", "/admin/apps", null, "application/java-archive", Archives.bundle("g", "1.0.0"))
                .status()).isEqualTo(401);
        assertThat(send("GET", "/admin/apps", "wrong", null, null).status()).isEqualTo(401);
        assertThat(deployments.deployCalls()).isZero();
    }
}
