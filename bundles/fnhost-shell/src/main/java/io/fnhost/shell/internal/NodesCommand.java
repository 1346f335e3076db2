package io.fnhost.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code fnhost:nodes}: the cluster's nodes, as {@code GET /admin/nodes} lists them. */
@Command(scope = "fnhost", name = "nodes", description = "Lists the cluster's nodes: role, group, state, address, "
        + "apps, in-flight invocations and last heartbeat; * marks the management leader.")
@Service
public class NodesCommand extends ClusterCommand {
    @Override
    void print(PrintStream out) {
        ClusterTables.nodes(cluster.nodes()).print(out);
    }
}
