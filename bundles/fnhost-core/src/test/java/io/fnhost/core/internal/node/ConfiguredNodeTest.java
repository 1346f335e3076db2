package io.fnhost.core.internal.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfiguredNodeTest {
    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    @Test
    void defaultsAreStandaloneHostNameDefaultGroup() {
        ConfiguredNode node = ConfiguredNode.resolve("", "", "", 1, NO_ENVIRONMENT, "vm1");

        assertThat(node).isEqualTo(new ConfiguredNode("vm1", "standalone", "default", 1));
        assertThat(node.runsFunctions()).isTrue();
        assertThat(node.manages()).isTrue();
        assertThat(node.roleProperty()).containsExactly("worker", "management");
    }

    @Test
    void configurationIsUsedWhenTheEnvironmentIsSilent() {
        ConfiguredNode node = ConfiguredNode.resolve("worker", "w1", "blue", 4, Map.of("FNHOST_ROLE", "  "), "vm1");

        assertThat(node).isEqualTo(new ConfiguredNode("w1", "worker", "blue", 4));
        assertThat(node.roleProperty()).containsExactly("worker");
        assertThat(node.manages()).isFalse();
    }

    @Test
    void environmentWinsOverConfiguration() {
        Map<String, String> environment = Map.of("FNHOST_ROLE", " Management ", "FNHOST_NODE_NAME", "mgmt-1",
                "FNHOST_GROUP", "green", "FNHOST_CAPACITY", "8");

        ConfiguredNode node = ConfiguredNode.resolve("worker", "w1", "blue", 4, environment, "vm1");

        assertThat(node).isEqualTo(new ConfiguredNode("mgmt-1", "management", "green", 8));
        assertThat(node.runsFunctions()).isFalse();
        assertThat(node.roleProperty()).containsExactly("management");
    }

    @Test
    void anInvalidRoleNamesTheValueAndTheAllowedOnes() {
        assertThatThrownBy(() -> ConfiguredNode.resolve("standalone", "", "", 1, Map.of("FNHOST_ROLE", "workr"), "vm1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid role 'workr'")
                .hasMessageContaining("standalone, management, worker")
                .hasMessageContaining("FNHOST_ROLE");
    }

    @Test
    void anInvalidCapacityVariableIsRefused() {
        assertThatThrownBy(() -> ConfiguredNode.resolve("", "", "", 1, Map.of("FNHOST_CAPACITY", "lots"), "vm1"))
                .hasMessageContaining("invalid capacity 'lots' in FNHOST_CAPACITY");
        assertThatThrownBy(() -> ConfiguredNode.resolve("", "", "", 0, NO_ENVIRONMENT, "vm1"))
                .hasMessageContaining("invalid capacity 0");
    }

    @Test
    void namesAndGroupsMustBeSafeInKeysFiltersAndUrls() {
        assertThatThrownBy(() -> ConfiguredNode.resolve("", "a b", "", 1, NO_ENVIRONMENT, "vm1"))
                .hasMessageContaining("invalid node name 'a b'");
        assertThatThrownBy(() -> ConfiguredNode.resolve("", "", "", 1, Map.of("FNHOST_GROUP", "(x)"), "vm1"))
                .hasMessageContaining("invalid group '(x)'");
        assertThat(ConfiguredNode.resolve("", "node_2.example-a", "", 1, NO_ENVIRONMENT, "vm1").name())
                .isEqualTo("node_2.example-a");
    }
}
