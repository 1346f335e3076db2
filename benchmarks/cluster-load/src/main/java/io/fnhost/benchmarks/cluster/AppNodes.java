package io.fnhost.benchmarks.cluster;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * What {@code GET /admin/apps/{app}} says about the app on each node: its {@code nodes} array, one object per
 * node with {@code node}, {@code state} and, when the node reports them, {@code sha256} and {@code version}.
 */
final class AppNodes {
    static final String RUNNING = "RUNNING";

    /** One node's entry. {@code sha256} and {@code version} are null when the answer leaves them out. */
    record NodeState(String node, String state, String sha256, String version) {
    }

    private final Map<String, NodeState> byNode;

    private AppNodes(Map<String, NodeState> byNode) {
        this.byNode = byNode;
    }

    /** Reads the {@code nodes} array of an app answer; no array (a node without the cluster) means no nodes. */
    static AppNodes of(JsonObject app) {
        Map<String, NodeState> byNode = new LinkedHashMap<>();
        JsonElement nodes = app.get("nodes");
        if (nodes != null && nodes.isJsonArray()) {
            for (JsonElement element : nodes.getAsJsonArray()) {
                if (!element.isJsonObject()) {
                    continue;
                }
                JsonObject node = element.getAsJsonObject();
                String name = text(node, "node");
                if (name == null) {
                    name = text(node, "name");
                }
                if (name != null) {
                    byNode.put(name, new NodeState(name, text(node, "state"), text(node, "sha256"), text(node, "version")));
                }
            }
        }
        return new AppNodes(byNode);
    }

    /**
     * Whether every one of {@code nodes} runs the artifact: state RUNNING, and its sha256 and version (where the
     * node reports them) those of the artifact. Other nodes do not matter.
     */
    boolean runningEverywhere(Collection<String> nodes, String sha256, String version) {
        for (String name : nodes) {
            NodeState state = byNode.get(name);
            if (state == null || !RUNNING.equals(state.state())
                    || (state.sha256() != null && !state.sha256().equalsIgnoreCase(sha256))
                    || (state.version() != null && version != null && !state.version().equals(version))) {
                return false;
            }
        }
        return true;
    }

    /** How many nodes report the app RUNNING (any version). */
    int running() {
        return (int) byNode.values().stream().filter(s -> RUNNING.equals(s.state())).count();
    }

    /** No node reports the app at all, in any state. */
    boolean none() {
        return byNode.isEmpty();
    }

    /** {@code node:STATE} pairs for the report, e.g. {@code w1:RUNNING,w2:DEPLOYING}. */
    @Override
    public String toString() {
        return byNode.values().stream().map(s -> s.node() + ":" + s.state()).collect(Collectors.joining(","));
    }

    private static String text(JsonObject object, String member) {
        JsonElement value = object.get(member);
        return value == null || value.isJsonNull() || !value.isJsonPrimitive() ? null : value.getAsString();
    }
}
