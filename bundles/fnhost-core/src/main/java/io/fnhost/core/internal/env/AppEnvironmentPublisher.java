package io.fnhost.core.internal.env;

import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.fnhost.core.internal.ConfigAdminAppSettings;

/**
 * Keeps the environment snapshot that woven {@code System.getenv} calls read in step with the app
 * settings: a new snapshot is built and published whenever any app's settings change, so a function sees
 * a changed setting on its next call without a redeploy.
 */
// Immediate: the snapshot must stay published while no one holds this service (woven calls find it statically).
@Component(service = AppEnvironmentPublisher.class, immediate = true)
public final class AppEnvironmentPublisher {
    private final ConfigAdminAppSettings settings;
    private final Consumer<String> settingsListener = app -> republish();
    private final Object lock = new Object();
    // Guarded by lock: building and publishing happen together, so an older snapshot never replaces a newer one.
    private EnvironmentSnapshot published;

    @Activate
    public AppEnvironmentPublisher(@Reference(service = ConfigAdminAppSettings.class) ConfigAdminAppSettings settings) {
        this.settings = settings;
        // Listen first: a change made while the first snapshot is built still leads to a newer one.
        settings.addListener(settingsListener);
        republish();
    }

    @Deactivate
    void close() {
        settings.removeListener(settingsListener);
        synchronized (lock) {
            PublishedEnvironment.withdraw(published);
            published = null;
        }
    }

    private void republish() {
        synchronized (lock) {
            published = EnvironmentSnapshot.of(System.getenv(), settings.embeddedStorageConnection(),
                    settings.allSettings());
            PublishedEnvironment.publish(published);
        }
    }
}
