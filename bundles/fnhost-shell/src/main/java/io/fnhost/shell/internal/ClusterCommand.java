package io.fnhost.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.fnhost.cluster.FunctionCluster;

/**
 * The commands' common part: the cluster service (optional, so that the commands exist on a node whose
 * member has not joined and say so, instead of vanishing) and output to the session's stream.
 */
abstract class ClusterCommand implements Action {
    @Reference(optional = true)
    FunctionCluster cluster;

    @Override
    public final Object execute() {
        if (cluster == null) {
            throw new IllegalStateException("This node's cluster member is not running (fnhost-cluster not started, "
                    + "or not joined yet); check the log for io.fnhost.cluster.");
        }
        // Karaf binds System.out to the calling session
        print(System.out);
        return null;
    }

    /** Does the command's work, printing to {@code out}. */
    abstract void print(PrintStream out);
}
