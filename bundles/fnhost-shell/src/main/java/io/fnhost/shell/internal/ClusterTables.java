package io.fnhost.shell.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.shell.support.table.ShellTable;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;

/** The tables the commands print, built from the cluster's DTOs: no logic beyond formatting. */
final class ClusterTables {
    /** Marks the management leader in the node table. */
    static final String LEADER_MARK = "*";

    private ClusterTables() {
    }

    /** One row per node: name (the leader marked), role, group, state, address, apps, in-flight, last heartbeat. */
    static ShellTable nodes(List<NodeDTO> nodes) {
        ShellTable table = new ShellTable().emptyTableText("No nodes: the cluster member has not joined yet.");
        table.column("Name");
        table.column("Role");
        table.column("Group");
        table.column("State");
        table.column("Address");
        table.column("Apps");
        table.column("In-flight").alignRight();
        table.column("Last heartbeat");
        for (NodeDTO node : nodes) {
            table.addRow().addContent(node.leader ? node.name + " " + LEADER_MARK : node.name, node.role, node.group,
                    node.state, node.httpUrl != null ? node.httpUrl : node.address, appStates(node.apps),
                    node.inFlight, node.lastHeartbeat == null ? "" : node.lastHeartbeat);
        }
        return table;
    }

    /** One row per app: name, version, placement, and the nodes it is on with its state there. */
    static ShellTable apps(List<ClusterAppDTO> apps, java.util.function.Function<String, List<NodeAppDTO>> states) {
        ShellTable table = new ShellTable().emptyTableText("No published apps in the cluster.");
        table.column("App");
        table.column("Version");
        table.column("Placement");
        table.column("Nodes");
        for (ClusterAppDTO app : apps) {
            table.addRow().addContent(app.name, app.version, placement(app), nodeStates(states.apply(app.name)));
        }
        return table;
    }

    /** {@code group default, every worker} or {@code group blue, 2 replicas}. */
    static String placement(ClusterAppDTO app) {
        return "group " + app.group + ", " + (app.replicas == 0 ? "every worker"
                : app.replicas + (app.replicas == 1 ? " replica" : " replicas"));
    }

    private static String appStates(List<NodeAppDTO> apps) {
        return apps.stream().map(a -> a.app + ":" + a.state).collect(Collectors.joining(" "));
    }

    private static String nodeStates(List<NodeAppDTO> states) {
        return states.isEmpty() ? "-" : states.stream().map(s -> s.node + ":" + s.state)
                .collect(Collectors.joining(" "));
    }
}
