package io.fnhost.cluster.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.google.gson.JsonParseException;

import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionState;

import org.junit.jupiter.api.Test;

class ClusterMapsTest {

    @Test
    void aNodeStatusSurvivesTheRoundTripWithItsFunctionsAndBindings() {
        NodeDTO node = new NodeDTO();
        node.name = "w1";
        node.cpuLoad = 0.25;
        NodeAppDTO app = new NodeAppDTO();
        app.app = "orders";
        app.state = NodeAppDTO.RUNNING;
        FunctionDTO function = new FunctionDTO();
        function.name = "placeOrder";
        function.state = FunctionState.values()[0];
        BindingDTO trigger = new BindingDTO();
        trigger.type = "httpTrigger";
        trigger.attributes.put("route", "orders/{id}");
        trigger.attributes.put("maxItems", 32);
        function.bindings.add(trigger);
        app.functions.add(function);
        node.apps.add(app);

        NodeDTO read = ClusterMaps.fromJson(ClusterMaps.toJson(node), NodeDTO.class);

        assertThat(read.cpuLoad).isEqualTo(0.25);
        FunctionDTO readFunction = read.apps.get(0).functions.get(0);
        assertThat(readFunction.state).isEqualTo(function.state);
        // integral numbers in untyped attributes stay integral (Gson's default would read 32.0)
        assertThat(readFunction.bindings.get(0).attributes).containsEntry("route", "orders/{id}")
                .containsEntry("maxItems", 32L);
    }

    @Test
    void aPlanEntryHasTheContractsShape() {
        AppPlan plan = new AppPlan();
        plan.app = "Orders";
        plan.sha256 = "ab";
        plan.version = "1.0.0";
        plan.nodes.add("w1");
        plan.timerOwners.put("tick", "w1");
        plan.revision = 3;

        assertThat(ClusterMaps.toJson(plan)).isEqualTo("{\"app\":\"Orders\",\"sha256\":\"ab\",\"version\":\"1.0.0\","
                + "\"nodes\":[\"w1\"],\"timerOwners\":{\"tick\":\"w1\"},\"revision\":3}");
    }

    @Test
    void settingsAndKeys() {
        assertThat(ClusterMaps.settingsFromJson("{\"A\":\"1\",\"b\":\"<x>\"}")).containsExactly(Map.entry("A", "1"),
                Map.entry("b", "<x>"));
        assertThat(ClusterMaps.settingsFromJson(null)).isEmpty();
        assertThat(ClusterMaps.toJson(Map.of("b", "<x>"))).isEqualTo("{\"b\":\"<x>\"}");
        assertThat(ClusterMaps.appKey("Orders")).isEqualTo("orders");
        assertThat(ClusterMaps.scheduleKey("Orders", "NightlyReport")).isEqualTo("orders/nightlyreport");
        assertThatThrownBy(() -> ClusterMaps.fromJson("[1]", NodeDTO.class)).isInstanceOf(JsonParseException.class);
    }
}
