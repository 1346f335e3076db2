package io.fnhost.management.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.HostStatusDTO;
import io.fnhost.spi.QueueAdmin;

/**
 * Serves {@link AdminApiServlet} over real HTTP on an embedded Jetty 9.4 (the line Pax Web runs), backed
 * by in-memory {@link InMemoryFunctionRuntime} and {@link InMemoryFunctionKeys}. The servlet at
 * {@code /admin/*} answers 503 at once while the host is not running; the one under context
 * {@code /waiting} waits up to {@link #WAITING_CONTEXT_WAIT} first.
 */
abstract class AdminApiHttpTest {
    static final String MASTER_KEY = "master-secret";
    static final long MAX_BODY_BYTES = 4096;
    static final int MAX_INVOCATIONS_LIMIT = 1000;
    static final Duration WAITING_CONTEXT_WAIT = Duration.ofSeconds(20);

    final InMemoryFunctionRuntime runtime = new InMemoryFunctionRuntime();
    final InMemoryFunctionKeys keys = new InMemoryFunctionKeys(MASTER_KEY);
    /** The optional queue admin service: empty until a test sets it, as when fnhost-queue is not installed. */
    final AtomicReference<QueueAdmin> queueAdmin = new AtomicReference<>();
    final ObjectMapper mapper = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Server server;
    /** The servlet of the root context. */
    AdminApiServlet servlet;
    String origin;

    /** What came back. */
    record Response(int status, HttpHeaders headers, String body, ObjectMapper mapper) {
        JsonNode json() throws IOException {
            assertThat(headers.firstValue("Content-Type")).get().asString()
                    .startsWith("application/json").containsIgnoringCase("charset=utf-8");
            return mapper.readTree(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        HostStatusDTO status = new HostStatusDTO();
        status.id = "node-1";
        status.state = HostStatusDTO.RUNNING;
        status.version = "0.1.0";
        status.instanceId = "instance-42";
        status.computerName = "box";
        status.processUptime = 1234;
        runtime.status = status;

        server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setHandler(new ContextHandlerCollection(context("/", Duration.ZERO),
                context("/waiting", WAITING_CONTEXT_WAIT)));
        server.start();
        origin = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private ServletContextHandler context(String path, Duration runningHostWait) {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath(path);
        AdminApiServlet admin = new AdminApiServlet(runtime, keys, MAX_BODY_BYTES, runningHostWait,
                MAX_INVOCATIONS_LIMIT, queueAdmin);
        if (path.equals("/")) {
            servlet = admin;
        }
        context.addServlet(new ServletHolder(admin), "/admin/*");
        return context;
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    /** {@code method path} with the key in {@code x-functions-key} (none when null). */
    Response call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (key != null) {
            request.header(FunctionKeys.KEY_HEADER, key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        var response = http.send(request.build(), BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers(), response.body(), mapper);
    }

    Response get(String path) throws Exception {
        return call("GET", path, MASTER_KEY, null);
    }

    Response post(String path, String body) throws Exception {
        return call("POST", path, MASTER_KEY, body);
    }

    Response put(String path, String body) throws Exception {
        return call("PUT", path, MASTER_KEY, body);
    }

    Response delete(String path) throws Exception {
        return call("DELETE", path, MASTER_KEY, null);
    }

    /** Asserts fnhost's error body: a short {@code error} and a {@code detail} containing {@code detailPart}. */
    static void assertProblem(Response response, int status, String error, String detailPart) throws IOException {
        assertThat(response.status()).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("detail").asText()).contains(detailPart);
    }
}
