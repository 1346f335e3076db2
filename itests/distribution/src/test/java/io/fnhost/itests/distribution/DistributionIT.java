package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.gson.JsonObject;

/**
 * The distribution as a user gets it: boots with fnhost-standalone, has the admin user, the Karaf
 * shell over SSH, the deploy-folder settings and an explicit heap; a function app already in
 * deploy/ when the node starts (what the README's run script does) is served after boot.
 */
class DistributionIT {

    @RegisterExtension
    static final KarafNode node = KarafNode.standalone("distribution").withDeployedBeforeStart("hello.jar");

    @Test
    void fnhostBundlesAreActive() throws Exception {
        List<JsonObject> bundles = node.bundles();
        for (String bsn : List.of("io.fnhost.api", "io.fnhost.core", "io.fnhost.http", "io.fnhost.queue",
                "io.fnhost.cluster", "io.fnhost.management", "org.apache.activemq.artemis-server-osgi",
                "com.google.gson", "com.hazelcast", "org.eclipse.jetty.proxy")) {
            JsonObject bundle = bundles.stream()
                    .filter(b -> bsn.equals(b.get("symbolicName").getAsString()))
                    .findFirst().orElseThrow(() -> new AssertionError("no bundle " + bsn));
            assertEquals("Active", bundle.get("state").getAsString(), bsn);
        }
        System.out.printf("[distribution] boot time %d ms%n", node.bootTime().toMillis());
    }

    @Test
    void appInDeployFolderAtBootIsServed() {
        await("hello, deployed before the node started, answers")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    HttpResponse<String> response = node.get("/api/hello?name=Ada");
                    assertEquals(200, response.statusCode());
                    assertEquals("Hello, Ada", response.body());
                });
        // fnhost's installer, started with the framework, had the jar before FileInstall's first scan:
        // FileInstall never installed it itself, and nothing had to be taken over.
        String log = node.logTail(100_000);
        assertTrue(!log.contains("Error while starting bundle") && !log.contains("Took over"),
                "FileInstall claimed hello.jar at boot:\n" + node.logTail(40));
        assertTrue(log.contains("Deployed function app hello 1.0.0 from file:"), "fnhost deployed hello.jar");
    }

    @Test
    void webConsoleNeedsTheAdminUser() throws Exception {
        HttpResponse<String> anonymous = node.send(HttpRequest.newBuilder(node.uri("/system/console/bundles")).GET());
        assertEquals(401, anonymous.statusCode());
        assertEquals(200, node.adminGet("/system/console/bundles").statusCode());
    }

    @Test
    void karafShellListsTheFnhostFeatures() throws Exception {
        String output = node.shell("feature:list -i");
        for (String feature : List.of("fnhost-standalone", "fnhost-worker", "fnhost-management", "fnhost-cluster")) {
            assertTrue(output.lines().anyMatch(l -> l.startsWith(feature + " ") && l.contains("| Started")),
                    feature + " installed and started:\n" + output);
        }
    }

    @Test
    void aStandaloneNodePlaysBothRolesAndRunsTheBroker() throws Exception {
        String identity = node.shell("service:list io.fnhost.spi.NodeIdentity");
        assertTrue(identity.contains("fnhost.role = [worker, management]"), identity);
        assertTrue(identity.contains("fnhost.node.name = distribution"), identity);
        assertTrue(node.logTail(100_000).contains("fnhost node distribution: role standalone"));
        await("the broker's endpoint").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> node.shell("service:list io.fnhost.spi.BrokerEndpoint")
                        .contains("[io.fnhost.spi.BrokerEndpoint]"));
    }

    @Test
    void deployFolderPollsFastAndRefreshesOnlyItsOwnBundles() throws Exception {
        String output = node.shell("config:list '(felix.fileinstall.dir=*deploy)'");
        assertTrue(output.matches("(?s).*felix\\.fileinstall\\.poll = 100\\b.*"), output);
        assertTrue(output.contains("felix.fileinstall.optionalImportRefreshScope = managed"), output);
        assertTrue(output.matches("(?s).*felix\\.fileinstall\\.active\\.level = 80\\b.*"), output);
    }

    @Test
    void aFeatureInstalledAtRuntimeRestartsNoFnhostBundle() throws Exception {
        int linesBefore = Files.readAllLines(node.logFile()).size();
        node.shell("feature:install scheduler");
        await().atMost(Duration.ofSeconds(60)).until(() -> node.shell("feature:list -i").contains("scheduler"));

        List<String> lines = Files.readAllLines(node.logFile());
        List<String> sinceInstall = lines.subList(Math.min(linesBefore, lines.size()), lines.size());
        // Karaf refreshes a bundle whose wiring its own resolver would choose differently ("|     <bundle>
        // (Should be wired to ..." / "(Wired to ... which is being refreshed)"): a second exporter of a package
        // bndlib imports once made every operator's feature:install restart the admin API this way
        List<String> fnhostRefreshed = sinceInstall.stream()
                .filter(line -> line.matches(".*\\|\\s+(io\\.fnhost|biz\\.aQute)\\S* \\((Should be wired|Wired to).*"))
                // a first boot's one refresh of SCR (and the core with it) may still come: known, not this
                .filter(line -> !line.contains("Wired to org.apache.felix.scr/"))
                .toList();
        assertEquals(List.of(), fnhostRefreshed, "a runtime feature:install refreshed fnhost's bundles");
    }

    @Test
    void sideBySideVersionsAreAllowed() throws Exception {
        String config = Files.readString(node.home().resolve("etc/config.properties"));
        assertTrue(config.matches("(?s).*\\norg\\.osgi\\.framework\\.bsnversion\\s*=\\s*multiple\\s*\\n.*"),
                "etc/config.properties sets org.osgi.framework.bsnversion=multiple");
    }

    @Test
    void jvmHasAnExplicitHeap() throws Exception {
        // the JVM's own command line (Linux); ProcessHandle.Info leaves long ones out
        List<String> arguments = List.of(Files.readString(Path.of("/proc", String.valueOf(node.pid()), "cmdline")).split("\0"));
        assertTrue(arguments.get(0).endsWith("/bin/java"), "the node's PID is the JVM's: " + arguments.get(0));
        assertTrue(arguments.contains("-Xmx512M"), "bin/setenv gives -Xmx512M: " + arguments);
    }
}
