package io.fnhost.itests.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.fnhost.spi.AppSettings;
import io.fnhost.spi.FunctionRuntime;

/** App settings kept in Configuration Admin reach the functions' descriptors, live. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class AppSettingsTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    FunctionRuntime runtime;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 10_000)
    AppSettings appSettings;

    RecordingTriggerProvider kafkaTrigger;

    @BeforeEach
    void installMixedWithAllItsProviders() throws Exception {
        new RecordingTriggerProvider("httpTrigger").register(context);
        new RecordingBindingProvider("http").register(context);
        kafkaTrigger = new RecordingTriggerProvider("kafkaTrigger");
        kafkaTrigger.register(context);
        TestApps.install(context, "mixed");
    }

    @AfterEach
    void deleteSettings() throws Exception {
        AppSettingsFixture.deleteAll(configAdmin);
    }

    @Test
    void aNamedFactoryConfigurationSetsTheAppsSettingsLive() throws Exception {
        RecordingTriggerProvider.Listener listener = kafkaTrigger.awaitListening("mixed", "1.0.0", "kafka");
        assertThat(listener.invoker.function().appSetting("Greeting")).isNull();

        // what FileInstall makes of etc/io.fnhost.core.AppSettings-mixed.cfg
        Configuration c = AppSettingsFixture.set(configAdmin, "mixed", "Greeting", "hello",
            "felix.fileinstall.filename", "file:/karaf/etc/io.fnhost.core.AppSettings-mixed.cfg");
        Await.until("Greeting=hello on the descriptor", () -> listener.invoker.function().appSetting("greeting"),
            "hello"::equals);
        assertThat(appSettings.settings("MIXED")).containsOnlyKeys("Greeting");
        assertThat(appSettings.setting("Mixed", "GREETING")).isEqualTo("hello");

        c.update(new java.util.Hashtable<>(Map.of("Greeting", "bye")));
        Await.until("Greeting=bye", () -> listener.invoker.function().appSetting("Greeting"), "bye"::equals);

        c.delete();
        Await.until("Greeting gone", () -> String.valueOf(listener.invoker.function().appSetting("Greeting")),
            "null"::equals);
        assertThat(appSettings.settings("mixed")).isEmpty();
    }

    @Test
    void replaceStoresTheAppsNamedFactoryConfigurationAndIsVisibleAtOnce() throws Exception {
        appSettings.replace("mixed", Map.of("A", "1", "B", "2"));
        assertThat(appSettings.setting("mixed", "a")).isEqualTo("1");
        Configuration[] stored = configAdmin.listConfigurations("(service.pid=" + AppSettings.FACTORY_PID + "~mixed)");
        assertThat(stored).as("the named factory configuration of app mixed").hasSize(1);
        assertThat(stored[0].getFactoryPid()).isEqualTo(AppSettings.FACTORY_PID);
        assertThat(stored[0].getProperties().get("A")).isEqualTo("1");

        appSettings.replace("MIXED", Map.of("B", "3"));
        assertThat(appSettings.settings("mixed")).containsOnlyKeys("B").containsEntry("B", "3");
        assertThat(configAdmin.listConfigurations("(service.factoryPid=" + AppSettings.FACTORY_PID + ")"))
            .as("still one configuration for the app").hasSize(1);
        RecordingTriggerProvider.Listener listener = kafkaTrigger.awaitListening("mixed", "1.0.0", "kafka");
        assertThat(listener.invoker.function().appSetting("b")).isEqualTo("3");
        assertThat(Objects.toString(listener.invoker.function().appSetting("A"))).isEqualTo("null");
    }
}
