package io.fnhost.management.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fnhost.cluster.ClusterInvocations;
import io.fnhost.spi.InvocationRecordDTO;
import io.fnhost.spi.InvocationStatus;

/** fnhost's {@code GET /admin/invocations?function=&limit=}. */
class InvocationsEndpointTest extends AdminApiHttpTest {

    @Test
    void returnsTheRecordsWithDefaultLimit100() throws Exception {
        runtime.records.add(record("inv-2", "orders", InvocationStatus.FAILED, "java.lang.IllegalStateException: boom"));
        runtime.records.add(record("inv-1", "orders", InvocationStatus.SUCCEEDED, null));

        Response response = get("/admin/invocations");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body).hasSize(2);
        JsonNode failed = body.get(0);
        assertThat(failed.path("id").asText()).isEqualTo("inv-2");
        assertThat(failed.path("app").asText()).isEqualTo("shop");
        assertThat(failed.path("appVersion").asText()).isEqualTo("1.0.0");
        assertThat(failed.path("function").asText()).isEqualTo("orders");
        assertThat(failed.path("trigger").asText()).isEqualTo("queueTrigger");
        assertThat(failed.path("node").asText()).isEqualTo("node-1");
        assertThat(failed.path("start").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(failed.path("durationMicros").asLong()).isEqualTo(1500);
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("error").asText()).contains("boom");
        assertThat(failed.path("logs").get(0).asText()).isEqualTo("working");
        assertThat(body.get(1).has("error")).isFalse();
        assertThat(runtime.queries).containsExactly(new InMemoryFunctionRuntime.InvocationsQuery(null, 100));
    }

    @Test
    void passesFunctionAndLimit() throws Exception {
        runtime.records.add(record("inv-3", "billing", InvocationStatus.SUCCEEDED, null));
        runtime.records.add(record("inv-2", "orders", InvocationStatus.SUCCEEDED, null));
        runtime.records.add(record("inv-1", "orders", InvocationStatus.SUCCEEDED, null));

        JsonNode body = get("/admin/invocations?function=orders&limit=1").json();

        assertThat(body).hasSize(1);
        assertThat(body.get(0).path("id").asText()).isEqualTo("inv-2");
        assertThat(runtime.queries).containsExactly(new InMemoryFunctionRuntime.InvocationsQuery("orders", 1));
    }

    @Test
    void inAClusterTheOtherNodesRecordsAreMergedNewestFirstAndTheSilentOnesNamed() throws Exception {
        runtime.records.add(record("local", "orders", InvocationStatus.SUCCEEDED, null)); // start ...000
        InvocationRecordDTO newer = record("w1-new", "orders", InvocationStatus.FAILED, "java.lang.IllegalStateException: x");
        newer.node = "w1";
        newer.start += 10;
        InvocationRecordDTO older = record("w2-old", "orders", InvocationStatus.SUCCEEDED, null);
        older.node = "w2";
        older.start -= 10;
        List<String> asked = new ArrayList<>();
        ClusterInvocations cluster = StubClusterInvocations.withRecords((function, limit) -> {
            asked.add(function + "/" + limit);
            return new ClusterInvocations.Answer(List.of(newer, older), List.of("w3"));
        });
        servlet.bindClusterInvocations(cluster);

        Response response = get("/admin/invocations?function=orders&limit=2");

        assertThat(response.json()).extracting(r -> r.path("id").asText() + "@" + r.path("node").asText())
                .containsExactly("w1-new@w1", "local@node-1");
        assertThat(response.header("X-Fnhost-Unanswered-Nodes")).isEqualTo("w3");
        assertThat(asked).containsExactly("orders/2");

        servlet.unbindClusterInvocations(cluster);
        Response alone = get("/admin/invocations?function=orders&limit=2");
        assertThat(alone.json()).extracting(r -> r.path("id").asText()).containsExactly("local");
        assertThat(alone.header("X-Fnhost-Unanswered-Nodes")).isNull();
    }

    @Test
    void aClusterThatCannotBeAskedLeavesThisNodesRecordsAndSaysSo() throws Exception {
        runtime.records.add(record("local", "orders", InvocationStatus.SUCCEEDED, null));
        servlet.bindClusterInvocations(StubClusterInvocations.withRecords((function, limit) -> {
            throw new IllegalStateException("Hazelcast instance is not active!");
        }));

        Response response = get("/admin/invocations");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).extracting(r -> r.path("id").asText()).containsExactly("local");
        assertThat(response.header("X-Fnhost-Unanswered-Nodes")).isEqualTo("cluster");
    }

    @Test
    void acceptsTheLargestLimit() throws Exception {
        assertThat(get("/admin/invocations?limit=" + MAX_INVOCATIONS_LIMIT).status()).isEqualTo(200);
    }

    @Test
    void badLimitIs400() throws Exception {
        for (String limit : new String[] { "0", "-3", "abc", "1.5", String.valueOf(MAX_INVOCATIONS_LIMIT + 1) }) {
            assertProblem(get("/admin/invocations?limit=" + limit), 400, "invalid limit", "from 1 to 1000");
        }
        assertThat(runtime.queries).isEmpty();
    }

    @Test
    void needsTheMasterKey() throws Exception {
        assertThat(call("GET", "/admin/invocations", null, null).status()).isEqualTo(401);
    }

    private static InvocationRecordDTO record(String id, String function, InvocationStatus status, String error) {
        InvocationRecordDTO record = new InvocationRecordDTO();
        record.id = id;
        record.app = "shop";
        record.appVersion = "1.0.0";
        record.function = function;
        record.trigger = "queueTrigger";
        record.node = "node-1";
        record.start = 1_700_000_000_000L;
        record.durationMicros = 1500;
        record.status = status;
        record.error = error;
        record.logs.add("working");
        return record;
    }
}
