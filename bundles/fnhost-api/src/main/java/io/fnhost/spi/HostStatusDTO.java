package io.fnhost.spi;

import java.util.ArrayList;
import java.util.List;

import org.osgi.dto.DTO;

/** The node's host status, shaped like Azure's {@code GET /admin/host/status}. */
public class HostStatusDTO extends DTO {
    public static final String STARTING = "Starting";
    public static final String RUNNING = "Running";
    public static final String STOPPING = "Stopping";

    /** Host id: the node name. */
    public String id;
    /** {@link #STARTING} until the apps present at start are deployed, then {@link #RUNNING}. */
    public String state;
    /** fnhost's version. */
    public String version;
    /** Identifies this process's run of the host (changes on restart). */
    public String instanceId;
    public String computerName;
    /** Milliseconds since the host started. */
    public long processUptime;
    /** Apps that failed to deploy and other host-level problems, one line each. */
    public List<String> errors = new ArrayList<>();
}
