package io.fnhost.core.internal.env;

import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.fnhost.core.internal.ConfigAdminAppSettings;

/**
 * Turns app settings into what function code's {@code System.getenv} answers: keeps the environment
 * snapshot that woven calls read in step with the settings (a new one is published whenever any app's
 * settings change, so a function sees a changed setting on its next call without a redeploy), and
 * registers the {@link GetenvWeaver} that rewrites those calls. The function host references this
 * component, so no app class is loaded before weaving is on.
 */
// Immediate: the snapshot must stay published while no one holds this service (woven calls find it statically).
@Component(service = AppEnvironmentPublisher.class, immediate = true)
public final class AppEnvironmentPublisher {
    private final ConfigAdminAppSettings settings;
    private final Consumer<String> settingsListener = app -> republish();
    private final ServiceRegistration<WeavingHook> weaving;
    private final Object lock = new Object();
    // Guarded by lock: building and publishing happen together, so an older snapshot never replaces a newer one.
    private EnvironmentSnapshot published;

    @Activate
    public AppEnvironmentPublisher(BundleContext context,
            @Reference(service = ConfigAdminAppSettings.class) ConfigAdminAppSettings settings) {
        this.settings = settings;
        // Listen first: a change made while the first snapshot is built still leads to a newer one.
        settings.addListener(settingsListener);
        republish();
        // Registered by hand, fully built: a DS service is a service factory, and the framework asks for
        // weaving hooks on every class load, including those SCR makes while creating that very component.
        this.weaving = context.registerService(WeavingHook.class, new GetenvWeaver(), null);
    }

    @Deactivate
    void close() {
        weaving.unregister();
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
