package io.fnhost.itests.settings;

import java.util.Map;

/**
 * Stands for a library inside the app that reads the whole environment: it must see the app's settings
 * too. {@link #lookUp} is also called directly by the framework test on a copy of this bundle that is no
 * function app, to show such bundles are not woven.
 */
public final class EnvironmentDump {
    private EnvironmentDump() {
    }

    public static String lookUp(String name) {
        Map<String, String> environment = System.getenv();
        String value = environment.get(name);
        return value == null ? "(unset)" : value;
    }
}
