package io.fnhost.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code fnhost:apps}: the published apps with their placement and their state on each node. */
@Command(scope = "fnhost", name = "apps", description = "Lists the apps published to the cluster: version, "
        + "placement and the nodes running them with their state.")
@Service
public class AppsCommand extends ClusterCommand {
    @Override
    void print(PrintStream out) {
        ClusterTables.apps(cluster.apps(), cluster::appStates).print(out);
    }
}
