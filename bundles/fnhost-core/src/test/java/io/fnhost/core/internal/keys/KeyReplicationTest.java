package io.fnhost.core.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fnhost.spi.FunctionKeys.HostKeyKind;
import io.fnhost.spi.KeyScope;

/** The same keys on every node: one node's {@code exportKeys} imported by another. */
class KeyReplicationTest {
    private static final String HOST_VALUE = "replicated-host-key-0123456789";
    private static final String SYSTEM_VALUE = "replicated-system-key-0123456789";
    private static final String FUNCTION_VALUE = "replicated-function-key-0123456789";

    @TempDir
    Path temp;

    private FileFunctionKeys node(String name) {
        return new FileFunctionKeys(temp.resolve(name), "", Map.of());
    }

    private FileFunctionKeys node(String name, String presetMaster) {
        return new FileFunctionKeys(temp.resolve(name), "", Map.of("FNHOST_MASTER_KEY", presetMaster));
    }

    @Test
    void anImportedNodeAcceptsExactlyTheExportingNodesKeysAndKeepsThemOnDisk() {
        FileFunctionKeys management = node("management");
        management.putHostKey(HostKeyKind.FUNCTION_KEYS, "ci", HOST_VALUE);
        management.putHostKey(HostKeyKind.SYSTEM_KEYS, "queues_extension", SYSTEM_VALUE);
        management.putFunctionKey("Orders", "partner", FUNCTION_VALUE);
        FileFunctionKeys worker = node("worker");
        worker.putFunctionKey("other", "mine", "a-worker-only-key-0123456789");
        String workerDefaultHostKey = worker.hostKeys(HostKeyKind.FUNCTION_KEYS).get(0).value;

        worker.importKeys(management.exportKeys());

        assertThat(worker.authorize(null, HOST_VALUE)).isEqualTo(KeyScope.HOST);
        assertThat(worker.authorize(null, SYSTEM_VALUE)).isEqualTo(KeyScope.SYSTEM);
        assertThat(worker.authorize("orders", FUNCTION_VALUE)).isEqualTo(KeyScope.FUNCTION);
        assertThat(worker.authorize(null, management.masterKey().value)).as("the stored master key too")
                .isEqualTo(KeyScope.MASTER);
        assertThat(worker.authorize(null, workerDefaultHostKey)).as("its own host key is gone").isEqualTo(KeyScope.NONE);
        assertThat(worker.authorize("other", "a-worker-only-key-0123456789")).as("keys of functions the management "
                + "node does not list are gone").isEqualTo(KeyScope.NONE);
        assertThat(worker.exportKeys()).isEqualTo(management.exportKeys());

        FileFunctionKeys restarted = node("worker");
        assertThat(restarted.authorize("orders", FUNCTION_VALUE)).as("written through to the key files")
                .isEqualTo(KeyScope.FUNCTION);
        assertThat(restarted.authorize(null, HOST_VALUE)).isEqualTo(KeyScope.HOST);
    }

    @Test
    void aPresetMasterKeyIsNeitherExportedNorReplaced() {
        FileFunctionKeys management = node("management", "management-preset-master-0123456789");
        FileFunctionKeys worker = node("worker", "worker-preset-master-0123456789");

        assertThat(management.exportKeys()).doesNotContain("management-preset-master-0123456789");
        worker.importKeys(management.exportKeys());

        assertThat(worker.masterKey().value).isEqualTo("worker-preset-master-0123456789");
        assertThat(worker.authorize(null, "management-preset-master-0123456789")).isEqualTo(KeyScope.NONE);
    }

    @Test
    void aStoredMasterKeyDoesNotReplaceAPresetOne() {
        FileFunctionKeys management = node("management");
        FileFunctionKeys worker = node("worker", "worker-preset-master-0123456789");

        worker.importKeys(management.exportKeys());

        assertThat(worker.masterKey().value).isEqualTo("worker-preset-master-0123456789");
        assertThat(worker.authorize(null, management.masterKey().value)).isEqualTo(KeyScope.NONE);
    }

    @Test
    void listenersHearEveryChangeThroughTheApiButNotImports() throws Exception {
        FileFunctionKeys management = node("management");
        AtomicInteger changes = new AtomicInteger();
        AutoCloseable listening = management.onChange(changes::incrementAndGet);

        management.putHostKey(HostKeyKind.FUNCTION_KEYS, "ci", HOST_VALUE);
        management.putFunctionKey("orders", "partner", FUNCTION_VALUE);
        management.functionKeys("fresh"); // creates its default key
        management.functionKeys("fresh"); // nothing new
        management.deleteFunctionKey("orders", "partner");
        management.putHostKey(HostKeyKind.FUNCTION_KEYS, "_master", null);
        assertThat(changes).hasValue(5);

        management.importKeys(node("other").exportKeys());
        assertThat(changes).as("an import does not echo back").hasValue(5);

        listening.close();
        management.putHostKey(HostKeyKind.SYSTEM_KEYS, "s", SYSTEM_VALUE);
        assertThat(changes).hasValue(5);
    }

    @Test
    void aBrokenDocumentChangesNothingAndItsMessageQuotesNoValue() {
        FileFunctionKeys worker = node("worker");
        String before = worker.exportKeys();

        assertThatThrownBy(() -> worker.importKeys("{\"host\": [{\"name\": \"ci\"}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no value for host key 'ci'");
        assertThatThrownBy(() -> worker.importKeys("{\"host\": [{\"name\": \"ci\", \"value\": \"secret-"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> worker.importKeys("{\"functions\": {\"host\": []}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid function name");
        assertThat(worker.exportKeys()).isEqualTo(before);
    }
}
