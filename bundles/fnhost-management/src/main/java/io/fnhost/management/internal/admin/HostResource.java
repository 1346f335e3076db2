package io.fnhost.management.internal.admin;

import java.io.IOException;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fnhost.management.internal.admin.AdminRouter.Access;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.HostStatusDTO;

/** {@code /admin/host/status} and {@code /admin/host/ping}. */
final class HostResource implements AdminResource {
    /** fnhost runs apps from jars, as Azure runs a package: their content cannot be edited in place. */
    private static final String CONTENT_EDITING_STATE = "NotAllowed";

    private final FunctionRuntime runtime;

    HostResource(FunctionRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void addRoutes(AdminRouter.Builder routes) {
        // status must answer while the host starts: that is when operators look at it
        routes.add("GET", "host/status", Access.MASTER_KEY, this::status);
        routes.add("GET", "host/ping", Access.ANONYMOUS, this::ping);
        routes.add("POST", "host/ping", Access.ANONYMOUS, this::ping);
    }

    /** Azure's {@code HostStatus}, properties in its order; {@code errors} only when there are some. */
    private void status(AdminExchange exchange) throws IOException {
        HostStatusDTO status = runtime.hostStatus();
        ObjectNode body = exchange.newObject();
        putIfPresent(body, "id", status.id);
        putIfPresent(body, "state", status.state);
        putIfPresent(body, "version", status.version);
        putIfPresent(body, "versionDetails", versionDetails(status.version));
        putIfPresent(body, "instanceId", status.instanceId);
        putIfPresent(body, "computerName", status.computerName);
        if (status.errors != null && !status.errors.isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            status.errors.forEach(errors::add);
        }
        body.put("processUptime", status.processUptime);
        body.put("functionAppContentEditingState", CONTENT_EDITING_STATE);
        exchange.json(200, body);
    }

    /** Health probe: 200, empty, never cached (Azure: {@code no-store,no-cache} and {@code Pragma}). */
    private void ping(AdminExchange exchange) {
        exchange.setHeader("Cache-Control", "no-store, no-cache");
        exchange.setHeader("Pragma", "no-cache");
        exchange.empty(200);
    }

    /** Azure reports its informational version here; fnhost adds the Java runtime it runs on. */
    private static String versionDetails(String version) {
        return version == null ? null : version + " (Java " + Runtime.version() + ")";
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
