package io.fnhost.spi;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Per-app settings (Azure's "application settings"), kept in Configuration Admin as one factory
 * configuration per app (factory PID {@value #FACTORY_PID}, named after the app), so an operator can
 * change them at runtime (e.g. {@code etc/io.fnhost.core.AppSettings-<app>.cfg}) without
 * redeploying. Names match case-insensitively, as environment variables do on Windows.
 */
@ProviderType
public interface AppSettings {
    /** Factory PID of the per-app configurations. */
    String FACTORY_PID = "io.fnhost.core.AppSettings";
    /** Configuration property naming the app a configuration belongs to. */
    String APP_PROPERTY = "fnhost.app";

    /** The app's settings now (a copy), empty when it has none. */
    Map<String, String> settings(String app);

    /** The setting, or {@code null}. */
    String setting(String app, String name);

    /** Replaces the app's settings with {@code settings} (creating its configuration when needed). */
    void replace(String app, Map<String, String> settings);
}
