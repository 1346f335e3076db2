package io.fnhost.cluster;

import java.util.ArrayList;
import java.util.List;

import io.fnhost.spi.FunctionDTO;

import org.osgi.dto.DTO;

/** One app on one node: what the node's reconciler reports. */
public class NodeAppDTO extends DTO {
    /** Assigned, not yet being installed. */
    public static final String PENDING = "PENDING";
    /** Being fetched, verified and installed. */
    public static final String DEPLOYING = "DEPLOYING";
    /** Installed; its functions are in {@link #functions}. */
    public static final String RUNNING = "RUNNING";
    /** Could not be installed; {@link #message} says why. The node retries when the plan changes. */
    public static final String FAILED = "FAILED";
    /** No longer assigned, being uninstalled. */
    public static final String REMOVING = "REMOVING";

    public String node;
    public String app;
    /** The version's {@code Bundle-Version}. */
    public String version;
    /** The SHA-256 of the artifact the node runs (or is installing). */
    public String sha256;
    /** {@link #PENDING}, {@link #DEPLOYING}, {@link #RUNNING}, {@link #FAILED} or {@link #REMOVING}. */
    public String state;
    /** Why it failed; {@code null} otherwise. */
    public String message;
    /** Its functions with their states on that node (bindings included: the gateway reads the routes). */
    public List<FunctionDTO> functions = new ArrayList<>();
    /** When the node last changed this entry (ISO-8601 UTC). */
    public String updatedAt;
}
