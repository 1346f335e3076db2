package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.gson.JsonParser;

/**
 * The showcase test app (itests/apps/showcase): the Azure HTTP binding rules fnhost reproduces
 * (shared/azure-functions-semantics.md sections 2.3 and 3), under host.json's route prefix "show"
 * and function timeout of 2 seconds.
 */
class ShowcaseIT {

    @RegisterExtension
    static final KarafNode node = KarafNode.standalone("showcase");

    @BeforeAll
    static void deployShowcase() throws Exception {
        node.deploy("showcase.jar", "showcase.jar");
        await("showcase routes exist (host.json routePrefix \"show\")")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> node.get("/show/nothing").statusCode() != 404);
    }

    @Test
    void routePrefixComesFromHostJson() throws Exception {
        assertEquals(200, node.get("/show/query?who=x").statusCode());
        assertEquals(404, node.get("/api/query?who=x").statusCode(), "not under the default prefix");
    }

    @Test
    void pojoBodyInAndOutWithGsonRules() throws Exception {
        HttpResponse<String> response = node.post("/show/pojo", "application/json",
                "{\"name\":\"Ada\",\"age\":36,\"unknown\":true}");
        assertEquals(200, response.statusCode(), response.body());
        // nickname is null: Gson leaves it out
        assertEquals(JsonParser.parseString("{\"greeting\":\"Hello, Ada\",\"nextAge\":37}"),
                JsonParser.parseString(response.body()));
    }

    @Test
    void pojoFieldsBindByExactName() throws Exception {
        HttpResponse<String> response = node.post("/show/pojo", "application/json",
                "{\"NAME\":\"Ada\",\"age\":1,\"nickname\":\"Countess\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(JsonParser.parseString("{\"greeting\":\"Hello, null\",\"nextAge\":2,\"nickname\":\"Countess\"}"),
                JsonParser.parseString(response.body()));
    }

    @Test
    void octetStreamBodyArrivesAsBytes() throws Exception {
        byte[] body = {0, 1, (byte) 0xff, (byte) 0xfe, (byte) 0x80, 'A', (byte) 0xc3};
        HttpResponse<byte[]> response = node.send(HttpRequest.newBuilder(node.uri("/show/bytes"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(new byte[] {(byte) 0xc3, 'A', (byte) 0x80, (byte) 0xfe, (byte) 0xff, 1, 0}, response.body());
        assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElse(null));
    }

    @Test
    void customStatusAndHeader() throws Exception {
        HttpResponse<String> response = node.get("/show/custom");
        assertEquals(299, response.statusCode());
        assertEquals("custom-header", response.headers().firstValue("X-Showcase").orElse(null));
        assertEquals("custom status", response.body());
    }

    @Test
    void exceptionIsA500WithoutDetails() throws Exception {
        HttpResponse<String> response = node.get("/show/boom");
        assertEquals(500, response.statusCode());
        assertEquals("", response.body(), "no exception text or stack trace reaches the client");
    }

    @Test
    void voidFunctionAnswers200Empty() throws Exception {
        HttpResponse<String> response = node.get("/show/nothing");
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void routeValuesWithConstraints() throws Exception {
        assertBody(200, "category=books;id=7", node.get("/show/products/books/7"));
        assertEquals(404, node.get("/show/products/books/seven").statusCode(), "{id:int?}");
        assertEquals(404, node.get("/show/products/b00ks/7").statusCode(), "{category:alpha}");
        assertEquals(404, node.get("/show/products/books/7/more").statusCode(), "no catch-all");
    }

    @Test
    void optionalRouteSegmentMayBeOmitted() throws Exception {
        // The route matches without {id?}. A plain @BindingName("id") String then fails the invocation,
        // exactly as Azure's Java worker does (azure-functions-java-worker issue 293): 500, not 404.
        assertEquals(500, node.get("/show/products/books").statusCode(),
                "products/{category:alpha}/{id:int?} matches products/books; the worker rule fails the call");
        // Optional<T> is the portable way: empty when the segment is omitted, converted when present.
        assertBody(200, "category=books;id=none", node.get("/show/items/books"));
        assertBody(200, "category=books;id=7", node.get("/show/items/books/7"));
        assertEquals(404, node.get("/show/items/books/seven").statusCode(), "{id:int?} refuses a non-integer");
    }

    @Test
    void routeMatchingIgnoresCase() throws Exception {
        assertBody(200, "category=Books;id=7", node.get("/show/PRODUCTS/Books/7"));
    }

    @Test
    void intRouteValueBindsToAnIntParameter() throws Exception {
        assertBody(200, "42", node.get("/show/double/21"));
        assertEquals(404, node.get("/show/double/twentyone").statusCode(), "{n:int}");
    }

    @Test
    void methodMismatchIsNoRoute() throws Exception {
        assertEquals(404, node.get("/show/postonly").statusCode(), "methods={POST} called with GET is 404, not 405");
        assertBody(200, "posted", node.post("/show/postonly", "text/plain", "x"));
    }

    @Test
    void queryParameterThroughBindingName() throws Exception {
        assertBody(200, "who=Ada", node.get("/show/query?who=Ada"));
    }

    @Test
    void functionTimeoutFromHostJsonFailsTheInvocation() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = node.get("/show/slow");
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("[showcase] slow function answered %d after %d ms%n", response.statusCode(), millis);
        assertEquals(500, response.statusCode());
        assertFalse(response.body().contains("too late"));
        assertTrue(millis >= 1_900, "the function gets its 2 s (answered after " + millis + " ms)");
        assertTrue(millis < 15_000, "timeout 00:00:02 cuts the 30 s function short (answered after " + millis + " ms)");
    }

    private static void assertBody(int status, String body, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(body, response.body());
    }
}
