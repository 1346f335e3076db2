package io.fnhost.management.internal.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionState;

/** Builds the node status the cluster reports, as the gateway reads it. */
final class ClusterNodes {
    private ClusterNodes() {
    }

    static NodeDTO node(String name, String role, String httpUrl, NodeAppDTO... apps) {
        NodeDTO n = new NodeDTO();
        n.name = name;
        n.role = role;
        n.group = "default";
        n.capacity = 1;
        n.httpUrl = httpUrl;
        n.state = NodeDTO.UP;
        n.apps = new ArrayList<>(List.of(apps));
        return n;
    }

    static NodeDTO worker(String name, String httpUrl, NodeAppDTO... apps) {
        return node(name, "worker", httpUrl, apps);
    }

    static NodeDTO left(NodeDTO node) {
        node.state = NodeDTO.LEFT;
        return node;
    }

    static NodeAppDTO app(String app, String state, FunctionDTO... functions) {
        NodeAppDTO a = new NodeAppDTO();
        a.app = app;
        a.state = state;
        a.sha256 = "0".repeat(64);
        a.version = "1.0.0";
        a.functions = new ArrayList<>(List.of(functions));
        return a;
    }

    static NodeAppDTO running(String app, FunctionDTO... functions) {
        return app(app, NodeAppDTO.RUNNING, functions);
    }

    /** An HTTP function; {@code route} null for the default, {@code methods} as the JSON round trip leaves them. */
    static FunctionDTO http(String name, String route, List<String> methods) {
        return http(name, route, methods, FunctionState.RUNNING);
    }

    static FunctionDTO http(String name, String route, List<String> methods, FunctionState state) {
        FunctionDTO f = new FunctionDTO();
        f.name = name;
        f.state = state;
        BindingDTO trigger = new BindingDTO();
        trigger.type = "httpTrigger";
        trigger.direction = BindingDTO.DIRECTION_IN;
        trigger.name = "req";
        if (route != null) {
            trigger.attributes.put("route", route);
        }
        if (methods != null) {
            trigger.attributes.put("methods", methods);
        }
        trigger.attributes.put("authLevel", "ANONYMOUS");
        f.bindings = new ArrayList<>(List.of(trigger));
        return f;
    }

    static FunctionDTO timer(String name) {
        FunctionDTO f = new FunctionDTO();
        f.name = name;
        f.state = FunctionState.RUNNING;
        BindingDTO trigger = new BindingDTO();
        trigger.type = "timerTrigger";
        trigger.direction = BindingDTO.DIRECTION_IN;
        trigger.name = "timer";
        trigger.attributes.putAll(Map.of("schedule", "0 * * * * *"));
        f.bindings = new ArrayList<>(List.of(trigger));
        return f;
    }
}
