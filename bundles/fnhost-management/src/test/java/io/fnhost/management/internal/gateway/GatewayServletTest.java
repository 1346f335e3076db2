package io.fnhost.management.internal.gateway;

import static io.fnhost.management.internal.gateway.ClusterNodes.app;
import static io.fnhost.management.internal.gateway.ClusterNodes.http;
import static io.fnhost.management.internal.gateway.ClusterNodes.running;
import static io.fnhost.management.internal.gateway.ClusterNodes.worker;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.awaitility.Awaitility;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.NodeIdentity;

/**
 * The gateway servlet on a real Jetty 9.4 (the line Pax Web runs) in front of two real worker servers,
 * with the cluster's node status from a {@link FakeCluster}.
 */
class GatewayServletTest {
    private final FakeCluster cluster = new FakeCluster();
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private FakeWorker w1;
    private FakeWorker w2;
    private WorkerSelector selector;
    private GatewayServlet gateway;
    private Server server;
    private String origin;

    @BeforeEach
    void start() throws Exception {
        w1 = new FakeWorker("w1");
        w2 = new FakeWorker("w2");
        cluster.nodes.set(List.of(
                worker("w1", w1.url(), shop()),
                worker("w2", w2.url(), shop())));
        // suspicion lasts the whole test: expiry is WorkerSelectorTest's, with a clock of its own
        selector = new WorkerSelector(cluster::nodes, System::nanoTime, 60_000);
        gateway = new GatewayServlet(node("mgmt-1"), selector, config(Map.of()));

        server = new Server();
        HttpConfiguration httpConfig = new HttpConfiguration();
        // as Pax Web does: the gateway's Jetty writes its own Date
        httpConfig.setSendDateHeader(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder("fnhost-management:gateway", gateway);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/api/*");
        server.setHandler(context);
        server.start();
        origin = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        w1.close();
        w2.close();
        server.stop();
    }

    private static NodeAppDTO shop() {
        return running("shop", http("hello", null, null), http("slow", "slow", List.of("GET")),
                http("secure", "secure", null));
    }

    static NodeIdentity node(String name) {
        return new NodeIdentity() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String role() {
                return NodeIdentity.MANAGEMENT;
            }

            @Override
            public String group() {
                return "default";
            }

            @Override
            public int capacity() {
                return 1;
            }
        };
    }

    /** The configuration with its defaults, except {@code overrides}. */
    static GatewayServlet.Config config(Map<String, Object> overrides) {
        return (GatewayServlet.Config) Proxy.newProxyInstance(GatewayServlet.Config.class.getClassLoader(),
                new Class<?>[] {GatewayServlet.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return GatewayServlet.Config.class;
                    }
                    return overrides.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + pathAndQuery)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.GET().build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String pathAndQuery, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + pathAndQuery)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());
    }

    /** The worker's echo as key/value pairs. */
    private static Map<String, String> echo(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, String> values = new HashMap<>();
        for (String line : response.body().split("\n")) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }

    private JsonNode problem(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        JsonNode json = mapper.readTree(response.body());
        assertThat(json.path("error").asText()).isNotBlank();
        assertThat(json.path("detail").asText()).isNotBlank();
        return json;
    }

    /**
     * The client can have a whole answer a moment before the gateway's completion callback releases the
     * worker's count (Jetty writes the body as it arrives): wait for it, so the next pick sees idle workers.
     */
    private void awaitNotOutstanding(String node) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                .until(() -> selector.outstanding(node) == 0);
    }

    @Test
    void requestsAlternateBetweenIdleWorkers() throws Exception {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            awaitNotOutstanding("w1");
            awaitNotOutstanding("w2");
            nodes.add(echo(get("/api/hello")).get("node"));
        }
        assertThat(nodes).containsExactly("w1", "w2", "w1", "w2", "w1", "w2");
        awaitNotOutstanding("w1");
        awaitNotOutstanding("w2");
    }

    @Test
    void concurrentRequestsAllAnswerAndLeaveNoCountBehind() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + "/api/hello?i=" + i)).timeout(Duration.ofSeconds(30));
            all.add(client.sendAsync(i % 2 == 0 ? b.GET().build()
                    : b.POST(BodyPublishers.ofString("body " + i)).build(), BodyHandlers.ofString()));
        }
        for (int i = 0; i < all.size(); i++) {
            Map<String, String> echo = echo(all.get(i).get(30, TimeUnit.SECONDS));
            assertThat(echo.get("query")).isEqualTo("i=" + i);
            assertThat(echo.get("body")).isEqualTo(i % 2 == 0 ? "" : "body " + i);
        }
        assertThat(w1.hits.get()).isPositive();
        assertThat(w2.hits.get()).isPositive();
        assertThat(w1.hits.get() + w2.hits.get()).isEqualTo(200);
        awaitNotOutstanding("w1");
        awaitNotOutstanding("w2");
    }

    @Test
    void aWorkerBusyWithARequestIsAvoidedWhileAnotherIsIdle() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(HttpRequest.newBuilder(URI.create(origin + "/api/slow"))
                .timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
        // the first pick is w1 (round robin from the start)
        assertThat(w1.slowEntered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(selector.outstanding("w1")).isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            awaitNotOutstanding("w2");
            assertThat(echo(get("/api/hello")).get("node")).isEqualTo("w2");
        }
        w1.releaseSlow();
        HttpResponse<String> done = slow.get(20, TimeUnit.SECONDS);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.headers().firstValue("X-Node")).contains("w1");
    }

    @Test
    void getsKeepSucceedingWhenAWorkerStops() throws Exception {
        // connections to w1 are pooled now; stopping it leaves the gateway with dead ones and a closed port
        assertThat(echo(get("/api/hello")).get("node")).isEqualTo("w1");
        assertThat(echo(get("/api/hello")).get("node")).isEqualTo("w2");
        w1.stop();
        for (int i = 0; i < 6; i++) {
            assertThat(echo(get("/api/hello?i=" + i)).get("node")).isEqualTo("w2");
        }
        assertThat(selector.isSuspect("w1")).isTrue();
        assertThat(selector.outstanding("w1")).isZero();
    }

    @Test
    void aSmallPostWhoseWorkerRefusedTheConnectionIsSentToAnother() throws Exception {
        w1.stop();
        // w1 is the first pick, so the POST's first attempt fails to connect
        Map<String, String> echo = echo(post("/api/hello?n=1", "order 42".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "text/plain"));
        assertThat(echo.get("node")).isEqualTo("w2");
        assertThat(echo.get("method")).isEqualTo("POST");
        assertThat(echo.get("body")).isEqualTo("order 42");
        assertThat(echo.get("query")).isEqualTo("n=1");
        assertThat(selector.isSuspect("w1")).as("the first attempt went to w1").isTrue();
    }

    @Test
    void aLargePostIsStreamedAndNotSentAgain() throws Exception {
        byte[] body = new byte[200_000];
        new Random(7).nextBytes(body);
        Map<String, String> echo = echo(post("/api/hello", body, "Content-Type", "application/octet-stream"));
        assertThat(echo.get("node")).isEqualTo("w1");
        assertThat(echo.get("bodyLength")).isEqualTo("200000");
        assertThat(echo.get("bodySha256")).isEqualTo(FakeWorker.sha256(body));

        w2.stop();
        // w2 is the next pick: its connect fails, and the streamed body cannot be sent again
        JsonNode json = problem(post("/api/hello", body, "Content-Type", "application/octet-stream"), 502);
        assertThat(json.path("detail").asText()).contains("w2").contains("streamed");
        assertThat(echo(get("/api/hello")).get("node")).isEqualTo("w1");
    }

    /**
     * After a streamed request was answered (502: its worker failed), the proxy may still report the client's
     * body failing. Jetty has recycled that request and response for the connection's next request by then,
     * so the late callback must not write to them: once it answered that next request with a 500.
     */
    @Test
    void aLateClientBodyFailureOfAnAnsweredExchangeTouchesNoRequestOrResponse() throws Exception {
        List<String> touched = new ArrayList<>();
        HttpServletRequest stale = recording(HttpServletRequest.class, touched, Map.of("getMethod", "POST"));
        HttpServletResponse staleResponse = recording(HttpServletResponse.class, touched, Map.of());
        Exchange answered = new Exchange(stale, staleResponse, "/api/hello", selector.targets("POST", "/api/hello"));
        assertThat(answered.finish()).isTrue();
        org.eclipse.jetty.client.HttpClient jettyClient = new org.eclipse.jetty.client.HttpClient();
        org.eclipse.jetty.client.api.Request toWorker = jettyClient.newRequest(w2.url() + "/api/hello")
                .attribute(GatewayServlet.EXCHANGE_ATTRIBUTE, answered);
        toWorker.abort(new java.net.ConnectException("Connection refused")); // its worker failed first
        touched.clear();

        gateway.onClientRequestFailure(stale, toWorker, staleResponse, new java.io.EOFException("client body"));

        assertThat(touched).as("calls on the recycled request and response").isEmpty();
    }

    /** A servlet request or response that records every call (other than Object's) and answers defaults. */
    private static <T> T recording(Class<T> type, List<String> calls, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("equals") ? proxy == args[0]
                        : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : type.getName();
            }
            calls.add(method.getName());
            Object answer = answers.get(method.getName());
            if (answer != null) {
                return answer;
            }
            Class<?> r = method.getReturnType();
            if (r == boolean.class) {
                return Boolean.FALSE;
            }
            if (r == int.class) {
                return 0;
            }
            if (r == long.class) {
                return 0L;
            }
            return null;
        }));
    }

    @Test
    void everyWorkerFailingIs502() throws Exception {
        w1.stop();
        w2.stop();
        JsonNode json = problem(get("/api/hello"), 502);
        assertThat(json.path("detail").asText()).contains("w1").contains("w2");
    }

    @Test
    void aRouteWithNoRunningWorkerIs503NamingTheAppAndFunction() throws Exception {
        cluster.nodes.set(List.of(
                worker("w1", w1.url(), shop(), app("billing", NodeAppDTO.RUNNING,
                        http("invoice", "invoices/{id:int}", null, FunctionState.WAITING))),
                worker("w2", w2.url(), shop(), app("billing", NodeAppDTO.FAILED,
                        http("invoice", "invoices/{id:int}", null)))));
        JsonNode json = problem(get("/api/invoices/12"), 503);
        assertThat(json.path("detail").asText()).contains("invoice").contains("billing");
        assertThat(w1.hits.get() + w2.hits.get()).isZero();
    }

    @Test
    void noWorkerUpIs503() throws Exception {
        cluster.nodes.set(List.of());
        problem(get("/api/hello"), 503);
    }

    @Test
    void aPathMatchingNoRouteGoesToSomeWorkerWhichAnswers404() throws Exception {
        HttpResponse<String> response = get("/api/no/such/route");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("X-Node").orElseThrow()).isIn("w1", "w2");
    }

    @Test
    void queriesBodiesAndForwardingHeadersArrive() throws Exception {
        Map<String, String> echo = echo(get("/api/hello/?name=a%20b&x=%2F&code=abc"));
        assertThat(echo.get("path")).isEqualTo("/api/hello/");
        assertThat(echo.get("query")).isEqualTo("name=a%20b&x=%2F&code=abc");
        assertThat(echo.get("xForwardedFor")).isEqualTo("127.0.0.1");
        assertThat(echo.get("xForwardedProto")).isEqualTo("http");
        assertThat(echo.get("xForwardedHost")).isEqualTo(origin.substring("http://".length()));
        assertThat(echo.get("xForwardedServer")).isNotBlank();
        assertThat(echo.get("via")).contains("mgmt-1");
        assertThat(echo.get("host")).isEqualTo(w1.url().substring("http://".length()));

        // no Content-Type stays none: the worker decides string or bytes from it
        echo = echo(post("/api/hello", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThat(echo.get("body")).isEqualTo("{\"a\":1}");
        assertThat(echo.get("contentType")).isEqualTo("null");
        echo = echo(post("/api/hello", "x".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"));
        assertThat(echo.get("contentType")).isEqualTo("application/json");
    }

    @Test
    void theClientGetsOneDateAndOneServerHeader() throws Exception {
        HttpResponse<String> response = get("/api/hello");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Date")).hasSize(1);
        // both Jettys announce themselves by default: still one Server header
        assertThat(response.headers().allValues("Server")).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void keysPassThroughAndTheWorkersAnswerToThemToo() throws Exception {
        HttpResponse<String> refused = get("/api/secure");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("X-Node")).isPresent();
        assertThat(echo(get("/api/secure", "x-functions-key", FakeWorker.KEY)).get("key")).isEqualTo(FakeWorker.KEY);
        assertThat(get("/api/secure?code=" + FakeWorker.KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void deactivationAnswersTheRequestsInFlight() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(HttpRequest.newBuilder(URI.create(origin + "/api/slow"))
                .timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
        assertThat(w1.slowEntered.await(10, TimeUnit.SECONDS)).isTrue();
        gateway.deactivate();
        JsonNode json = problem(slow.get(10, TimeUnit.SECONDS), 503);
        assertThat(json.path("error").asText()).isEqualTo("gateway stopping");
        // and later requests are refused the same way, never left hanging
        problem(get("/api/hello"), 503);
    }

    @Test
    void aServletContextRestartServesAgain() throws Exception {
        assertThat(get("/api/hello").statusCode()).isEqualTo(200);
        ServletContextHandler context = (ServletContextHandler) server.getHandler();
        context.stop();
        context.start();
        assertThat(echo(get("/api/hello")).get("method")).isEqualTo("GET");
    }

    @Test
    void invalidConfigurationIsRefusedWithTheSettingsName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new GatewayServlet(node("m"), selector, config(Map.of("timeoutMillis", 0L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(GatewayServlet.PID).hasMessageContaining("timeoutMillis");
    }
}
