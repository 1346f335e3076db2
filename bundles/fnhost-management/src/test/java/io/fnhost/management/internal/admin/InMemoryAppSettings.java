package io.fnhost.management.internal.admin;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.fnhost.spi.AppSettings;

/** Test double of the core's ConfigAdmin-backed settings. */
public final class InMemoryAppSettings implements AppSettings {
    private final Map<String, Map<String, String>> byApp = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> settings(String app) {
        return new TreeMap<>(byApp.getOrDefault(app, Map.of()));
    }

    @Override
    public String setting(String app, String name) {
        return settings(app).entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @Override
    public void replace(String app, Map<String, String> settings) {
        byApp.put(app, new TreeMap<>(settings));
    }
}
