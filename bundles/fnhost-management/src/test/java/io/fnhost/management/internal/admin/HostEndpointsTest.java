package io.fnhost.management.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code /admin/host/status} and {@code /admin/host/ping}. */
class HostEndpointsTest extends AdminApiHttpTest {

    @Test
    void statusHasAzuresShape() throws Exception {
        Response response = get("/admin/host/status");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("id").asText()).isEqualTo("node-1");
        assertThat(body.path("state").asText()).isEqualTo("Running");
        assertThat(body.path("version").asText()).isEqualTo("0.1.0");
        assertThat(body.path("versionDetails").asText()).startsWith("0.1.0 (Java ");
        assertThat(body.path("instanceId").asText()).isEqualTo("instance-42");
        assertThat(body.path("computerName").asText()).isEqualTo("box");
        assertThat(body.path("processUptime").asLong()).isEqualTo(1234);
        assertThat(body.path("functionAppContentEditingState").asText()).isEqualTo("NotAllowed");
        // as Azure: no errors, no "errors" property
        assertThat(body.has("errors")).isFalse();
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void statusListsHostErrors() throws Exception {
        runtime.status.state = "Error";
        runtime.status.errors = List.of("App shop 1.0.0 failed to deploy: missing import");

        JsonNode body = get("/admin/host/status").json();

        assertThat(body.path("state").asText()).isEqualTo("Error");
        assertThat(body.path("errors")).hasSize(1);
        assertThat(body.path("errors").get(0).asText()).contains("missing import");
    }

    @Test
    void statusNeedsTheMasterKey() throws Exception {
        Response response = call("GET", "/admin/host/status", null, null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void pingAnswersEveryoneWithAnEmptyUncachedOk() throws Exception {
        for (String method : new String[] { "GET", "POST" }) {
            Response response = call(method, "/admin/host/ping", null, null);

            assertThat(response.status()).as(method).isEqualTo(200);
            assertThat(response.body()).as(method).isEmpty();
            assertThat(response.header("Cache-Control")).as(method).contains("no-store");
            assertThat(response.header("Pragma")).as(method).isEqualTo("no-cache");
        }
    }

    @Test
    void pingIgnoresAWrongKey() throws Exception {
        assertThat(call("GET", "/admin/host/ping", "wrong", null).status()).isEqualTo(200);
    }

    @Test
    void pingRefusesOtherMethods() throws Exception {
        Response response = call("PUT", "/admin/host/ping", null, "{}");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET, POST");
    }
}
