package io.fnhost.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;

import io.fnhost.spi.AppSettings;

class ConfigAdminAppSettingsTest {

    private static Dictionary<String, Object> props(Object... keyValues) {
        Hashtable<String, Object> d = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put((String) keyValues[i], keyValues[i + 1]);
        }
        return d;
    }

    @Test
    void appIsTheExplicitPropertyThenTheConfigurationNameThenTheFileName() {
        assertThat(ConfigAdminAppSettings.appOf("io.fnhost.core.AppSettings~hello",
                props(AppSettings.APP_PROPERTY, " other "))).isEqualTo("other");
        assertThat(ConfigAdminAppSettings.appOf("io.fnhost.core.AppSettings~hello", props())).isEqualTo("hello");
        // what Karaf's config:edit --factory --alias hello creates: a generated PID and the file it writes
        assertThat(ConfigAdminAppSettings.appOf("io.fnhost.core.AppSettings.1f2e",
                props("felix.fileinstall.filename", "file:/opt/karaf/etc/io.fnhost.core.AppSettings-hello.cfg")))
                .isEqualTo("hello");
        assertThat(ConfigAdminAppSettings.appOf("io.fnhost.core.AppSettings.1f2e", props("Greeting", "hi"))).isNull();
        assertThat(ConfigAdminAppSettings.entry("io.fnhost.core.AppSettings.1f2e", props("Greeting", "hi"))).isNull();
    }

    @Test
    void settingsLeaveOutBookkeepingPropertiesAndMatchNamesIgnoringCase() {
        Map<String, String> settings = ConfigAdminAppSettings.settingsOf(props(
                "service.pid", "io.fnhost.core.AppSettings~hello",
                "service.factoryPid", "io.fnhost.core.AppSettings",
                "felix.fileinstall.filename", "file:/etc/x.cfg",
                "component.name", "x",
                AppSettings.APP_PROPERTY, "hello",
                "AzureWebJobs.greet.Disabled", "true",
                "Count", 3,
                "Hosts", new String[] { "a", "b" }));
        assertThat(settings).containsOnlyKeys("AzureWebJobs.greet.Disabled", "Count", "Hosts");
        assertThat(settings.get("azurewebjobs.GREET.disabled")).isEqualTo("true");
        assertThat(settings.get("count")).isEqualTo("3");
        assertThat(settings.get("hosts")).isEqualTo("a,b");
    }

    @Test
    void anEventMissedBeforeTheListenerWasRegisteredIsMadeGoodByTheNextEvent() {
        Map<String, Dictionary<String, Object>> stored = new TreeMap<>();
        stored.put("io.fnhost.core.AppSettings~hello", props("Greeting", "hi"));
        ConfigAdminAppSettings settings = new ConfigAdminAppSettings(configAdmin(stored), nodeServices());
        assertThat(settings.settings("hello")).containsEntry("Greeting", "hi");
        List<String> told = new ArrayList<>();
        settings.addListener(told::add);

        // deleted while the component was starting: its event never reached the listener
        stored.remove("io.fnhost.core.AppSettings~hello");
        stored.put("io.fnhost.core.AppSettings~other", props("Mode", "night"));
        @SuppressWarnings("unchecked")
        ServiceReference<ConfigurationAdmin> source = (ServiceReference<ConfigurationAdmin>) Proxy.newProxyInstance(
                ServiceReference.class.getClassLoader(), new Class<?>[] {ServiceReference.class}, (r, m, a) -> null);
        settings.configurationEvent(new ConfigurationEvent(source, ConfigurationEvent.CM_UPDATED,
                "io.fnhost.core.AppSettings", "io.fnhost.core.AppSettings~other"));

        assertThat(settings.settings("hello")).isEmpty();
        assertThat(settings.settings("other")).containsEntry("Mode", "night");
        assertThat(told).containsExactlyInAnyOrder("hello", "other");
    }

    /** A Configuration Admin holding {@code stored} (pid -> properties) for listConfigurations. */
    private static ConfigurationAdmin configAdmin(Map<String, Dictionary<String, Object>> stored) {
        return (ConfigurationAdmin) Proxy.newProxyInstance(ConfigurationAdmin.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("listConfigurations")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    List<Configuration> all = new ArrayList<>();
                    stored.forEach((pid, properties) -> all.add((Configuration) Proxy.newProxyInstance(
                            Configuration.class.getClassLoader(), new Class<?>[] {Configuration.class},
                            (c, m, a) -> switch (m.getName()) {
                                case "getPid" -> pid;
                                case "getFactoryPid" -> "io.fnhost.core.AppSettings";
                                case "getProperties" -> properties;
                                default -> throw new UnsupportedOperationException(m.getName());
                            })));
                    return all.isEmpty() ? null : all.toArray(Configuration[]::new);
                });
    }

    private static ConfigAdminAppSettings.Config nodeServices() {
        return (ConfigAdminAppSettings.Config) Proxy.newProxyInstance(ConfigAdminAppSettings.Config.class.getClassLoader(),
                new Class<?>[] {ConfigAdminAppSettings.Config.class}, (proxy, method, args) ->
                        method.getName().equals("annotationType") ? ConfigAdminAppSettings.Config.class
                                : method.getDefaultValue());
    }

    @Test
    void severalConfigurationsOfOneAppMergeWithTheLaterPidWinning() {
        var merged = ConfigAdminAppSettings.merge(List.of(
                ConfigAdminAppSettings.entry("io.fnhost.core.AppSettings~Hello", props("A", "2", "C", "3")),
                ConfigAdminAppSettings.entry("io.fnhost.core.AppSettings.0001",
                        props(AppSettings.APP_PROPERTY, "HELLO", "a", "1", "B", "1"))));
        assertThat(merged).containsOnlyKeys("hello");
        assertThat(merged.get("hello")).containsEntry("B", "1").containsEntry("C", "3");
        assertThat(merged.get("hello").get("a")).isEqualTo("2");
    }
}
