package io.fnhost.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;

import io.fnhost.cluster.internal.state.ClusterMaps;

import org.junit.jupiter.api.Test;

class ClusterMemberSettingsTest {
    private static final Map<String, String> ATTRIBUTES = Map.of(ClusterMaps.ATTRIBUTE_NODE, "w1",
            ClusterMaps.ATTRIBUTE_ROLE, "worker", ClusterMaps.ATTRIBUTE_GROUP, "blue",
            ClusterMaps.ATTRIBUTE_CAPACITY, "4", ClusterMaps.ATTRIBUTE_HTTP_URL, "http://127.0.0.1:8182");
    private static final Function<String, String> NO_ENV = name -> null;

    @Test
    void defaultsJoinOnlyThisNodesOwnAddressOnLoopback() {
        ClusterMemberSettings settings = ClusterMemberSettings.from(MemberConfigs.defaults().toConfig(), NO_ENV,
                ATTRIBUTES);

        assertThat(settings.members()).containsExactly("127.0.0.1:5701");
        Config config = settings.toHazelcastConfig(getClass().getClassLoader());
        assertThat(config.getClusterName()).isEqualTo("fnhost");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5701");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
        assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
        assertThat(config.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("5");
        assertThat(config.getClassLoader()).isSameAs(getClass().getClassLoader());
        assertThat(config.getMemberAttributeConfig().getAttributes()).isEqualTo(ATTRIBUTES);
        assertThat(config.getMapConfig("fnhost.apps").getBackupCount()).as("backups of fnhost's maps").isEqualTo(2);
        assertThat(config.getMapConfig("fnhost.artifacts").getBackupCount()).isEqualTo(2);
    }

    @Test
    void environmentWinsOverTheConfiguration() {
        Map<String, String> env = Map.of(ClusterMemberSettings.ENV_PORT, "5702",
                ClusterMemberSettings.ENV_MEMBERS, " 10.0.0.5:5701 , node-b:5710,node-c ",
                ClusterMemberSettings.ENV_INTERFACE, "10.0.0.7");
        ClusterMemberSettings settings = ClusterMemberSettings.from(
                MemberConfigs.defaults().withMembers("127.0.0.1:5999").toConfig(), env::get, ATTRIBUTES);

        assertThat(settings.port()).isEqualTo(5702);
        assertThat(settings.networkInterface()).isEqualTo("10.0.0.7");
        // a bare host means the same cluster port as this node's
        assertThat(settings.members()).containsExactly("10.0.0.5:5701", "node-b:5710", "node-c:5702");
    }

    @Test
    void configuredMembersAreUsedWhenTheEnvironmentIsBlank() {
        Map<String, String> env = Map.of(ClusterMemberSettings.ENV_MEMBERS, "  ");
        ClusterMemberSettings settings = ClusterMemberSettings.from(
                MemberConfigs.defaults().withMembers("127.0.0.1:5701,[::1]:5702").toConfig(), env::get, ATTRIBUTES);

        assertThat(settings.members()).containsExactly("127.0.0.1:5701", "[::1]:5702");
    }

    @Test
    void aMemberThatIsNotHostColonPortIsRefusedNamingItAndItsSource() {
        Map<String, String> env = Map.of(ClusterMemberSettings.ENV_MEMBERS, "127.0.0.1:5701,foo:bar");

        assertThatThrownBy(() -> ClusterMemberSettings.from(MemberConfigs.defaults().toConfig(), env::get, ATTRIBUTES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'foo:bar'")
                .hasMessageContaining(ClusterMemberSettings.ENV_MEMBERS)
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> ClusterMemberSettings.from(
                MemberConfigs.defaults().withMembers(":5701").toConfig(), NO_ENV, ATTRIBUTES))
                .hasMessageContaining("':5701'").hasMessageContaining("members in io.fnhost.cluster.Member");
        assertThatThrownBy(() -> ClusterMemberSettings.from(
                MemberConfigs.defaults().withMembers("a:70000").toConfig(), NO_ENV, ATTRIBUTES))
                .hasMessageContaining("'a:70000'").hasMessageContaining("1-65535");
    }

    @Test
    void portsOutsideTheRangeAreRefused() {
        assertThatThrownBy(() -> ClusterMemberSettings.from(MemberConfigs.defaults().withPort(0).toConfig(), NO_ENV,
                ATTRIBUTES)).hasMessageContaining("port in io.fnhost.cluster.Member is 0, outside 1-65535");
        assertThatThrownBy(() -> ClusterMemberSettings.from(MemberConfigs.defaults().toConfig(),
                Map.of(ClusterMemberSettings.ENV_PORT, "65536")::get, ATTRIBUTES))
                .hasMessageContaining("FNHOST_CLUSTER_PORT is 65536");
        assertThatThrownBy(() -> ClusterMemberSettings.from(MemberConfigs.defaults().toConfig(),
                Map.of(ClusterMemberSettings.ENV_PORT, "57o1")::get, ATTRIBUTES))
                .hasMessageContaining("FNHOST_CLUSTER_PORT is '57o1', not a port");
    }

    @Test
    void heartbeatAndClusterNameAreChecked() {
        assertThatThrownBy(() -> ClusterMemberSettings.from(MemberConfigs.defaults().withHeartbeat(2, 2).toConfig(),
                NO_ENV, ATTRIBUTES)).hasMessageContaining("maxNoHeartbeatSeconds (2) must be greater");
        assertThatThrownBy(() -> ClusterMemberSettings.from(MemberConfigs.defaults().withClusterName(" ").toConfig(),
                NO_ENV, ATTRIBUTES)).hasMessageContaining("clusterName is empty");
    }

    @Test
    void multicastReplacesTheMemberList() {
        MemberConfigs d = MemberConfigs.defaults();
        MemberConfigs multicast = new MemberConfigs(d.clusterName(), d.port(), d.members(), d.networkInterface(), true,
                1, 5);
        Config config = ClusterMemberSettings.from(multicast.toConfig(), NO_ENV, ATTRIBUTES)
                .toHazelcastConfig(getClass().getClassLoader());

        assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
    }

    @Test
    void theHttpPortFromTheEnvironmentWinsOverPaxWebsConfiguration() {
        // neither the framework nor ConfigAdmin is asked when the environment names the port
        assertThat(ClusterMember.httpPort(Map.of(ClusterMember.ENV_HTTP_PORT, "8182")::get, null, null))
                .isEqualTo(8182);
    }

    @Test
    void theHttpUrlAttributeUsesTheClusterInterfaceAndPaxWebsPort() {
        io.fnhost.spi.NodeIdentity node = new io.fnhost.spi.NodeIdentity() {
            public String name() { return "w2"; }
            public String role() { return "worker"; }
            public String group() { return "default"; }
            public int capacity() { return 2; }
        };
        Map<String, String> attributes = ClusterMember.attributes(node, MemberConfigs.defaults().toConfig(),
                Map.of(ClusterMemberSettings.ENV_INTERFACE, "10.1.2.3")::get, 8183);

        assertThat(attributes).containsEntry("node", "w2").containsEntry("role", "worker")
                .containsEntry("group", "default").containsEntry("capacity", "2")
                .containsEntry("httpUrl", "http://10.1.2.3:8183");
    }
}
