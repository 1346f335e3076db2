package io.fnhost.spi;

import java.util.ArrayList;
import java.util.List;

import org.osgi.dto.DTO;

/** A function as fnhost knows it: its {@code function.json} content plus its state. */
public class FunctionDTO extends DTO {
    /** The function app's name (manifest header {@code Fnhost-FunctionApp}). */
    public String app;
    /** The app's {@code Bundle-Version}. */
    public String appVersion;
    /** Bundle id of the app version this function belongs to. */
    public long bundleId;
    /** The {@code @FunctionName} value. */
    public String name;
    /** {@code <canonical class name>.<method name>}, as in {@code function.json}. */
    public String entryPoint;
    /** Bindings in {@code function.json} order. */
    public List<BindingDTO> bindings = new ArrayList<>();
    /** Retry policy, or {@code null}. */
    public RetryDTO retry;
    public FunctionState state;
    /** Why the function is {@code WAITING} or {@code ERROR}; {@code null} when running. */
    public String stateMessage;
    /** Binding types whose providers are missing (when {@code WAITING}). */
    public List<String> waitingFor = new ArrayList<>();
    /**
     * App setting {@code AzureWebJobs.<name>.Disabled} (or {@code AzureWebJobs_<name>_Disabled}) is
     * {@code true} or {@code 1}: its listener does not consume events and HTTP answers 404 except with
     * the master key.
     */
    public boolean disabled;
}
