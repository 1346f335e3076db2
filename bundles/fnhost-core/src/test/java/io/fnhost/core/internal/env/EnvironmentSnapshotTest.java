package io.fnhost.core.internal.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class EnvironmentSnapshotTest {
    private static final Map<String, String> NODE = Map.of("PATH", "/usr/bin", "Greeting", "node",
            "AzureWebJobsStorage", "node-env-value");

    private final EnvironmentSnapshot snapshot = EnvironmentSnapshot.of(NODE, "UseDevelopmentStorage=true",
            Map.of("orders", Map.of("Greeting", "hi", "Extra", "1"),
                    "billing", Map.of("AzureWebJobsStorage", "DefaultEndpointsProtocol=https;AccountName=x")));

    @Test
    void anAppsSettingsWinOverTheNodesEnvironmentWhichFillsTheRest() {
        Map<String, String> orders = snapshot.environment("orders");
        assertThat(orders.get("Greeting")).isEqualTo("hi");
        assertThat(orders.get("greeting")).as("names match ignoring case").isEqualTo("hi");
        assertThat(orders.get("PATH")).isEqualTo("/usr/bin");
        assertThat(orders.get("Extra")).isEqualTo("1");
        assertThat(orders.get("Missing")).isNull();
        assertThat(snapshot.environment("billing").get("Greeting")).isEqualTo("node");
        assertThat(snapshot.environment("billing").get("Extra")).isNull();
    }

    @Test
    void azureWebJobsStorageIsTheEmbeddedConnectionUnlessTheAppSetsIt() {
        assertThat(snapshot.environment("orders").get("AzureWebJobsStorage")).isEqualTo("UseDevelopmentStorage=true");
        assertThat(snapshot.environment("unconfigured").get("azurewebjobsstorage"))
                .isEqualTo("UseDevelopmentStorage=true");
        assertThat(snapshot.environment("billing").get("AzureWebJobsStorage"))
                .isEqualTo("DefaultEndpointsProtocol=https;AccountName=x");
    }

    @Test
    void theWholeEnvironmentIsOneUnmodifiableMergedMap() {
        Map<String, String> orders = snapshot.environment("orders");
        assertThat(orders).containsOnlyKeys("PATH", "Greeting", "Extra", "AzureWebJobsStorage");
        assertThatThrownBy(() -> orders.put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(snapshot.environment("unconfigured")).containsEntry("Greeting", "node").hasSize(3);
    }
}
