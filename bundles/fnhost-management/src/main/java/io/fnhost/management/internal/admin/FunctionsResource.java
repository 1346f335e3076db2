package io.fnhost.management.internal.admin;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fnhost.cluster.ClusterInvocations;
import io.fnhost.management.internal.admin.AdminRouter.Access;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.FunctionState;

/**
 * {@code /admin/functions}: function metadata in the shape of Azure's {@code FunctionMetadataResponse},
 * a function's errors, and invoking a non-HTTP function. In a cluster, a function this node does not run
 * (a management node runs none) is invoked on another node that runs it, named in {@value #NODE_HEADER}.
 */
final class FunctionsResource implements AdminResource {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionsResource.class);
    private static final String HTTP_TRIGGER = "httpTrigger";
    /**
     * Route prefix of {@code invoke_url_template}. The SPI does not carry an app's host.json prefix yet,
     * so this is Azure's default.
     */
    private static final String DEFAULT_ROUTE_PREFIX = "api";
    private static final String INVOKE_BODY = "{\"input\": \"<trigger value>\"}";

    /** Names the node that took an invocation this node passed on. */
    static final String NODE_HEADER = "X-Fnhost-Node";

    private final FunctionRuntime runtime;
    private final Supplier<ClusterInvocations> cluster;

    /**
     * @param cluster the other nodes while this node is in a cluster, else null
     */
    FunctionsResource(FunctionRuntime runtime, Supplier<ClusterInvocations> cluster) {
        this.runtime = runtime;
        this.cluster = cluster;
    }

    @Override
    public void addRoutes(AdminRouter.Builder routes) {
        routes.add("GET", "functions", Access.MASTER_KEY_RUNNING_HOST, this::list);
        routes.add("GET", "functions/{name}", Access.MASTER_KEY_RUNNING_HOST, this::get);
        routes.add("POST", "functions/{name}", Access.MASTER_KEY_RUNNING_HOST, this::invoke);
        routes.add("GET", "functions/{name}/status", Access.MASTER_KEY_RUNNING_HOST, this::status);
    }

    /** Every function of every deployed app version (two versions of an app show both during a swap). */
    private void list(AdminExchange exchange) throws IOException {
        ArrayNode body = exchange.newArray();
        for (FunctionDTO function : runtime.functions()) {
            body.add(metadata(exchange, function));
        }
        exchange.json(200, body);
    }

    private void get(AdminExchange exchange) throws IOException {
        exchange.json(200, metadata(exchange, existing(exchange.route("name"))));
    }

    /** Azure's {@code FunctionStatus}: {@code errors} only when the function has some. */
    private void status(AdminExchange exchange) throws IOException {
        FunctionDTO function = existing(exchange.route("name"));
        ObjectNode body = exchange.newObject();
        if (function.state != FunctionState.RUNNING && function.stateMessage != null) {
            body.putArray("errors").add(function.stateMessage);
        }
        exchange.json(200, body);
    }

    /** Fire and forget, as Azure: 202 once the host has the invocation, whatever its outcome. */
    private void invoke(AdminExchange exchange) throws IOException {
        String name = exchange.route("name");
        // Azure reads the body first: a missing body is 400 even for an unknown function
        String input = input(exchange.readJsonObject(INVOKE_BODY));
        FunctionDTO function = existing(name);
        if (function.bindings.stream().anyMatch(b -> HTTP_TRIGGER.equalsIgnoreCase(b.type))) {
            throw ApiProblem.badRequest("HTTP-triggered function", "Function '" + function.name
                    + "' has an HTTP trigger: call its URL (invoke_url_template of GET /admin/functions/"
                    + function.name + ") instead of the admin API.");
        }
        if (function.state != FunctionState.RUNNING) {
            ClusterInvocations others = cluster.get();
            if (others == null) {
                throw notRunning(function.name, function.stateMessage);
            }
            invokeElsewhere(exchange, others, function, input);
            return;
        }
        try {
            runtime.invoke(function.name, input).whenComplete((result, failure) -> {
                if (failure != null) {
                    LOG.debug("Invocation of {} through the admin API did not run: {}", function.name, failure.toString());
                }
            });
        } catch (NoSuchElementException e) {
            throw ApiProblem.unknownFunction(name);
        } catch (IllegalStateException e) {
            throw notRunning(function.name, e.getMessage());
        }
        exchange.empty(202);
    }

    /** Not running here: the cluster passes the invocation to a node that runs the function. */
    private static void invokeElsewhere(AdminExchange exchange, ClusterInvocations others, FunctionDTO function,
            String input) {
        ClusterInvocations.Run run;
        try {
            run = others.invokeOnce(function.name, input);
        } catch (RuntimeException e) {
            // the cluster member is stopping: as if there were no cluster
            LOG.debug("Cannot pass the invocation of {} to the cluster: {}", function.name, e.toString());
            throw notRunning(function.name, function.stateMessage);
        }
        switch (run.status()) {
            case ACCEPTED -> {
                exchange.setHeader(NODE_HEADER, run.node());
                exchange.empty(202);
            }
            case UNCONFIRMED -> throw new ApiProblem(504, "no confirmation", "Node " + run.node()
                    + " did not confirm in time that it took the invocation of '" + function.name
                    + "'; it may still run it. GET /admin/invocations?function=" + function.name
                    + " shows whether it did.");
            default -> throw notRunning(function.name, (function.stateMessage == null ? ""
                    : function.stateMessage + "; ") + "no other node of the cluster runs it either");
        }
    }

    /** Azure's {@code FunctionInvocation.Input} is a string; other JSON values are passed as their JSON text. */
    private static String input(ObjectNode body) {
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            return null;
        }
        return input.isTextual() ? input.textValue() : input.toString();
    }

    private static ApiProblem notRunning(String function, String reason) {
        return ApiProblem.conflict("function not running", "Function '" + function + "' cannot be invoked now"
                + (reason == null ? "" : ": " + reason) + ". GET /admin/functions/" + function
                + "/status shows why; it runs again once that is fixed.");
    }

    private FunctionDTO existing(String name) {
        return runtime.function(name).orElseThrow(() -> ApiProblem.unknownFunction(name));
    }

    /** Azure's {@code FunctionMetadataResponse} as far as it applies, plus fnhost's app and state. */
    private static ObjectNode metadata(AdminExchange exchange, FunctionDTO function) {
        String baseUrl = exchange.baseUrl();
        ObjectNode node = exchange.newObject();
        node.put("name", function.name);
        node.put("href", baseUrl + "/admin/functions/" + function.name);
        node.put("invoke_url_template", invokeUrlTemplate(baseUrl, function));
        node.put("language", "java");
        node.set("config", config(exchange, function));
        node.put("isDisabled", function.disabled);
        node.put("isDirect", false);
        node.put("isProxy", false);
        // fnhost's own: which app version the function belongs to, and whether it runs
        node.put("app", function.app);
        node.put("appVersion", function.appVersion);
        node.put("state", function.state == null ? null : function.state.name());
        node.put("stateMessage", function.stateMessage);
        ArrayNode waitingFor = node.putArray("waitingFor");
        function.waitingFor.forEach(waitingFor::add);
        return node;
    }

    /** What Azure's Maven plugin writes to {@code function.json}. */
    private static ObjectNode config(AdminExchange exchange, FunctionDTO function) {
        ObjectNode config = exchange.newObject();
        config.put("entryPoint", function.entryPoint);
        ArrayNode bindings = config.putArray("bindings");
        for (BindingDTO binding : function.bindings) {
            ObjectNode json = bindings.addObject();
            json.put("type", binding.type);
            json.put("direction", binding.direction);
            json.put("name", binding.name);
            for (Map.Entry<String, Object> attribute : binding.attributes.entrySet()) {
                json.set(attribute.getKey(), exchange.toJson(attribute.getValue()));
            }
        }
        if (function.retry != null) {
            config.set("retry", exchange.toJson(function.retry));
        }
        return config;
    }

    /** As Azure: {@code <base>/<prefix>/<route or name>}, lower-cased; {@code null} unless HTTP-triggered. */
    private static String invokeUrlTemplate(String baseUrl, FunctionDTO function) {
        List<BindingDTO> http = function.bindings.stream()
                .filter(b -> HTTP_TRIGGER.equalsIgnoreCase(b.type)).toList();
        if (http.isEmpty()) {
            return null;
        }
        String route = http.get(0).attribute("route", "");
        route = route.startsWith("/") ? route.substring(1) : route;
        String path = route.isEmpty() ? function.name : route;
        return (baseUrl + "/" + DEFAULT_ROUTE_PREFIX + "/" + path).toLowerCase(Locale.ROOT);
    }
}
