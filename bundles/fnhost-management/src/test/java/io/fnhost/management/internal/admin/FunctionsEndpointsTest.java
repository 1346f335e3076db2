package io.fnhost.management.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fnhost.cluster.ClusterInvocations;
import io.fnhost.management.internal.admin.InMemoryFunctionRuntime.Invocation;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.RetryDTO;

/** {@code /admin/functions}, {@code /admin/functions/{name}}, its status and invocation. */
class FunctionsEndpointsTest extends AdminApiHttpTest {

    @BeforeEach
    void deploy() {
        FunctionDTO hello = runtime.add("greeter", "Hello", "httpTrigger", FunctionState.RUNNING);
        hello.bindings.get(0).attributes.put("route", "greet/{name}");
        hello.bindings.get(0).attributes.put("methods", new String[] { "GET", "POST" });
        hello.bindings.get(0).attributes.put("authLevel", "FUNCTION");
        BindingDTO output = new BindingDTO();
        output.type = "http";
        output.direction = BindingDTO.DIRECTION_OUT;
        output.name = BindingDTO.RETURN;
        hello.bindings.add(output);

        FunctionDTO orders = runtime.add("shop", "orders", "queueTrigger", FunctionState.RUNNING);
        orders.bindings.get(0).attributes.put("queueName", "orders");
        orders.retry = new RetryDTO();
        orders.retry.strategy = RetryDTO.FIXED_DELAY;
        orders.retry.maxRetryCount = 2;
        orders.retry.delayInterval = "00:00:03";
        orders.disabled = true;

        FunctionDTO broken = runtime.add("shop", "broken", "timerTrigger", FunctionState.ERROR);
        broken.stateMessage = "Invalid schedule '* *': NCRONTAB needs six fields";
        FunctionDTO waiting = runtime.add("shop", "blobby", "blobTrigger", FunctionState.WAITING);
        waiting.stateMessage = "Waiting for binding type blobTrigger";
        waiting.waitingFor.add("blobTrigger");
    }

    @Test
    void listsFunctionMetadata() throws Exception {
        Response response = get("/admin/functions");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body).hasSize(4);
        assertThat(body.findValuesAsText("name")).contains("Hello", "orders", "broken", "blobby");
    }

    @Test
    void httpFunctionHasAzuresMetadataShape() throws Exception {
        JsonNode hello = get("/admin/functions/hello").json();

        assertThat(hello.path("name").asText()).isEqualTo("Hello");
        assertThat(hello.path("href").asText()).isEqualTo(origin + "/admin/functions/Hello");
        assertThat(hello.path("invoke_url_template").asText()).isEqualTo(origin + "/api/greet/{name}");
        assertThat(hello.path("language").asText()).isEqualTo("java");
        assertThat(hello.path("isDisabled").asBoolean()).isFalse();
        assertThat(hello.path("isDirect").isBoolean()).isTrue();
        assertThat(hello.path("isProxy").isBoolean()).isTrue();
        JsonNode config = hello.path("config");
        assertThat(config.path("entryPoint").asText()).isEqualTo("com.example.greeter.Hello.run");
        JsonNode trigger = config.path("bindings").get(0);
        assertThat(trigger.path("type").asText()).isEqualTo("httpTrigger");
        assertThat(trigger.path("direction").asText()).isEqualTo("in");
        assertThat(trigger.path("name").asText()).isEqualTo("req");
        assertThat(trigger.path("route").asText()).isEqualTo("greet/{name}");
        assertThat(trigger.path("methods").get(1).asText()).isEqualTo("POST");
        assertThat(trigger.path("authLevel").asText()).isEqualTo("FUNCTION");
        assertThat(config.path("bindings").get(1).path("name").asText()).isEqualTo("$return");
        assertThat(hello.path("app").asText()).isEqualTo("greeter");
        assertThat(hello.path("appVersion").asText()).isEqualTo("1.0.0");
        assertThat(hello.path("state").asText()).isEqualTo("RUNNING");
        assertThat(hello.path("stateMessage").isNull()).isTrue();
    }

    @Test
    void httpFunctionWithoutRouteIsInvokedByItsLowerCasedName() throws Exception {
        runtime.functions.get(0).bindings.get(0).attributes.remove("route");

        assertThat(get("/admin/functions/Hello").json().path("invoke_url_template").asText())
                .isEqualTo(origin + "/api/hello");
    }

    @Test
    void nonHttpFunctionHasNoInvokeUrlButItsRetryAndDisabledFlag() throws Exception {
        JsonNode orders = get("/admin/functions/orders").json();

        assertThat(orders.path("invoke_url_template").isNull()).isTrue();
        assertThat(orders.path("isDisabled").asBoolean()).isTrue();
        assertThat(orders.path("config").path("bindings").get(0).path("queueName").asText()).isEqualTo("orders");
        JsonNode retry = orders.path("config").path("retry");
        assertThat(retry.path("strategy").asText()).isEqualTo("fixedDelay");
        assertThat(retry.path("maxRetryCount").asInt()).isEqualTo(2);
        assertThat(retry.path("delayInterval").asText()).isEqualTo("00:00:03");
        assertThat(retry.has("minimumInterval")).isFalse();
    }

    @Test
    void waitingFunctionShowsWhatItWaitsFor() throws Exception {
        JsonNode blobby = get("/admin/functions/blobby").json();

        assertThat(blobby.path("state").asText()).isEqualTo("WAITING");
        assertThat(blobby.path("waitingFor").get(0).asText()).isEqualTo("blobTrigger");
    }

    @Test
    void hrefFollowsTheServletContext() throws Exception {
        assertThat(get("/waiting/admin/functions/orders").json().path("href").asText())
                .isEqualTo(origin + "/waiting/admin/functions/orders");
    }

    @Test
    void unknownFunctionIs404() throws Exception {
        assertProblem(get("/admin/functions/nope"), 404, "function not found", "'nope'");
    }

    @Test
    void statusOfAHealthyFunctionHasNoErrors() throws Exception {
        Response response = get("/admin/functions/orders/status");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().isEmpty()).isTrue();
    }

    @Test
    void statusOfABrokenFunctionListsItsError() throws Exception {
        JsonNode errors = get("/admin/functions/broken/status").json().path("errors");

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).asText()).contains("NCRONTAB needs six fields");
    }

    @Test
    void statusOfAnUnknownFunctionIs404() throws Exception {
        assertProblem(get("/admin/functions/nope/status"), 404, "function not found", "GET /admin/functions");
    }

    @Test
    void invokeIsAcceptedWithoutWaitingForTheFunction() throws Exception {
        Response response = post("/admin/functions/ORDERS", "{\"input\":\"order-17\"}");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body()).isEmpty();
        assertThat(runtime.invoked).containsExactly(new Invocation("orders", "order-17"));
        assertThat(runtime.pendingInvocation).isNotDone();
    }

    @Test
    void invokePassesNonStringInputAsJsonText() throws Exception {
        assertThat(post("/admin/functions/orders", "{\"input\":{\"id\":17}}").status()).isEqualTo(202);
        assertThat(post("/admin/functions/orders", "{}").status()).isEqualTo(202);

        assertThat(runtime.invoked).containsExactly(new Invocation("orders", "{\"id\":17}"), new Invocation("orders", null));
    }

    @Test
    void invokeWithoutBodyIs400() throws Exception {
        assertProblem(post("/admin/functions/orders", null), 400, "missing body", "{\"input\"");
        assertProblem(post("/admin/functions/nope", null), 400, "missing body", "{\"input\"");
        assertThat(runtime.invoked).isEmpty();
    }

    @Test
    void invokeWithInvalidBodyIs400() throws Exception {
        assertProblem(post("/admin/functions/orders", "{\"input\":"), 400, "invalid JSON", "not valid JSON");
        assertProblem(post("/admin/functions/orders", "[\"x\"]"), 400, "invalid body", "JSON object");
        assertThat(runtime.invoked).isEmpty();
    }

    @Test
    void invokeWithTooLargeBodyIs413() throws Exception {
        String big = "{\"input\":\"" + "x".repeat((int) MAX_BODY_BYTES) + "\"}";

        assertProblem(post("/admin/functions/orders", big), 413, "body too large", "maxRequestBodyBytes");
        assertThat(runtime.invoked).isEmpty();
    }

    @Test
    void invokeOfUnknownFunctionIs404() throws Exception {
        assertProblem(post("/admin/functions/nope", "{\"input\":\"x\"}"), 404, "function not found", "'nope'");
    }

    @Test
    void invokeOfHttpFunctionIs400() throws Exception {
        assertProblem(post("/admin/functions/hello", "{\"input\":\"x\"}"), 400, "HTTP-triggered function",
                "call its URL");
        assertThat(runtime.invoked).isEmpty();
    }

    @Test
    void invokeOfAFunctionThatDoesNotRunIs409() throws Exception {
        assertProblem(post("/admin/functions/broken", "{\"input\":\"\"}"), 409, "function not running",
                "NCRONTAB needs six fields");
        assertThat(runtime.invoked).isEmpty();
    }

    @Test
    void inAClusterAFunctionThatDoesNotRunHereIsInvokedOnANodeThatRunsIt() throws Exception {
        List<String> passedOn = new ArrayList<>();
        servlet.bindClusterInvocations(StubClusterInvocations.running((function, input) -> {
            passedOn.add(function + "(" + input + ")");
            return new ClusterInvocations.Run(ClusterInvocations.RunStatus.ACCEPTED, "worker-2");
        }));

        Response response = post("/admin/functions/blobby", "{\"input\":\"photo.png\"}");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.header("X-Fnhost-Node")).isEqualTo("worker-2");
        assertThat(passedOn).containsExactly("blobby(photo.png)");
        assertThat(runtime.invoked).as("not run here").isEmpty();

        post("/admin/functions/orders", "{\"input\":\"x\"}"); // running here: runs here
        assertThat(passedOn).hasSize(1);
        assertThat(runtime.invoked).extracting(Invocation::function).containsExactly("orders");
    }

    @Test
    void inAClusterWhereNoNodeRunsItIs409AndAnUnconfirmedRunIs504() throws Exception {
        servlet.bindClusterInvocations(StubClusterInvocations.running((function, input) ->
                new ClusterInvocations.Run(ClusterInvocations.RunStatus.NOT_RUNNING, null)));
        assertProblem(post("/admin/functions/broken", "{\"input\":\"\"}"), 409, "function not running",
                "no other node of the cluster runs it either");

        servlet.bindClusterInvocations(StubClusterInvocations.running((function, input) ->
                new ClusterInvocations.Run(ClusterInvocations.RunStatus.UNCONFIRMED, "worker-3")));
        assertProblem(post("/admin/functions/broken", "{\"input\":\"\"}"), 504, "no confirmation",
                "worker-3");

        servlet.bindClusterInvocations(StubClusterInvocations.running((function, input) -> {
            throw new IllegalStateException("Hazelcast instance is not active!");
        }));
        assertProblem(post("/admin/functions/broken", "{\"input\":\"\"}"), 409, "function not running",
                "NCRONTAB needs six fields");
        assertThat(runtime.invoked).isEmpty();
    }

    @Test
    void invokeRefusedByTheHostIs409WithItsReason() throws Exception {
        runtime.invokeFailure = new IllegalStateException("app shop 1.0.0 is being replaced");

        assertProblem(post("/admin/functions/orders", "{\"input\":\"x\"}"), 409, "function not running",
                "being replaced");
    }

    @Test
    void invokeOfAFunctionGoneMeanwhileIs404() throws Exception {
        runtime.invokeFailure = new java.util.NoSuchElementException("orders");

        assertProblem(post("/admin/functions/orders", "{\"input\":\"x\"}"), 404, "function not found", "'orders'");
    }

    @Test
    void functionEndpointsNeedTheMasterKey() throws Exception {
        assertThat(call("GET", "/admin/functions/orders", null, null).status()).isEqualTo(401);
        assertThat(call("POST", "/admin/functions/orders", "wrong", "{\"input\":\"x\"}").status()).isEqualTo(401);
        assertThat(runtime.invoked).isEmpty();
    }
}
