package io.fnhost.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DisabledSettingTest {

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource({
        "AzureWebJobs.greet.Disabled, true, true",
        "AzureWebJobs.greet.Disabled, TRUE, true",
        "AzureWebJobs.greet.Disabled, ' True ', true",
        "AzureWebJobs.greet.Disabled, 1, true",
        "azurewebjobs.GREET.disabled, true, true",
        "AzureWebJobs_greet_Disabled, true, true",
        "AzureWebJobs_greet_Disabled, 1, true",
        "AzureWebJobs.greet.Disabled, false, false",
        "AzureWebJobs.greet.Disabled, 0, false",
        "AzureWebJobs.greet.Disabled, yes, false",
        "AzureWebJobs.greet.Disabled, '', false",
        "AzureWebJobs.other.Disabled, true, false",
        "AzureWebJobs.greeting.Disabled, true, false",
    })
    void azureRule(String name, String value, boolean disabled) {
        Map<String, String> settings = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        settings.put(name, value);
        assertThat(DeployedFunction.isDisabled("greet", settings::get)).isEqualTo(disabled);
    }
}
