package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The same distribution started with FNHOST_ROLE=worker and FNHOST_ROLE=management (each a cluster of
 * its own): a worker runs functions and serves /api/* but no admin API and no broker; a management-only
 * node deploys apps (validating them) but starts none of their functions, and runs the broker. The
 * worker also takes its HTTP, SSH and RMI ports from the environment (FNHOST_*_PORT).
 */
class NodeRolesIT {
    private static final String MANAGEMENT_ONLY = "this node's role is management: functions run on the workers";

    @RegisterExtension
    static final KarafNode worker = KarafNode.standalone("roles-worker").withRole("worker").withPortsFromEnvironment()
            .withDeployedBeforeStart("hello.jar");

    @RegisterExtension
    static final KarafNode management = KarafNode.standalone("roles-management").withRole("management")
            .withDeployedBeforeStart("hello.jar");

    // ---- worker

    @Test
    void aWorkerKnowsItsRole() throws Exception {
        assertTrue(worker.logTail(100_000).contains("fnhost node roles-worker: role worker (group default, capacity 1)"),
                "the node logs its identity");
        String services = worker.shell("service:list io.fnhost.spi.NodeIdentity");
        assertTrue(services.contains("fnhost.role = [worker]"), services);
        assertTrue(services.contains("fnhost.node.name = roles-worker"), services);
    }

    @Test
    void aWorkerServesFunctionsDirectly() {
        await("hello answers on the worker").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().untilAsserted(() -> {
                    HttpResponse<String> response = worker.get("/api/hello?name=Ada");
                    assertEquals(200, response.statusCode());
                    assertEquals("Hello, Ada", response.body());
                });
    }

    @Test
    void aWorkerHasNoAdminApi() throws Exception {
        HttpResponse<String> host = worker.admin("GET", "/admin/host/status", null);
        assertEquals(404, host.statusCode(), host.body());
        assertEquals(404, worker.admin("GET", "/admin/functions", null).statusCode());
    }

    @Test
    void aWorkerRunsNoBroker() throws Exception {
        int brokerPort = brokerPort(worker);
        assertThrows(ConnectException.class, () -> connect(brokerPort), "nothing listens on the broker port");
        assertTrue(worker.logTail(100_000).contains("The node's role is worker: it runs no embedded queue broker"));
        assertTrue(!worker.shell("service:list io.fnhost.spi.BrokerEndpoint").contains("BrokerEndpoint"),
                "no BrokerEndpoint registered");
    }

    @Test
    void aWorkerTakesItsPortsFromTheEnvironment() throws Exception {
        // HTTP and SSH: the tests above reached the node on them; RMI: both ports listen
        connect(worker.rmiRegistryPort());
        connect(worker.rmiServerPort());
        String pax = worker.shell("config:property-list --pid org.ops4j.pax.web");
        assertTrue(pax.contains("org.osgi.service.http.port = " + worker.httpPort()), pax);
        // the shipped file keeps the variable, so the next start reads the environment again
        String cfg = Files.readString(worker.home().resolve("etc/org.ops4j.pax.web.cfg"));
        assertTrue(cfg.contains("org.osgi.service.http.port = ${env:FNHOST_HTTP_PORT:-8181}"), cfg);
    }

    // ---- management

    @Test
    void aManagementNodeDeploysAppsButRunsNoFunction() throws Exception {
        JsonObject hello = await("hello deployed on the management node").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    HttpResponse<String> response = management.admin("GET", "/admin/functions/hello", null);
                    return response.statusCode() == 200 ? JsonParser.parseString(response.body()).getAsJsonObject()
                            : null;
                }, f -> f != null);
        assertEquals("WAITING", hello.get("state").getAsString(), hello.toString());
        assertEquals(MANAGEMENT_ONLY, hello.get("stateMessage").getAsString());
        assertTrue(management.shell("service:list io.fnhost.spi.NodeIdentity").contains("fnhost.role = [management]"));
        // no httpTrigger servlet of its own: the function is not served here
        assertTrue(management.get("/api/hello?name=Ada").statusCode() != 200);
    }

    @Test
    void aManagementNodeRunsTheBrokerAndPublishesItsEndpoint() throws Exception {
        int brokerPort = brokerPort(management);
        await("the broker accepts connections").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().untilAsserted(() -> connect(brokerPort));
        await("the BrokerEndpoint service").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> management.shell("service:list io.fnhost.spi.BrokerEndpoint")
                        .contains("[io.fnhost.spi.BrokerEndpoint]"));
    }

    // ---- helpers

    private static int brokerPort(KarafNode node) throws IOException {
        String cfg = Files.readString(node.home().resolve("etc/io.fnhost.queue.EmbeddedBroker.cfg"));
        Matcher port = Pattern.compile("(?m)^\\s*port\\s*=\\s*(\\d+)").matcher(cfg);
        assertTrue(port.find(), cfg);
        return Integer.parseInt(port.group(1));
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        }
    }
}
