package io.fnhost.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;

class ClusterCommandsTest {
    private final FixedFunctionCluster cluster = new FixedFunctionCluster();

    @BeforeEach
    void cluster() {
        cluster.nodes.add(node("mgmt", "management", true, 0, List.of()));
        cluster.nodes.add(node("w1", "worker", false, 7, List.of(state("w1", "greeter", NodeAppDTO.RUNNING))));
        cluster.nodes.add(node("w2", "worker", false, 0, List.of(state("w2", "greeter", NodeAppDTO.FAILED))));
        ClusterAppDTO greeter = new ClusterAppDTO();
        greeter.name = "greeter";
        greeter.version = "1.2.0";
        greeter.group = "default";
        cluster.apps.add(greeter);
        cluster.states.addAll(List.of(state("w1", "greeter", NodeAppDTO.RUNNING),
                state("w2", "greeter", NodeAppDTO.FAILED)));
    }

    private static NodeDTO node(String name, String role, boolean leader, int inFlight, List<NodeAppDTO> apps) {
        NodeDTO node = new NodeDTO();
        node.name = name;
        node.role = role;
        node.group = "default";
        node.state = NodeDTO.UP;
        node.httpUrl = "http://127.0.0.1:81" + (80 + inFlight);
        node.leader = leader;
        node.inFlight = inFlight;
        node.lastHeartbeat = "2026-11-27T15:00:0" + inFlight + "Z";
        node.apps = apps;
        return node;
    }

    private static NodeAppDTO state(String node, String app, String state) {
        NodeAppDTO dto = new NodeAppDTO();
        dto.node = node;
        dto.app = app;
        dto.state = state;
        return dto;
    }

    private static List<String> lines(ClusterCommand command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        command.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static List<String> cells(String line) {
        return List.of(line.split("\\s*[│|]\\s*")).stream().map(String::trim).toList();
    }

    @Test
    void nodesPrintsOneRowPerNodeWithTheLeaderMarked() {
        NodesCommand command = new NodesCommand();
        command.cluster = cluster;

        List<String> lines = lines(command);

        assertThat(cells(lines.get(0))).containsExactly("Name", "Role", "Group", "State", "Address", "Apps",
                "In-flight", "Last heartbeat");
        assertThat(lines).hasSize(5); // header, separator, three nodes
        assertThat(cells(lines.get(2))).containsExactly("mgmt *", "management", "default", "UP",
                "http://127.0.0.1:8180", "", "0", "2026-11-27T15:00:00Z");
        assertThat(cells(lines.get(3))).containsExactly("w1", "worker", "default", "UP", "http://127.0.0.1:8187",
                "greeter:RUNNING", "7", "2026-11-27T15:00:07Z");
        assertThat(cells(lines.get(4)).get(5)).isEqualTo("greeter:FAILED");
    }

    @Test
    void appsPrintsVersionPlacementAndEachNodesState() {
        AppsCommand command = new AppsCommand();
        command.cluster = cluster;

        List<String> lines = lines(command);

        assertThat(cells(lines.get(0))).containsExactly("App", "Version", "Placement", "Nodes");
        assertThat(cells(lines.get(2))).containsExactly("greeter", "1.2.0", "group default, every worker",
                "w1:RUNNING w2:FAILED");
    }

    @Test
    void placementSetsWhatIsGivenKeepsTheRestAndPrintsIt() {
        PlacementCommand command = new PlacementCommand();
        command.cluster = cluster;
        command.app = "GREETER";
        command.replicas = 2;

        assertThat(lines(command)).containsExactly("greeter: group default, 2 replicas");
        command.replicas = null;
        command.group = "blue";
        assertThat(lines(command)).containsExactly("greeter: group blue, 2 replicas");
        assertThat(cluster.app("greeter").orElseThrow().group).isEqualTo("blue");
        command.group = null;
        assertThat(lines(command)).containsExactly("greeter: group blue, 2 replicas");
    }

    @Test
    void badPlacementIsAOneLineErrorAndChangesNothing() {
        PlacementCommand command = new PlacementCommand();
        command.cluster = cluster;
        command.app = "greeter";
        command.replicas = -1;
        assertThatThrownBy(() -> lines(command)).hasMessageContaining("replicas is -1").hasMessageNotContaining("\n");
        command.replicas = null;
        command.group = " ";
        assertThatThrownBy(() -> lines(command)).hasMessageContaining("group is blank");
        command.app = "nope";
        command.group = "blue";
        assertThatThrownBy(() -> lines(command)).hasMessageContaining("No published app is named 'nope'");
        assertThat(cluster.app("greeter").orElseThrow().group).isEqualTo("default");
        assertThat(cluster.app("greeter").orElseThrow().replicas).isZero();
    }

    @Test
    void withoutTheClusterTheCommandsSaySo() {
        NodesCommand command = new NodesCommand();
        assertThatThrownBy(command::execute).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cluster member is not running");
    }
}
