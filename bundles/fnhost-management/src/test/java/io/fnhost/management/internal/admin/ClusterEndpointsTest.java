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

import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;
import io.fnhost.management.internal.admin.AdminApiHttpTest.Response;
import io.fnhost.management.internal.apps.AppPublisher;
import io.fnhost.management.internal.apps.Archives;
import io.fnhost.management.internal.apps.UploadInspector;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.HostStatusDTO;

/**
 * The cluster's side of the admin API over real HTTP: {@code /admin/nodes}, placement and per-node state
 * of apps, the publish answer's rollout, and the refusals; a real {@link AppPublisher} and store, an
 * in-memory {@link InMemoryFunctionCluster}.
 */
class ClusterEndpointsTest {
    private static final String MASTER_KEY = "master-secret";

    @TempDir
    Path store;

    private final InMemoryFunctionRuntime runtime = new InMemoryFunctionRuntime();
    private final InMemoryAppDeployments deployments = new InMemoryAppDeployments();
    private final InMemoryAppSettings settings = new InMemoryAppSettings();
    private final InMemoryFunctionCluster cluster = new InMemoryFunctionCluster();
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private AppPublisher publisher;
    private Server server;
    private String origin;

    @BeforeEach
    void start() throws Exception {
        HostStatusDTO status = new HostStatusDTO();
        status.state = HostStatusDTO.RUNNING;
        runtime.status = status;
        publisher = new AppPublisher(deployments, settings, Map::of, store.resolve("apps"),
                new UploadInspector.Limits(1000, 16L << 20, 100), 3, Duration.ofSeconds(5));
        publisher.bindCluster(cluster);
        cluster.nodes.add(node("mgmt", "management", true, List.of()));
        cluster.nodes.add(node("w1", "worker", false, List.of(app("greeter", NodeAppDTO.RUNNING, null))));
        AdminApiServlet servlet = new AdminApiServlet(runtime, new InMemoryFunctionKeys(MASTER_KEY), 4096,
                Duration.ZERO, 1000, List.of(new AppsResource(publisher, settings, 1 << 20),
                        new NodesResource(publisher::cluster)));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(servlet), "/admin/*");
        server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setHandler(context);
        server.start();
        origin = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private static NodeDTO node(String name, String role, boolean leader, List<NodeAppDTO> apps) {
        NodeDTO node = new NodeDTO();
        node.name = name;
        node.role = role;
        node.group = "default";
        node.capacity = 4;
        node.address = "127.0.0.1";
        node.httpUrl = "http://127.0.0.1:818" + (leader ? 1 : 2);
        node.state = NodeDTO.UP;
        node.leader = leader;
        node.joinedAt = "2026-11-27T14:00:00Z";
        node.lastHeartbeat = "2026-11-27T15:00:00Z";
        node.inFlight = 3;
        node.cpuLoad = 0.25;
        node.apps = apps;
        return node;
    }

    private static NodeAppDTO app(String name, String state, String message) {
        NodeAppDTO app = new NodeAppDTO();
        app.node = "w1";
        app.app = name;
        app.version = "1.0.0";
        app.state = state;
        app.message = message;
        FunctionDTO fn = new FunctionDTO();
        fn.name = name + "-hello";
        fn.state = FunctionState.RUNNING;
        app.functions.add(fn);
        return app;
    }

    private Response send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).method(method,
                body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) {
            request.header(FunctionKeys.KEY_HEADER, key);
        }
        var response = http.send(request.build(), BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers(), response.body(), mapper);
    }

    private Response get(String path) throws Exception {
        return send("GET", path, MASTER_KEY, null);
    }

    private Response placement(String app, String body) throws Exception {
        return send("PUT", "/admin/apps/" + app + "/placement", MASTER_KEY, body);
    }

    private Response publish(String app, String version) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin + "/admin/apps"))
                .header(FunctionKeys.KEY_HEADER, MASTER_KEY).header("Content-Type", "application/java-archive")
                .POST(BodyPublishers.ofByteArray(Archives.bundle(app, version))).build();
        var response = http.send(request, BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers(), response.body(), mapper);
    }

    private static void assertProblem(Response response, int status, String error, String detailPart)
            throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().path("error").asText()).isEqualTo(error);
        assertThat(response.json().path("detail").asText()).contains(detailPart);
    }

    @Test
    void nodesListsEveryNodeWithRoleLoadHeartbeatAndApps() throws Exception {
        Response response = get("/admin/nodes");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode nodes = response.json();
        assertThat(nodes).hasSize(2);
        JsonNode mgmt = nodes.get(0);
        assertThat(mgmt.path("name").asText()).isEqualTo("mgmt");
        assertThat(mgmt.path("role").asText()).isEqualTo("management");
        assertThat(mgmt.path("leader").asBoolean()).isTrue();
        JsonNode worker = nodes.get(1);
        assertThat(worker.path("group").asText()).isEqualTo("default");
        assertThat(worker.path("address").asText()).isEqualTo("127.0.0.1");
        assertThat(worker.path("httpUrl").asText()).isEqualTo("http://127.0.0.1:8182");
        assertThat(worker.path("state").asText()).isEqualTo("UP");
        assertThat(worker.path("inFlight").asInt()).isEqualTo(3);
        assertThat(worker.path("cpuLoad").asDouble()).isEqualTo(0.25);
        assertThat(worker.path("lastHeartbeat").asText()).isEqualTo("2026-11-27T15:00:00Z");
        assertThat(worker.path("leader").asBoolean()).isFalse();
        assertThat(worker.path("apps").get(0).path("app").asText()).isEqualTo("greeter");
        assertThat(worker.path("apps").get(0).path("state").asText()).isEqualTo("RUNNING");
        assertThat(worker.path("apps").get(0).path("functionCount").asInt()).isEqualTo(1);
    }

    @Test
    void oneNodeShowsItsAppsFunctionsAndAnUnknownOneIs404() throws Exception {
        Response response = get("/admin/nodes/W1");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("name").asText()).isEqualTo("w1");
        assertThat(response.json().path("apps").get(0).path("functions").get(0).path("name").asText())
                .isEqualTo("greeter-hello");
        assertProblem(get("/admin/nodes/nope"), 404, "node not found", "GET /admin/nodes");
    }

    @Test
    void withoutAClusterTheClusterEndpointsAre503() throws Exception {
        publish("greeter", "1.0.0");
        publisher.unbindCluster(cluster);

        assertProblem(get("/admin/nodes"), 503, "no cluster", "io.fnhost.cluster");
        assertProblem(get("/admin/nodes/w1"), 503, "no cluster", "io.fnhost.cluster");
        assertProblem(placement("greeter", "{\"replicas\": 1}"), 503, "no cluster", "cannot be placed");
        assertThat(get("/admin/apps/greeter").json().has("placement")).isFalse();
    }

    @Test
    void publishingAnswersWithEachNodesState() throws Exception {
        cluster.failOn("w2", "unresolved import org.foo");

        Response response = publish("greeter", "1.0.0");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.path("converged").asBoolean()).isTrue();
        assertThat(body.path("nodes").get(0).path("node").asText()).isEqualTo("w1");
        assertThat(body.path("nodes").get(0).path("state").asText()).isEqualTo("RUNNING");
        assertThat(body.path("nodes").get(1).path("state").asText()).isEqualTo("FAILED");
        assertThat(body.path("nodes").get(1).path("message").asText()).isEqualTo("unresolved import org.foo");
        assertThat(body.path("warning").asText()).contains("failed on w2");
    }

    @Test
    void appsShowTheirPlacementAndTheirStateOnEachNode() throws Exception {
        publish("greeter", "1.0.0");

        JsonNode app = get("/admin/apps/greeter").json();
        assertThat(app.path("placement").path("group").asText()).isEqualTo("default");
        assertThat(app.path("placement").path("replicas").asInt()).isZero();
        assertThat(app.path("nodes")).hasSize(2);
        assertThat(app.path("nodes").get(0).path("version").asText()).isEqualTo("1.0.0");
        assertThat(app.path("nodes").get(0).path("state").asText()).isEqualTo("RUNNING");

        JsonNode listed = get("/admin/apps").json().get(0);
        assertThat(listed.path("placement").path("group").asText()).isEqualTo("default");
        assertThat(listed.path("nodes").get(1).path("node").asText()).isEqualTo("w2");
    }

    @Test
    void placementIsSetAndAnsweredWithTheApp() throws Exception {
        publish("greeter", "1.0.0");

        Response response = placement("greeter", "{\"group\": \"blue\", \"replicas\": 2}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("name").asText()).isEqualTo("greeter");
        assertThat(response.json().path("placement").path("group").asText()).isEqualTo("blue");
        assertThat(response.json().path("placement").path("replicas").asInt()).isEqualTo(2);
        assertThat(cluster.app("greeter").orElseThrow().group).isEqualTo("blue");

        Response replicasOnly = placement("greeter", "{\"replicas\": 0}");
        assertThat(replicasOnly.json().path("placement").path("group").asText()).isEqualTo("blue");
        assertThat(replicasOnly.json().path("placement").path("replicas").asInt()).isZero();
    }

    @Test
    void badPlacementsAre400AndChangeNothing() throws Exception {
        publish("greeter", "1.0.0");

        assertProblem(placement("greeter", "{\"group\": "), 400, "invalid JSON", "\"replicas\"");
        assertProblem(placement("greeter", "{\"replicas\": -1}"), 400, "invalid placement", "0 or more");
        assertProblem(placement("greeter", "{\"replicas\": 1.5}"), 400, "invalid placement", "whole number");
        assertProblem(placement("greeter", "{\"replicas\": \"2\"}"), 400, "invalid placement", "whole number");
        assertProblem(placement("greeter", "{\"group\": \"  \"}"), 400, "invalid placement", "non-blank");
        assertProblem(placement("greeter", "{\"group\": 7}"), 400, "invalid placement", "non-blank");
        assertProblem(placement("greeter", "{}"), 400, "invalid placement", "neither group nor replicas");
        assertProblem(placement("greeter", null), 400, "missing body", "\"group\"");

        assertThat(cluster.app("greeter").orElseThrow().group).isEqualTo("default");
    }

    @Test
    void aClusterThatCannotBeReadLeavesTheAppsAsThisNodeKnowsThem() throws Exception {
        publish("greeter", "1.0.0");
        cluster.readFailure = new IllegalStateException("Hazelcast instance is not active!");

        Response list = get("/admin/apps");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().get(0).path("version").asText()).isEqualTo("1.0.0");
        assertThat(list.json().get(0).has("placement")).isFalse();
        assertThat(get("/admin/apps/greeter").status()).isEqualTo(200);

        Response published = publish("greeter", "2.0.0");
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        assertThat(published.json().path("converged").asBoolean()).isFalse();
        assertThat(published.json().path("warning").asText()).contains("Version 2.0.0 is published")
                .contains("not active");
    }

    @Test
    void placingAnUnknownAppIs404() throws Exception {
        assertProblem(placement("nope", "{\"replicas\": 1}"), 404, "app not found", "GET /admin/apps");
    }

    @Test
    void theClusterEndpointsNeedTheMasterKey() throws Exception {
        publish("greeter", "1.0.0");

        assertThat(send("GET", "/admin/nodes", null, null).status()).isEqualTo(401);
        assertThat(send("GET", "/admin/nodes/w1", "wrong", null).status()).isEqualTo(401);
        assertThat(send("PUT", "/admin/apps/greeter/placement", "wrong", "{\"replicas\": 1}").status())
                .isEqualTo(401);
        assertThat(cluster.app("greeter").orElseThrow().replicas).isZero();
    }
}
