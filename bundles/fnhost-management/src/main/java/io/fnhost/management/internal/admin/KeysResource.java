package io.fnhost.management.internal.admin;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fnhost.management.internal.admin.AdminRouter.Access;
import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.FunctionKeys.HostKeyKind;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.KeyDTO;

/**
 * Azure's keys API: {@code /admin/functions/{fn}/keys[/{key}]} and
 * {@code /admin/host/{keys|functionkeys|systemkeys}[/{key}]} ({@code keys} is {@code functionkeys}).
 * Payloads follow Azure's {@code KeysController}: a list is {@code {"keys":[{name,value}],"links":[self]}},
 * one key {@code {name,value,links}}; POST generates a value, PUT sets {@code value} from the body;
 * 201 for a new key, 200 for an updated one, 204 for a deletion. Key values are never logged.
 */
final class KeysResource implements AdminResource {
    private static final Logger LOG = LoggerFactory.getLogger(KeysResource.class);
    private static final String PUT_BODY = "{\"value\": \"<key value>\"}";

    private final FunctionRuntime runtime;
    private final FunctionKeys keys;

    KeysResource(FunctionRuntime runtime, FunctionKeys keys) {
        this.runtime = runtime;
        this.keys = keys;
    }

    @Override
    public void addRoutes(AdminRouter.Builder routes) {
        Access access = Access.MASTER_KEY_RUNNING_HOST;
        routes.add("GET", "functions/{fn}/keys", access, this::listFunctionKeys);
        routes.add("GET", "functions/{fn}/keys/{key}", access, this::getFunctionKey);
        routes.add("POST", "functions/{fn}/keys/{key}", access, ex -> putFunctionKey(ex, null));
        routes.add("PUT", "functions/{fn}/keys/{key}", access, ex -> putFunctionKey(ex, valueFromBody(ex)));
        routes.add("DELETE", "functions/{fn}/keys/{key}", access, this::deleteFunctionKey);
        for (String scope : List.of("keys", "functionkeys", "systemkeys")) {
            HostKeyKind kind = scope.equals("systemkeys") ? HostKeyKind.SYSTEM_KEYS : HostKeyKind.FUNCTION_KEYS;
            routes.add("GET", "host/" + scope, access, ex -> listHostKeys(ex, kind));
            routes.add("GET", "host/" + scope + "/{key}", access, ex -> getHostKey(ex, kind));
            routes.add("POST", "host/" + scope + "/{key}", access, ex -> putHostKey(ex, kind, null));
            routes.add("PUT", "host/" + scope + "/{key}", access, ex -> putHostKey(ex, kind, valueFromBody(ex)));
            routes.add("DELETE", "host/" + scope + "/{key}", access, ex -> deleteHostKey(ex, kind));
        }
    }

    private void listFunctionKeys(AdminExchange exchange) throws IOException {
        String function = existingFunction(exchange);
        exchange.json(200, keyList(exchange, call(() -> keys.functionKeys(function))));
    }

    private void getFunctionKey(AdminExchange exchange) throws IOException {
        String function = existingFunction(exchange);
        String name = exchange.route("key");
        KeyDTO key = find(call(() -> keys.functionKeys(function)), name)
                .orElseThrow(() -> unknownKey(name, "function '" + function + "'"));
        exchange.json(200, oneKey(exchange, key.name, key.value));
    }

    private void putFunctionKey(AdminExchange exchange, String value) throws IOException {
        String function = existingFunction(exchange);
        String name = exchange.route("key");
        KeyDTO key = call(() -> keys.putFunctionKey(function, name, value));
        LOG.info("Admin API {} key '{}' of function {}", key.created ? "created" : "updated", name, function);
        written(exchange, name, key);
    }

    private void deleteFunctionKey(AdminExchange exchange) throws IOException {
        String name = exchange.route("key");
        refuseMasterDeletion(name);
        String function = existingFunction(exchange);
        if (!call(() -> keys.deleteFunctionKey(function, name))) {
            throw unknownKey(name, "function '" + function + "'");
        }
        LOG.info("Admin API deleted key '{}' of function {}", name, function);
        exchange.empty(204);
    }

    /** As Azure, lists leave out the master key: it is read as {@code systemkeys/_master}. */
    private void listHostKeys(AdminExchange exchange, HostKeyKind kind) throws IOException {
        List<KeyDTO> list = call(() -> keys.hostKeys(kind)).stream().filter(k -> !isMaster(k.name)).toList();
        exchange.json(200, keyList(exchange, list));
    }

    private void getHostKey(AdminExchange exchange, HostKeyKind kind) throws IOException {
        String name = exchange.route("key");
        KeyDTO key;
        if (isMaster(name)) {
            // Azure serves the master key among the system keys only
            if (kind != HostKeyKind.SYSTEM_KEYS) {
                throw unknownKey(name, scopeName(kind));
            }
            key = call(keys::masterKey);
        } else {
            key = find(call(() -> keys.hostKeys(kind)), name).orElseThrow(() -> unknownKey(name, scopeName(kind)));
        }
        exchange.json(200, oneKey(exchange, key.name, key.value));
    }

    /** {@code _master} under any host scope sets the master key, as Azure's {@code SetMasterKeyAsync}. */
    private void putHostKey(AdminExchange exchange, HostKeyKind kind, String value) throws IOException {
        String name = exchange.route("key");
        HostKeyKind target = isMaster(name) ? HostKeyKind.FUNCTION_KEYS : kind;
        String keyName = isMaster(name) ? FunctionKeys.MASTER : name;
        KeyDTO key = call(() -> keys.putHostKey(target, keyName, value));
        LOG.info("Admin API {} key '{}' of {}", key.created ? "created" : "updated", keyName, scopeName(kind));
        written(exchange, keyName, key);
    }

    private void deleteHostKey(AdminExchange exchange, HostKeyKind kind) throws IOException {
        String name = exchange.route("key");
        refuseMasterDeletion(name);
        if (!call(() -> keys.deleteHostKey(kind, name))) {
            throw unknownKey(name, scopeName(kind));
        }
        LOG.info("Admin API deleted key '{}' of {}", name, scopeName(kind));
        exchange.empty(204);
    }

    private static void written(AdminExchange exchange, String name, KeyDTO key) throws IOException {
        if (key.created) {
            exchange.setHeader("Location", exchange.requestUrl());
        }
        exchange.json(key.created ? 201 : 200, oneKey(exchange, name, key.value));
    }

    /** Azure's PUT body is {@code {"name"?, "value"}}; only {@code value} counts and must be present. */
    private static String valueFromBody(AdminExchange exchange) throws IOException {
        ObjectNode body = exchange.readJsonObject(PUT_BODY);
        JsonNode value = body.get("value");
        if (value == null || value.isNull()) {
            throw ApiProblem.badRequest("invalid key value", "The body has no \"value\". Send " + PUT_BODY
                    + ", or POST without a body to generate a value.");
        }
        if (!value.isTextual()) {
            throw ApiProblem.badRequest("invalid key value", "\"value\" must be a string. Send " + PUT_BODY + ".");
        }
        return value.textValue();
    }

    /** As Azure: {@code _master} is never deleted, and this is checked before anything else. */
    private static void refuseMasterDeletion(String name) {
        if (isMaster(name)) {
            throw ApiProblem.badRequest("Cannot delete System Key.", "The master key '_master' cannot be deleted; "
                    + "POST or PUT /admin/host/keys/_master replaces its value.");
        }
    }

    private String existingFunction(AdminExchange exchange) {
        String name = exchange.route("fn");
        return runtime.function(name).map(f -> f.name).orElseThrow(() -> ApiProblem.unknownFunction(name));
    }

    /** Runs a key operation, turning the SPI's documented exceptions into 400 and 409. */
    private static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid key request", e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiProblem.conflict("key conflict", e.getMessage());
        }
    }

    private static Optional<KeyDTO> find(List<KeyDTO> list, String name) {
        return list.stream().filter(k -> k.name.equalsIgnoreCase(name)).findFirst();
    }

    private static ObjectNode keyList(AdminExchange exchange, List<KeyDTO> list) {
        ObjectNode body = exchange.newObject();
        ArrayNode array = body.putArray("keys");
        for (KeyDTO key : list) {
            array.addObject().put("name", key.name).put("value", key.value);
        }
        addSelfLink(exchange, body);
        return body;
    }

    private static ObjectNode oneKey(AdminExchange exchange, String name, String value) {
        ObjectNode body = exchange.newObject().put("name", name).put("value", value);
        addSelfLink(exchange, body);
        return body;
    }

    /** Azure's {@code ApiModel} links: {@code self} is the request URL without its query. */
    private static void addSelfLink(AdminExchange exchange, ObjectNode body) {
        body.putArray("links").addObject().put("rel", "self").put("href", exchange.requestUrl());
    }

    private static ApiProblem unknownKey(String name, String owner) {
        return ApiProblem.notFound("key not found", "There is no key '" + name + "' for " + owner
                + ". A GET of the list shows the key names; POST creates one.");
    }

    private static boolean isMaster(String name) {
        return FunctionKeys.MASTER.equalsIgnoreCase(name);
    }

    private static String scopeName(HostKeyKind kind) {
        return kind == HostKeyKind.SYSTEM_KEYS ? "the system keys" : "the host keys";
    }
}
