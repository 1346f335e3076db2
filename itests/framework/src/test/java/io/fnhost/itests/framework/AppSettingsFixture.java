package io.fnhost.itests.framework;

import java.io.IOException;
import java.util.Hashtable;

import org.osgi.framework.InvalidSyntaxException;
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
        return c;
    }

    /** Deletes every app settings configuration: configurations outlive a test's bundles. */
    static void deleteAll(ConfigurationAdmin configAdmin) throws IOException, InvalidSyntaxException {
        Configuration[] all = configAdmin.listConfigurations("(service.factoryPid=" + AppSettings.FACTORY_PID + ")");
        if (all != null) {
            for (Configuration c : all) {
                c.delete();
            }
        }
    }
}
