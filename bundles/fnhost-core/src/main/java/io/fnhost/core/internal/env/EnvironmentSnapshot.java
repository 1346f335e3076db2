package io.fnhost.core.internal.env;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.fnhost.core.internal.ConfigAdminAppSettings;

/**
 * The environments of all function apps at one moment, built once per settings change so that a
 * {@code System.getenv} look-up is one map read. Each app's environment is the node's environment,
 * overlaid with {@code AzureWebJobsStorage} (the embedded services' connection), overlaid with the app's
 * own settings. Names match case-insensitively, as Azure's app settings do; should the node's
 * environment hold two names that differ only in case, one of them wins.
 */
final class EnvironmentSnapshot {
    private final Map<String, Map<String, String>> byApp;
    private final Map<String, String> withoutSettings;

    private EnvironmentSnapshot(Map<String, Map<String, String>> byApp, Map<String, String> withoutSettings) {
        this.byApp = byApp;
        this.withoutSettings = withoutSettings;
    }

    /**
     * @param node the node's environment
     * @param storageConnection the value of {@code AzureWebJobsStorage} for apps that do not set it
     * @param settingsByApp each app's (lower-case name) own settings
     */
    static EnvironmentSnapshot of(Map<String, String> node, String storageConnection,
            Map<String, Map<String, String>> settingsByApp) {
        SortedMap<String, String> base = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        base.putAll(node);
        // The node's own variable of that name does not count: embeddedStorageConnection is the node-wide knob.
        base.put(ConfigAdminAppSettings.STORAGE_SETTING, storageConnection);
        Map<String, Map<String, String>> byApp = new HashMap<>();
        settingsByApp.forEach((app, settings) -> {
            SortedMap<String, String> environment = new TreeMap<>(base);
            environment.putAll(settings);
            byApp.put(app.toLowerCase(Locale.ROOT), Collections.unmodifiableSortedMap(environment));
        });
        return new EnvironmentSnapshot(Map.copyOf(byApp), Collections.unmodifiableSortedMap(base));
    }

    /** The environment of {@code app} (lower-case name): unmodifiable, keys case-insensitive. */
    Map<String, String> environment(String app) {
        return byApp.getOrDefault(app, withoutSettings);
    }
}
