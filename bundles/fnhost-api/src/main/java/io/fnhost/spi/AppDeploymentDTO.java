package io.fnhost.spi;

import java.util.ArrayList;
import java.util.List;

import org.osgi.dto.DTO;

/** One function app version deployed through {@link FunctionAppDeployments}. */
public class AppDeploymentDTO extends DTO {
    /** Where the app came from, e.g. {@code published:greeter}. */
    public String source;
    /** The app's name (manifest header {@code Fnhost-FunctionApp}). */
    public String app;
    /** The bundle's {@code Bundle-SymbolicName}. */
    public String symbolicName;
    /** The bundle's {@code Bundle-Version}. */
    public String version;
    /**
     * The first 16 hex digits of the artifact's SHA-256: what the bundle's location records, enough to
     * tell whether given bytes are the deployed ones.
     */
    public String sha256Prefix;
    /** Id of the bundle running this version. */
    public long bundleId;
    /** {@code true} when {@link FunctionAppDeployments#deploy} found exactly these bytes already current. */
    public boolean unchanged;
    /** The functions of this version with their states. */
    public List<FunctionDTO> functions = new ArrayList<>();
}
