package io.fnhost.cluster.internal.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@link ClusterMaps#PLAN}: where the leader's planner placed an app. Workers install the
 * app when {@link #nodes} names them, and run a timer function when {@link #timerOwners} names them.
 */
public final class AppPlan {
    /** The app's name as published. */
    public String app;
    /** The SHA-256 of the artifact to run. */
    public String sha256;
    /** Its {@code Bundle-Version}. */
    public String version;
    /** The nodes that run it, sorted by name; empty when no worker of its group is up. */
    public List<String> nodes = new ArrayList<>();
    /** Timer function name to the one node that runs it. */
    public Map<String, String> timerOwners = new LinkedHashMap<>();
    /** Incremented by the planner on every change of this entry. */
    public long revision;

    /** Whether {@code other} places the same artifact on the same nodes with the same timer owners. */
    public boolean sameAssignment(AppPlan other) {
        return other != null && Objects.equals(app, other.app) && Objects.equals(sha256, other.sha256)
                && Objects.equals(version, other.version) && Objects.equals(nodes, other.nodes)
                && Objects.equals(timerOwners, other.timerOwners);
    }

    @Override
    public String toString() {
        return ClusterMaps.toJson(this);
    }
}
