package io.fnhost.management.internal.admin;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fnhost.cluster.FunctionCluster;
import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;
import io.fnhost.management.internal.admin.AdminRouter.Access;

/**
 * {@code /admin/nodes}: the cluster's nodes with their role, group, address, load, heartbeat and the
 * apps each runs, as {@link FunctionCluster#nodes()} reports them. The list shows each app's state;
 * one node ({@code /admin/nodes/{name}}) also shows each app's functions. 503 while this node has no
 * cluster member.
 */
final class NodesResource implements AdminResource {
    private final Supplier<Optional<FunctionCluster>> cluster;

    NodesResource(Supplier<Optional<FunctionCluster>> cluster) {
        this.cluster = cluster;
    }

    @Override
    public void addRoutes(AdminRouter.Builder routes) {
        routes.add("GET", "nodes", Access.MASTER_KEY, this::list);
        routes.add("GET", "nodes/{name}", Access.MASTER_KEY, this::get);
    }

    private void list(AdminExchange exchange) throws IOException {
        ArrayNode body = exchange.newArray();
        for (NodeDTO node : cluster().nodes()) {
            body.add(node(exchange, node, false));
        }
        exchange.json(200, body);
    }

    private void get(AdminExchange exchange) throws IOException {
        String name = exchange.route("name");
        NodeDTO node = cluster().nodes().stream().filter(n -> n.name.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("node not found", "No node of the cluster is named '" + name
                        + "' (nodes that left are forgotten after a while). GET /admin/nodes lists the nodes."));
        exchange.json(200, node(exchange, node, true));
    }

    private FunctionCluster cluster() {
        return cluster.get().orElseThrow(() -> new ApiProblem(503, "no cluster", "This node's cluster member is not "
                + "running (fnhost-cluster not started, or not joined yet), so it knows no nodes. Check the node's log "
                + "for io.fnhost.cluster and try again."));
    }

    private static ObjectNode node(AdminExchange exchange, NodeDTO dto, boolean withFunctions) {
        ObjectNode node = exchange.newObject();
        node.put("name", dto.name);
        node.put("role", dto.role);
        node.put("group", dto.group);
        node.put("capacity", dto.capacity);
        node.put("address", dto.address);
        node.put("httpUrl", dto.httpUrl);
        node.put("state", dto.state);
        node.put("leader", dto.leader);
        node.put("joinedAt", dto.joinedAt);
        node.put("lastHeartbeat", dto.lastHeartbeat);
        node.put("inFlight", dto.inFlight);
        node.put("cpuLoad", dto.cpuLoad);
        ArrayNode apps = node.putArray("apps");
        for (NodeAppDTO app : dto.apps) {
            ObjectNode entry = apps.addObject();
            entry.put("app", app.app);
            entry.put("version", app.version);
            entry.put("sha256", app.sha256);
            entry.put("state", app.state);
            if (app.message != null) {
                entry.put("message", app.message);
            }
            entry.put("updatedAt", app.updatedAt);
            if (withFunctions) {
                ArrayNode functions = entry.putArray("functions");
                app.functions.forEach(f -> {
                    ObjectNode function = functions.addObject();
                    function.put("name", f.name);
                    function.put("state", f.state == null ? null : f.state.name());
                    if (f.stateMessage != null) {
                        function.put("stateMessage", f.stateMessage);
                    }
                });
            } else {
                entry.put("functionCount", app.functions.size());
            }
        }
        return node;
    }
}
