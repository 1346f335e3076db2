package io.fnhost.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.fnhost.cluster.ClusterAppDTO;

/**
 * {@code fnhost:placement [-g group] [-r replicas] <app>}: sets where an app runs (what is not given is
 * kept) and prints the placement; without options it only prints it.
 */
@Command(scope = "fnhost", name = "placement", description = "Shows or sets where a published app runs: the workers "
        + "of a group, all of them (replicas 0) or the given number of least-loaded ones.")
@Service
public class PlacementCommand extends ClusterCommand {
    @Argument(index = 0, name = "app", description = "The published app", required = true)
    @Completion(AppNameCompleter.class)
    String app;

    @Option(name = "-g", aliases = "--group", description = "The worker group to run the app on")
    String group;

    @Option(name = "-r", aliases = "--replicas", description = "How many workers of the group run it; 0 = all")
    Integer replicas;

    @Override
    void print(PrintStream out) {
        ClusterAppDTO current = cluster.app(app).orElseThrow(() -> new IllegalArgumentException("No published app is "
                + "named '" + app + "'; fnhost:apps lists them."));
        if (group != null && group.isBlank()) {
            throw new IllegalArgumentException("The group is blank; name a worker group (default unless set).");
        }
        if (replicas != null && replicas < 0) {
            throw new IllegalArgumentException("replicas is " + replicas + "; use 0 for every worker of the group, or "
                    + "how many workers should run the app.");
        }
        ClusterAppDTO placed = current;
        if (group != null || replicas != null) {
            placed = cluster.setPlacement(current.name, group == null ? current.group : group.trim(),
                    replicas == null ? current.replicas : replicas);
        }
        out.println(placed.name + ": " + ClusterTables.placement(placed));
    }
}
