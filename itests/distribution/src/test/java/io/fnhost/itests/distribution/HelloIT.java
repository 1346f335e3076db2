package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** examples/hello, Azure's HTTP quickstart, dropped into deploy/ of a running node. */
class HelloIT {

    @RegisterExtension
    static final KarafNode node = KarafNode.standalone("hello");

    @BeforeAll
    static void deployHello() throws Exception {
        long start = System.nanoTime();
        node.deploy("hello.jar", "hello.jar");
        await("hello answers after being copied into deploy/")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> node.get("/api/hello?name=Ada").statusCode() == 200);
        System.out.printf("[hello] copy into deploy/ -> first 200 in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void getWithNameInQuery() throws Exception {
        HttpResponse<String> response = node.get("/api/hello?name=Ada");
        assertEquals(200, response.statusCode());
        assertEquals("Hello, Ada", response.body());
        assertEquals("text/plain;charset=utf-8",
                response.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase());
    }

    @Test
    void postWithNameInBody() throws Exception {
        HttpResponse<String> response = node.post("/api/hello", "text/plain", "Ada");
        assertEquals(200, response.statusCode());
        assertEquals("Hello, Ada", response.body());
    }

    @Test
    void missingNameIsABadRequestFromTheFunction() throws Exception {
        HttpResponse<String> response = node.get("/api/hello");
        assertEquals(400, response.statusCode());
        assertEquals("Please pass a name on the query string or in the request body", response.body());
    }

    @Test
    void contextLoggerLinesReachKarafsLog() throws Exception {
        assertEquals(200, node.get("/api/hello?name=Ada").statusCode());
        // The function logs "Java HTTP trigger processed a request." through ExecutionContext.getLogger();
        // Pax Logging writes it to karaf.log under the function's category.
        await("the function's log line in karaf.log")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Files.readAllLines(node.logFile()).stream()
                        .anyMatch(line -> line.contains("Java HTTP trigger processed a request.")
                                && line.contains("hello")));
    }
}
