package io.fnhost.itests.framework;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.fnhost.spi.AppSettings;

/** App settings as an operator sets them: named factory configurations in Configuration Admin. */
final class AppSettingsFixture {
    private AppSettingsFixture() {
    }

    /** Creates or replaces the properties of {@code io.fnhost.core.AppSettings~<app>} (as FileInstall does for a .cfg). */
    static Configuration set(ConfigurationAdmin configAdmin, String app, String... keyValues) throws IOException {
        Configuration c = configAdmin.getFactoryConfiguration(AppSettings.FACTORY_PID, app, "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        c.update(properties);
        // Configuration Admin tells the core asynchronously: wait until the core sees these values, so that
        // what a test does next (deploy an app, say) does not race the event.
        AppSettings settings = appSettings();
        for (int i = 0; i < keyValues.length; i += 2) {
            String name = keyValues[i];
            String value = keyValues[i + 1];
            if (isBookkeeping(name)) {
                continue;
            }
            Await.until("app setting " + name + " of " + app + " seen by the core", () -> settings.setting(app, name),
                    value::equals);
        }
        return c;
    }

    /** Deletes every app settings configuration: configurations outlive a test's bundles. */
    static void deleteAll(ConfigurationAdmin configAdmin) throws IOException, InvalidSyntaxException {
        Configuration[] all = configAdmin.listConfigurations("(service.factoryPid=" + AppSettings.FACTORY_PID + ")");
        if (all == null) {
            return;
        }
        AppSettings settings = appSettings();
        List<String> apps = new ArrayList<>();
        for (Configuration c : all) {
            Object app = c.getProperties() == null ? null : c.getProperties().get(AppSettings.APP_PROPERTY);
            apps.add(app != null ? app.toString() : c.getPid().substring(c.getPid().indexOf('~') + 1));
            c.delete();
        }
        // The deletions reach the core asynchronously; the next test must not see these settings. Wait only
        // once all are deleted: two configurations may name one app (names ignore case).
        for (String app : apps) {
            Await.until("settings of " + app + " gone from the core", () -> settings.settings(app), Map::isEmpty);
        }
    }

    /** Properties the core does not take as settings (FileInstall's, Configuration Admin's, the app name). */
    private static boolean isBookkeeping(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("service.") || lower.startsWith("felix.fileinstall.") || lower.startsWith("component.")
                || name.equals(AppSettings.APP_PROPERTY);
    }

    private static AppSettings appSettings() {
        BundleContext context = FrameworkUtil.getBundle(AppSettingsFixture.class).getBundleContext();
        ServiceReference<AppSettings> reference = Await.until("the AppSettings service",
                () -> context.getServiceReference(AppSettings.class), r -> r != null);
        return context.getService(reference);
    }
}
