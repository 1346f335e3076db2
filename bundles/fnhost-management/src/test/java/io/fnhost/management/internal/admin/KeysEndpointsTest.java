package io.fnhost.management.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fnhost.spi.FunctionKeys.HostKeyKind;
import io.fnhost.spi.FunctionState;

/** Function keys and host keys, with the payloads and codes of Azure's KeysController. */
class KeysEndpointsTest extends AdminApiHttpTest {

    @BeforeEach
    void deploy() {
        runtime.add("shop", "orders", "queueTrigger", FunctionState.RUNNING);
    }

    // ---- function keys

    @Test
    void listsFunctionKeysWithSelfLink() throws Exception {
        Response response = get("/admin/functions/orders/keys?code=ignored");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        JsonNode body = response.json();
        assertThat(body.path("keys")).hasSize(1);
        assertThat(body.path("keys").get(0).path("name").asText()).isEqualTo("default");
        assertThat(body.path("keys").get(0).path("value").asText()).isEqualTo(keys.functionKey("orders", "default"));
        assertThat(body.path("links").get(0).path("rel").asText()).isEqualTo("self");
        assertThat(body.path("links").get(0).path("href").asText()).isEqualTo(origin + "/admin/functions/orders/keys");
    }

    @Test
    void functionKeysOfUnknownFunctionAre404() throws Exception {
        assertProblem(get("/admin/functions/nope/keys"), 404, "function not found", "'nope'");
        assertProblem(get("/admin/functions/nope/keys/default"), 404, "function not found", "'nope'");
        assertProblem(post("/admin/functions/nope/keys/k", null), 404, "function not found", "'nope'");
        assertProblem(put("/admin/functions/nope/keys/k", "{\"value\":\"v\"}"), 404, "function not found", "'nope'");
        assertProblem(delete("/admin/functions/nope/keys/k"), 404, "function not found", "'nope'");
    }

    @Test
    void getsOneFunctionKey() throws Exception {
        keys.putFunctionKey("orders", "ci", "ci-secret");

        JsonNode body = get("/admin/functions/orders/keys/ci").json();

        assertThat(body.path("name").asText()).isEqualTo("ci");
        assertThat(body.path("value").asText()).isEqualTo("ci-secret");
        assertThat(body.path("links").get(0).path("href").asText()).isEqualTo(origin + "/admin/functions/orders/keys/ci");
    }

    @Test
    void unknownFunctionKeyIs404() throws Exception {
        assertProblem(get("/admin/functions/orders/keys/nope"), 404, "key not found", "'nope'");
    }

    @Test
    void postGeneratesAKey201ThenRegenerates200() throws Exception {
        Response created = post("/admin/functions/orders/keys/ci", null);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo(origin + "/admin/functions/orders/keys/ci");
        String first = created.json().path("value").asText();
        assertThat(first).isNotEmpty().isEqualTo(keys.functionKey("orders", "ci"));
        assertThat(created.json().path("name").asText()).isEqualTo("ci");

        Response updated = post("/admin/functions/orders/keys/ci", null);

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("Location")).isNull();
        assertThat(updated.json().path("value").asText()).isNotEqualTo(first).isEqualTo(keys.functionKey("orders", "ci"));
    }

    @Test
    void putSetsTheGivenValue201Then200() throws Exception {
        Response created = put("/admin/functions/orders/keys/ci", "{\"name\":\"ci\",\"value\":\"first-value\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("value").asText()).isEqualTo("first-value");

        Response updated = put("/admin/functions/orders/keys/ci", "{\"value\":\"second-value\"}");

        assertThat(updated.status()).isEqualTo(200);
        assertThat(keys.functionKey("orders", "ci")).isEqualTo("second-value");
    }

    @Test
    void putWithoutValueIs400() throws Exception {
        assertProblem(put("/admin/functions/orders/keys/ci", "{\"name\":\"ci\"}"), 400, "invalid key value", "\"value\"");
        assertProblem(put("/admin/functions/orders/keys/ci", "{\"value\":null}"), 400, "invalid key value", "\"value\"");
        assertProblem(put("/admin/functions/orders/keys/ci", "{\"value\":7}"), 400, "invalid key value", "string");
        assertProblem(put("/admin/functions/orders/keys/ci", null), 400, "missing body", "{\"value\"");
        assertProblem(put("/admin/functions/orders/keys/ci", "value=x"), 400, "invalid JSON", "{\"value\"");
        assertThat(keys.functionKey("orders", "ci")).isNull();
    }

    @Test
    void invalidKeyNameIs400WithTheReason() throws Exception {
        assertProblem(post("/admin/functions/orders/keys/_mine", null), 400, "invalid key request", "reserved");
    }

    @Test
    void deleteRemovesAFunctionKey204Then404() throws Exception {
        keys.putFunctionKey("orders", "ci", "ci-secret");

        Response deleted = delete("/admin/functions/orders/keys/ci");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(keys.functionKey("orders", "ci")).isNull();
        assertProblem(delete("/admin/functions/orders/keys/ci"), 404, "key not found", "'ci'");
    }

    @Test
    void masterKeyCannotBeDeleted() throws Exception {
        assertProblem(delete("/admin/functions/orders/keys/_master"), 400, "Cannot delete System Key.", "_master");
        assertProblem(delete("/admin/host/keys/_master"), 400, "Cannot delete System Key.", "_master");
        assertProblem(delete("/admin/host/systemkeys/_MASTER"), 400, "Cannot delete System Key.", "_master");
        assertThat(keys.masterKey().value).isEqualTo(MASTER_KEY);
    }

    // ---- host keys

    @Test
    void keysAndFunctionkeysAreTheHostKeysWithoutTheMaster() throws Exception {
        JsonNode viaKeys = get("/admin/host/keys").json();
        JsonNode viaFunctionKeys = get("/admin/host/functionkeys").json();

        assertThat(viaKeys.path("keys")).hasSize(1);
        assertThat(viaKeys.path("keys").get(0).path("name").asText()).isEqualTo("default");
        assertThat(viaKeys.path("keys").get(0).path("value").asText()).isEqualTo(keys.hostKey("default"));
        assertThat(viaFunctionKeys.path("keys")).isEqualTo(viaKeys.path("keys"));
        assertThat(viaKeys.toString()).doesNotContain(MASTER_KEY);
        assertThat(viaKeys.path("links").get(0).path("href").asText()).isEqualTo(origin + "/admin/host/keys");
    }

    @Test
    void systemKeysListTheirOwnAndServeTheMasterByName() throws Exception {
        keys.putHostKey(HostKeyKind.SYSTEM_KEYS, "eventgrid_extension", "eg-secret");

        JsonNode list = get("/admin/host/systemkeys").json();
        assertThat(list.path("keys")).hasSize(1);
        assertThat(list.path("keys").get(0).path("value").asText()).isEqualTo("eg-secret");

        JsonNode master = get("/admin/host/systemkeys/_master").json();
        assertThat(master.path("name").asText()).isEqualTo("_master");
        assertThat(master.path("value").asText()).isEqualTo(MASTER_KEY);
        // as Azure: the master key is not one of the host function keys
        assertProblem(get("/admin/host/keys/_master"), 404, "key not found", "'_master'");
    }

    @Test
    void getsOneHostKeyOr404() throws Exception {
        keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "ops", "ops-secret");

        assertThat(get("/admin/host/functionkeys/ops").json().path("value").asText()).isEqualTo("ops-secret");
        assertProblem(get("/admin/host/keys/nope"), 404, "key not found", "host keys");
        assertProblem(get("/admin/host/systemkeys/nope"), 404, "key not found", "system keys");
    }

    @Test
    void postAndPutHostKeys() throws Exception {
        Response created = post("/admin/host/keys/ops", null);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("value").asText()).isEqualTo(keys.hostKey("ops"));

        Response updated = put("/admin/host/functionkeys/ops", "{\"value\":\"ops-secret\"}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(keys.hostKey("ops")).isEqualTo("ops-secret");

        Response system = put("/admin/host/systemkeys/eventgrid_extension", "{\"value\":\"eg\"}");
        assertThat(system.status()).isEqualTo(201);
        assertThat(keys.hostKeys(HostKeyKind.SYSTEM_KEYS).get(0).value).isEqualTo("eg");
    }

    @Test
    void masterKeyCanBeRegeneratedAndThenTheOldOneIsRefused() throws Exception {
        Response regenerated = post("/admin/host/keys/_master", null);

        assertThat(regenerated.status()).isEqualTo(200);
        String newMaster = regenerated.json().path("value").asText();
        assertThat(newMaster).isNotEqualTo(MASTER_KEY).isEqualTo(keys.masterKey().value);
        assertThat(get("/admin/host/keys").status()).isEqualTo(401);
        assertThat(call("GET", "/admin/host/keys", newMaster, null).status()).isEqualTo(200);
    }

    @Test
    void masterKeyCanBeSet() throws Exception {
        assertThat(put("/admin/host/keys/_master", "{\"value\":\"new-master\"}").status()).isEqualTo(200);

        assertThat(call("GET", "/admin/host/status?code=new-master", null, null).status()).isEqualTo(200);
    }

    @Test
    void presetMasterKeyChangeIs409() throws Exception {
        keys.masterPreset = true;

        assertProblem(put("/admin/host/keys/_master", "{\"value\":\"x\"}"), 409, "key conflict", "FNHOST_MASTER_KEY");
        assertProblem(post("/admin/host/keys/_master", null), 409, "key conflict", "FNHOST_MASTER_KEY");
        assertThat(keys.masterKey().value).isEqualTo(MASTER_KEY);
    }

    @Test
    void deleteHostKeys() throws Exception {
        keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "ops", "ops-secret");
        keys.putHostKey(HostKeyKind.SYSTEM_KEYS, "eventgrid_extension", "eg");

        assertThat(delete("/admin/host/keys/ops").status()).isEqualTo(204);
        assertThat(keys.hostKey("ops")).isNull();
        assertThat(delete("/admin/host/systemkeys/eventgrid_extension").status()).isEqualTo(204);
        assertProblem(delete("/admin/host/functionkeys/ops"), 404, "key not found", "'ops'");
        assertProblem(delete("/admin/host/keys/_reserved"), 400, "invalid key request", "reserved");
    }

    @Test
    void unknownHostKeyScopeIs404() throws Exception {
        assertProblem(get("/admin/host/otherkeys"), 404, "not found", "/admin/host/otherkeys");
    }

    @Test
    void keyValuesAreNeverGivenWithoutTheMasterKey() throws Exception {
        String hostKey = keys.hostKeys(HostKeyKind.FUNCTION_KEYS).get(0).value;

        Response response = call("GET", "/admin/host/keys", hostKey, null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
    }
}
