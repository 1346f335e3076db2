package io.fnhost.core.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.fnhost.spi.FunctionKeys.HostKeyKind;
import io.fnhost.spi.KeyScope;

class KeyFilesTest {
    private static final String MASTER = "master-value-from-azure-0123";
    private static final String HOST = "host-value-from-azure-012345";
    private static final String FUNCTION = "function-value-from-azure-01";

    @TempDir
    Path dir;

    @Test
    void writesAzuresJsonShape() throws Exception {
        KeyFiles files = new KeyFiles(dir);
        files.writeHost(new StoredKey("master", MASTER), List.of(new StoredKey("default", HOST)), List.of());
        files.writeFunction("orders", List.of(new StoredKey("default", FUNCTION)));

        JsonObject host = JsonParser.parseString(Files.readString(dir.resolve("host.json"))).getAsJsonObject();
        assertThat(host.getAsJsonObject("masterKey").toString())
                .isEqualTo("{\"name\":\"master\",\"value\":\"" + MASTER + "\",\"encrypted\":false}");
        assertThat(host.getAsJsonArray("functionKeys").toString())
                .isEqualTo("[{\"name\":\"default\",\"value\":\"" + HOST + "\",\"encrypted\":false}]");
        assertThat(host.getAsJsonArray("systemKeys").toString()).isEqualTo("[]");
        JsonObject function = JsonParser.parseString(Files.readString(dir.resolve("orders.json"))).getAsJsonObject();
        assertThat(function.getAsJsonArray("keys").toString())
                .isEqualTo("[{\"name\":\"default\",\"value\":\"" + FUNCTION + "\",\"encrypted\":false}]");
    }

    @Test
    void readsFilesCopiedFromAzuresFileStorage() throws Exception {
        // The shape Azure's FileSystemSecretsRepository writes, with its extra members.
        Files.writeString(dir.resolve("host.json"), "{\n"
                + "  \"masterKey\": {\"name\": \"master\", \"value\": \"" + MASTER + "\", \"encrypted\": false},\n"
                + "  \"functionKeys\": [{\"name\": \"default\", \"value\": \"" + HOST + "\", \"encrypted\": false},\n"
                + "                   {\"name\": \"sealed\", \"value\": \"CfDJ8AAAAAAA\", \"encrypted\": true}],\n"
                + "  \"systemKeys\": [],\n"
                + "  \"hostName\": \"myapp.azurewebsites.net\", \"instanceId\": \"0000\", \"source\": \"runtime\",\n"
                + "  \"decryptionKeyId\": \"\"\n}");
        Files.writeString(dir.resolve("orders.json"),
                "{\"keys\": [{\"name\": \"default\", \"value\": \"" + FUNCTION + "\", \"encrypted\": false}],"
                        + " \"hostName\": null}");
        Files.writeString(dir.resolve("orders.snapshot.2020-01-01.json"), "{\"keys\": []}");

        FileFunctionKeys keys = new FileFunctionKeys(dir, "", Map.of());

        assertThat(keys.masterKey().value).isEqualTo(MASTER);
        assertThat(keys.authorize("Orders", MASTER)).isEqualTo(KeyScope.MASTER);
        assertThat(keys.authorize("Orders", HOST)).isEqualTo(KeyScope.HOST);
        assertThat(keys.authorize("Orders", FUNCTION)).isEqualTo(KeyScope.FUNCTION);
        assertThat(keys.hostKeys(HostKeyKind.FUNCTION_KEYS)).extracting(k -> k.name)
                .as("encrypted keys cannot be read without Azure's data protection keys").containsExactly("default");
        assertThat(Files.readString(dir.resolve("host.json"))).as("nothing rewritten on activation").contains("hostName");
    }

    @Test
    void refusesToStartOverAnUnreadableKeyFileRatherThanOverwriteIt() throws Exception {
        Files.writeString(dir.resolve("host.json"), "{ not json");
        assertThatThrownBy(() -> new FileFunctionKeys(dir, "", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("host.json").hasMessageContaining("not valid JSON");
        assertThat(Files.readString(dir.resolve("host.json"))).isEqualTo("{ not json");

        Files.delete(dir.resolve("host.json"));
        Files.writeString(dir.resolve("orders.json"), "[]");
        assertThatThrownBy(() -> new FileFunctionKeys(dir, "", Map.of()))
                .hasMessageContaining("orders.json");
    }

    @Test
    void ignoresForeignFilesAndRemovesLeftoverTemporaryFiles() throws Exception {
        Files.writeString(dir.resolve("Upper.json"), "{\"keys\": []}");
        Files.writeString(dir.resolve("notes.txt"), "hello");
        Files.writeString(dir.resolve(".fnhost-keys-123.tmp"), "{\"half");

        FileFunctionKeys keys = new FileFunctionKeys(dir, "", Map.of());

        assertThat(keys.functionKeys("upper")).extracting(k -> k.name).containsExactly("default");
        assertThat(dir.resolve(".fnhost-keys-123.tmp")).doesNotExist();
        assertThat(dir.resolve("notes.txt")).exists();
    }

    @Test
    void anEmptyHostFileIsTreatedAsMissing() throws Exception {
        Files.writeString(dir.resolve("host.json"), "");
        FileFunctionKeys keys = new FileFunctionKeys(dir, "", Map.of());
        assertThat(keys.masterKey().value).hasSize(56);
        assertThat(Files.readString(dir.resolve("host.json"))).contains(keys.masterKey().value);
    }
}
