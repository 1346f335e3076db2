package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node converges after a restart without manual steps: apps whose jars are in deploy/ run again, once
 * each; an app whose jar was deleted while the node was down is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartIT {
    private static final String BSN = "io.fnhost.itests.greeter";

    @RegisterExtension
    static final KarafNode node = KarafNode.standalone("restart").withDeployedBeforeStart("hello.jar");

    @Test
    @Order(1)
    void appsInTheDeployFolderRunAgainAfterARestart() throws Exception {
        node.deploy("greeter-v1.jar", "greeter.jar");
        awaitAnswer("/api/greet/x", "v1: Hello, x");

        node.stop();
        node.startAgain();

        awaitAnswer("/api/greet/x", "v1: Hello, x");
        awaitAnswer("/api/hello?name=Ada", "Hello, Ada");
        assertEquals(1, greeterBundles(), "one greeter bundle after the restart");
    }

    @Test
    @Order(2)
    void appDeletedWhileTheNodeWasDownIsGoneAfterItStarts() throws Exception {
        node.stop();
        node.undeploy("greeter.jar");
        node.startAgain();

        awaitAnswer("/api/hello?name=Ada", "Hello, Ada");
        await("greet is gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> node.get("/api/greet/x").statusCode() == 404);
        await("no greeter bundle is left").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> greeterBundles() == 0);
    }

    private long greeterBundles() throws Exception {
        return node.bundles().stream().filter(b -> BSN.equals(b.get("symbolicName").getAsString())).count();
    }

    private void awaitAnswer(String path, String body) {
        await(path + " answers " + body).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> body.equals(node.get(path).body()));
    }
}
