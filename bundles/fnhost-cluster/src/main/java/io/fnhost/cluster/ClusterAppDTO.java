package io.fnhost.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.dto.DTO;

/** A published app as the cluster holds it: its current artifact, its placement and the planner's plan. */
public class ClusterAppDTO extends DTO {
    /** The group of workers an app runs on unless placed elsewhere. */
    public static final String DEFAULT_GROUP = "default";

    /** The app's name (manifest header {@code Fnhost-FunctionApp}). */
    public String name;
    /** The current version's {@code Bundle-Version}. */
    public String version;
    /** SHA-256 (hex) of the current artifact; workers verify it before installing. */
    public String sha256;
    /** The artifact's size in bytes. */
    public long size;
    /** When this version was published (ISO-8601 UTC). */
    public String publishedAt;
    /** Who published it (the key's name). */
    public String publishedBy;
    /** The worker group it runs on. */
    public String group;
    /** How many workers of the group run it; 0 means all of them. */
    public int replicas;
    /** Its timer functions: the planner gives each exactly one owner node. */
    public List<String> timerFunctions = new ArrayList<>();
    /** Filled on read: the nodes the plan assigns it to, sorted. */
    public List<String> nodes = new ArrayList<>();
    /** Filled on read: timer function name to the node that owns it. */
    public Map<String, String> timerOwners = new LinkedHashMap<>();
}
