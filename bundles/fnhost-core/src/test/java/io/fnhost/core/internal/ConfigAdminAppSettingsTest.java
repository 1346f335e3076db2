package io.fnhost.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
