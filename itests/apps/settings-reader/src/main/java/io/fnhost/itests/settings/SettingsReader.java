package io.fnhost.itests.settings;

import java.util.Optional;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

/** Reads app settings the way Azure code does: with System.getenv, nothing fnhost-specific. */
public class SettingsReader {

    /** {@code GET /api/setting/{name}}: the variable's value, or "(unset)". */
    @FunctionName("setting")
    public String setting(
            @HttpTrigger(name = "req", route = "setting/{name}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name) {
        String value = System.getenv(name);
        return value == null ? "(unset)" : value;
    }

    /** {@code GET /api/environment/{name}}: the same, through a helper class that reads the whole map. */
    @FunctionName("environment")
    public String environment(
            @HttpTrigger(name = "req", route = "environment/{name}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name) {
        return EnvironmentDump.lookUp(name);
    }
}
