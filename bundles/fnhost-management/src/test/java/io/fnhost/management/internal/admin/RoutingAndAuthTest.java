package io.fnhost.management.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.FunctionState;

/** What every admin endpoint shares: the master key, its precedence, 404/405/503 and headers. */
class RoutingAndAuthTest extends AdminApiHttpTest {

    @Test
    void masterKeyInHeaderIsAccepted() throws Exception {
        assertThat(call("GET", "/admin/host/status", MASTER_KEY, null).status()).isEqualTo(200);
    }

    @Test
    void masterKeyInCodeQueryParameterIsAccepted() throws Exception {
        assertThat(call("GET", "/admin/host/status?code=" + MASTER_KEY, null, null).status()).isEqualTo(200);
    }

    @Test
    void missingKeyIs401WithEmptyBody() throws Exception {
        Response response = call("GET", "/admin/functions", null, null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void wrongKeyIs401WithEmptyBody() throws Exception {
        Response response = call("GET", "/admin/host/status", "not-the-master-key", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void headerWinsOverQueryParameter() throws Exception {
        assertThat(call("GET", "/admin/host/status?code=" + MASTER_KEY, "wrong", null).status()).isEqualTo(401);
        assertThat(call("GET", "/admin/host/status?code=wrong", MASTER_KEY, null).status()).isEqualTo(200);
    }

    @Test
    void aKeyInAFormBodyIsNotAKey() throws Exception {
        // only the query string carries `code`; a servlet's getParameter() would also read a form body
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(origin + "/admin/host/keys/ci"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("code=" + MASTER_KEY)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void emptyHeaderStillWinsOverQueryParameter() throws Exception {
        assertThat(call("GET", "/admin/host/status?code=" + MASTER_KEY, "", null).status()).isEqualTo(401);
    }

    @Test
    void hostAndFunctionKeysDoNotOpenTheAdminApi() throws Exception {
        runtime.add("shop", "orders", "queueTrigger", FunctionState.RUNNING);
        String hostKey = keys.hostKeys(FunctionKeys.HostKeyKind.FUNCTION_KEYS).get(0).value;
        String functionKey = keys.functionKeys("orders").get(0).value;

        assertThat(call("GET", "/admin/functions/orders", hostKey, null).status()).isEqualTo(401);
        assertThat(call("GET", "/admin/functions/orders", functionKey, null).status()).isEqualTo(401);
        assertThat(call("GET", "/admin/functions/orders/keys", functionKey, null).status()).isEqualTo(401);
    }

    @Test
    void unknownPathIs404JsonEvenWithoutKey() throws Exception {
        assertProblem(call("GET", "/admin/nothing/here", null, null), 404, "not found", "/admin/nothing/here");
        assertProblem(get("/admin"), 404, "not found", "docs/admin-api.md");
        assertProblem(get("/admin/functions/a/b/c/d"), 404, "not found", "/admin/functions/a/b/c/d");
    }

    @Test
    void wrongMethodIs405WithAllowHeader() throws Exception {
        Response response = call("DELETE", "/admin/host/status", MASTER_KEY, null);

        assertProblem(response, 405, "method not allowed", "accepts GET, not DELETE");
        assertThat(response.header("Allow")).isEqualTo("GET");

        Response patch = call("PATCH", "/admin/functions/orders", MASTER_KEY, "{}");
        assertThat(patch.status()).isEqualTo(405);
        assertThat(patch.header("Allow")).isEqualTo("GET, POST");
    }

    @Test
    void literalSegmentsMatchCaseInsensitivelyAndATrailingSlashIsIgnored() throws Exception {
        assertThat(get("/admin/HOST/Status").status()).isEqualTo(200);
        assertThat(get("/admin/host/status/").status()).isEqualTo(200);
    }

    @Test
    void everyAnswerIsNotCached() throws Exception {
        runtime.add("shop", "orders", "queueTrigger", FunctionState.RUNNING);

        assertThat(get("/admin/functions/orders/keys").header("Cache-Control")).isEqualTo("no-store");
        assertThat(get("/admin/host/keys").header("Cache-Control")).isEqualTo("no-store");
        assertThat(get("/admin/functions").header("Cache-Control")).isEqualTo("no-store");
        assertThat(get("/admin/missing").header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void hostNotRunningIs503ForEndpointsThatNeedIt() throws Exception {
        runtime.running = false;
        runtime.add("shop", "orders", "queueTrigger", FunctionState.RUNNING);

        for (String path : new String[] { "/admin/functions", "/admin/functions/orders", "/admin/functions/orders/status",
                "/admin/functions/orders/keys", "/admin/host/keys", "/admin/invocations" }) {
            Response response = get(path);
            assertProblem(response, 503, "host not running", "Retry in a few seconds");
            assertThat(response.header("Retry-After")).as(path).isEqualTo("5");
        }
        assertThat(post("/admin/functions/orders", "{\"input\":\"x\"}").status()).isEqualTo(503);
        assertThat(runtime.invoked).isEmpty();
    }

    @Test
    void hostNotRunningStillAnswersStatusAndPing() throws Exception {
        runtime.running = false;
        runtime.status.state = "Starting";

        assertThat(get("/admin/host/status").json().path("state").asText()).isEqualTo("Starting");
        assertThat(call("GET", "/admin/host/ping", null, null).status()).isEqualTo(200);
    }

    @Test
    void keyIsCheckedBeforeTheRunningHost() throws Exception {
        runtime.running = false;

        assertThat(call("GET", "/admin/functions", "wrong", null).status()).isEqualTo(401);
    }

    @Test
    void requestWaitsForAHostThatFinishesStarting() throws Exception {
        runtime.running = false;
        runtime.runningFromCheck = 3; // running on the second look after the first refusal
        runtime.add("shop", "orders", "queueTrigger", FunctionState.RUNNING);

        Response response = get("/waiting/admin/functions");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get(0).path("name").asText()).isEqualTo("orders");
        assertThat(runtime.runningChecks.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void unexpectedFailureIs500JsonWithoutStackTrace() throws Exception {
        runtime.status = null; // hostStatus() then fails inside the resource

        Response response = get("/admin/host/status");

        assertProblem(response, 500, "internal error", "karaf.log");
        assertThat(response.body()).doesNotContain("at io.fnhost");
    }
}
