package io.fnhost.cluster;

import java.util.ArrayList;
import java.util.List;

import org.osgi.dto.DTO;

/** A node of the cluster, as the admin API ({@code GET /admin/nodes}) and the shell show it. */
public class NodeDTO extends DTO {
    /** {@link #state} of a live member. */
    public static final String UP = "UP";
    /** {@link #state} of a node that left the cluster (stopped, crashed or unreachable). */
    public static final String LEFT = "LEFT";

    /** The node's name ({@code FNHOST_NODE_NAME}). */
    public String name;
    /** {@code management}, {@code worker} or {@code standalone}. */
    public String role;
    /** Its worker group. */
    public String group;
    /** Its capacity weight. */
    public int capacity;
    /** The host address its cluster member is bound to. */
    public String address;
    /** Where its HTTP endpoints are served, e.g. {@code http://127.0.0.1:8181}. */
    public String httpUrl;
    /** {@link #UP} or {@link #LEFT}. */
    public String state;
    /** Whether this node is the management leader, which runs the planner. */
    public boolean leader;
    /** When it joined (ISO-8601 UTC). */
    public String joinedAt;
    /** When it last reported its status (ISO-8601 UTC). */
    public String lastHeartbeat;
    /** Invocations running on it at its last report. */
    public int inFlight;
    /** Its process CPU load at its last report, 0 to 1 (negative when unknown). */
    public double cpuLoad;
    /** The apps the cluster assigned to it, with their state there (apps of its own deploy folder are not listed). */
    public List<NodeAppDTO> apps = new ArrayList<>();
}
