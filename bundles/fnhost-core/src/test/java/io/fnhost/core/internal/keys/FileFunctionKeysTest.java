package io.fnhost.core.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.FunctionKeys.HostKeyKind;
import io.fnhost.spi.KeyDTO;
import io.fnhost.spi.KeyScope;

class FileFunctionKeysTest {
    private static final String VALUE = "a-chosen-value-0123456789";
    private static final String OTHER_VALUE = "another-chosen-value-98765";
    private static final String PRESET = "preset-master-key-0123456789";

    @TempDir
    Path temp;

    private Path dir() {
        return temp.resolve("data").resolve("keys");
    }

    private FileFunctionKeys open() {
        return new FileFunctionKeys(dir(), "", Map.of());
    }

    // ---- activation and defaults

    @Test
    void firstActivationCreatesMasterAndDefaultHostKeyOnDisk() throws Exception {
        FileFunctionKeys keys = open();

        KeyDTO master = keys.masterKey();
        assertThat(master.name).isEqualTo(FunctionKeys.MASTER);
        assertThat(IdentifiableSecretGenerator.isIdentifiable(master.value, IdentifiableSecretGenerator.MASTER_KEY_SEED))
                .isTrue();
        String hostJson = Files.readString(dir().resolve("host.json"));
        assertThat(hostJson).contains("\"masterKey\"", "\"name\": \"master\"", master.value, "\"functionKeys\"",
                "\"systemKeys\"", "\"encrypted\": false", "\"default\"");
        assertThat(keys.hostKeys(HostKeyKind.FUNCTION_KEYS)).extracting(k -> k.name).containsExactly("default");
        assertThat(keys.hostKeys(HostKeyKind.SYSTEM_KEYS)).isEmpty();
    }

    @Test
    void functionDefaultKeyIsCreatedOnFirstReadOnly() {
        FileFunctionKeys keys = open();
        assertThat(dir().resolve("orders.json")).doesNotExist();

        List<KeyDTO> first = keys.functionKeys("Orders");

        assertThat(first).singleElement().satisfies(k -> {
            assertThat(k.name).isEqualTo("default");
            assertThat(k.created).isFalse();
            assertThat(IdentifiableSecretGenerator.isIdentifiable(k.value, IdentifiableSecretGenerator.FUNCTION_KEY_SEED))
                    .isTrue();
        });
        assertThat(dir().resolve("orders.json")).exists();
        assertThat(keys.functionKeys("orders")).extracting(k -> k.value).containsExactly(first.get(0).value);
    }

    @Test
    void defaultsComeBackAfterTheLastKeyIsDeleted() {
        FileFunctionKeys keys = open();
        String oldFunctionDefault = keys.functionKeys("orders").get(0).value;
        assertThat(keys.deleteFunctionKey("orders", "default")).isTrue();
        assertThat(keys.deleteHostKey(HostKeyKind.FUNCTION_KEYS, "default")).isTrue();
        assertThat(keys.authorize("orders", oldFunctionDefault)).isEqualTo(KeyScope.NONE);

        assertThat(keys.functionKeys("orders")).singleElement()
                .satisfies(k -> assertThat(k.value).isNotEqualTo(oldFunctionDefault));
        assertThat(keys.hostKeys(HostKeyKind.FUNCTION_KEYS)).extracting(k -> k.name).containsExactly("default");
    }

    // ---- authorize

    @Test
    void authorizeGrantsTheMostPowerfulMatchingScope() {
        FileFunctionKeys keys = open();
        String master = keys.masterKey().value;
        String host = keys.hostKeys(HostKeyKind.FUNCTION_KEYS).get(0).value;
        String orders = keys.functionKeys("orders").get(0).value;
        String billing = keys.functionKeys("billing").get(0).value;
        String system = keys.putHostKey(HostKeyKind.SYSTEM_KEYS, "eventgrid_extension", null).value;

        assertThat(keys.authorize("orders", master)).isEqualTo(KeyScope.MASTER);
        assertThat(keys.authorize("orders", host)).isEqualTo(KeyScope.HOST);
        assertThat(keys.authorize("orders", orders)).isEqualTo(KeyScope.FUNCTION);
        assertThat(keys.authorize("ORDERS", orders)).isEqualTo(KeyScope.FUNCTION);
        assertThat(keys.authorize("orders", billing)).isEqualTo(KeyScope.NONE);
        assertThat(keys.authorize("billing", billing)).isEqualTo(KeyScope.FUNCTION);
        assertThat(keys.authorize("orders", system)).isEqualTo(KeyScope.SYSTEM);
        assertThat(keys.authorize(null, host)).isEqualTo(KeyScope.HOST);
        assertThat(keys.authorize(null, orders)).isEqualTo(KeyScope.NONE);
        assertThat(keys.authorize("../orders", orders)).isEqualTo(KeyScope.NONE);
        assertThat(keys.authorize("orders", "wrong")).isEqualTo(KeyScope.NONE);
        assertThat(keys.authorize("orders", master + "x")).isEqualTo(KeyScope.NONE);
        assertThat(keys.authorize("orders", master.substring(1))).isEqualTo(KeyScope.NONE);
        assertThat(keys.authorize("orders", "")).isEqualTo(KeyScope.NONE);
        assertThat(keys.authorize("orders", null)).isEqualTo(KeyScope.NONE);
    }

    @Test
    void authorizeFindsAKeyAmongManyAndNeverCreatesKeys() throws Exception {
        FileFunctionKeys keys = open();
        for (int i = 0; i < 20; i++) {
            keys.putFunctionKey("orders", "client" + i, VALUE + i);
        }
        assertThat(keys.authorize("orders", VALUE + 19)).isEqualTo(KeyScope.FUNCTION);
        assertThat(keys.authorize("orders", VALUE + 0)).isEqualTo(KeyScope.FUNCTION);

        assertThat(keys.authorize("unknown", VALUE)).isEqualTo(KeyScope.NONE);
        assertThat(dir().resolve("unknown.json")).doesNotExist();
    }

    @Test
    void aKeyValueIsComparedAsUtf8() {
        FileFunctionKeys keys = open();
        keys.putFunctionKey("orders", "exact", "exact-value-with-tilde~~");
        assertThat(keys.authorize("orders", "exact-value-with-tilde~~")).isEqualTo(KeyScope.FUNCTION);
        assertThat(keys.authorize("orders", "exact-value-with-tilde\u02dc\u02dc")).isEqualTo(KeyScope.NONE);
    }

    // ---- put / delete function keys

    @Test
    void putFunctionKeyReportsCreatedThenUpdated() {
        FileFunctionKeys keys = open();

        KeyDTO created = keys.putFunctionKey("orders", "client", VALUE);
        KeyDTO updated = keys.putFunctionKey("orders", "CLIENT", OTHER_VALUE);
        KeyDTO generated = keys.putFunctionKey("orders", "generated", null);

        assertThat(created.created).isTrue();
        assertThat(created.value).isEqualTo(VALUE);
        assertThat(updated.created).isFalse();
        assertThat(generated.created).isTrue();
        assertThat(IdentifiableSecretGenerator.isIdentifiable(generated.value, IdentifiableSecretGenerator.FUNCTION_KEY_SEED))
                .isTrue();
        // a put does not create the default key: the function has exactly the keys that were put
        assertThat(keys.functionKeys("orders")).extracting(k -> k.name + "=" + k.value)
                .containsExactly("CLIENT=" + OTHER_VALUE, "generated=" + generated.value);
        assertThat(keys.authorize("orders", VALUE)).isEqualTo(KeyScope.NONE);
        assertThat(keys.authorize("orders", OTHER_VALUE)).isEqualTo(KeyScope.FUNCTION);
    }

    @Test
    void deleteFunctionKey() {
        FileFunctionKeys keys = open();
        keys.putFunctionKey("orders", "client", VALUE);

        assertThat(keys.deleteFunctionKey("Orders", "Client")).isTrue();
        assertThat(keys.deleteFunctionKey("orders", "client")).isFalse();
        assertThat(keys.deleteFunctionKey("never", "client")).isFalse();
        assertThat(keys.authorize("orders", VALUE)).isEqualTo(KeyScope.NONE);
        assertThatThrownBy(() -> keys.deleteFunctionKey("orders", "_master"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Cannot delete System Key.");
    }

    // ---- host and system keys

    @Test
    void putAndDeleteHostAndSystemKeys() {
        FileFunctionKeys keys = open();

        assertThat(keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "partner", VALUE).created).isTrue();
        assertThat(keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "partner", OTHER_VALUE).created).isFalse();
        KeyDTO system = keys.putHostKey(HostKeyKind.SYSTEM_KEYS, "eventgrid_extension", null);
        assertThat(system.created).isTrue();
        assertThat(IdentifiableSecretGenerator.isIdentifiable(system.value, IdentifiableSecretGenerator.SYSTEM_KEY_SEED))
                .isTrue();

        assertThat(keys.hostKeys(HostKeyKind.FUNCTION_KEYS)).extracting(k -> k.name).containsExactly("default", "partner");
        assertThat(keys.hostKeys(HostKeyKind.SYSTEM_KEYS)).extracting(k -> k.name).containsExactly("eventgrid_extension");
        assertThat(keys.authorize("anything", OTHER_VALUE)).isEqualTo(KeyScope.HOST);

        assertThat(keys.deleteHostKey(HostKeyKind.FUNCTION_KEYS, "partner")).isTrue();
        assertThat(keys.deleteHostKey(HostKeyKind.FUNCTION_KEYS, "partner")).isFalse();
        assertThat(keys.deleteHostKey(HostKeyKind.FUNCTION_KEYS, "eventgrid_extension")).isFalse();
        assertThat(keys.deleteHostKey(HostKeyKind.SYSTEM_KEYS, "eventgrid_extension")).isTrue();
        assertThat(keys.authorize("anything", OTHER_VALUE)).isEqualTo(KeyScope.NONE);
        assertThat(keys.authorize("anything", system.value)).isEqualTo(KeyScope.NONE);
    }

    @Test
    void theMasterKeyCannotBeDeleted() {
        FileFunctionKeys keys = open();
        for (HostKeyKind kind : HostKeyKind.values()) {
            assertThatThrownBy(() -> keys.deleteHostKey(kind, "_master"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("Cannot delete System Key.");
            assertThatThrownBy(() -> keys.deleteHostKey(kind, "_MASTER"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("Cannot delete System Key.");
        }
    }

    // ---- master key

    @Test
    void masterKeyCanBeRegeneratedOrSetWhenNotPreset() {
        FileFunctionKeys keys = open();
        String old = keys.masterKey().value;

        KeyDTO generated = keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "_master", null);
        assertThat(generated.name).isEqualTo("_master");
        assertThat(generated.created).as("Azure answers 201 to a generated master key").isTrue();
        assertThat(generated.value).isNotEqualTo(old);
        assertThat(keys.authorize("orders", old)).isEqualTo(KeyScope.NONE);
        assertThat(keys.authorize("orders", generated.value)).isEqualTo(KeyScope.MASTER);

        KeyDTO set = keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "_master", VALUE);
        assertThat(set.created).as("Azure answers 200 to a given master key").isFalse();
        assertThat(keys.masterKey().value).isEqualTo(VALUE);
        assertThat(open().masterKey().value).isEqualTo(VALUE);
        assertThat(keys.hostKeys(HostKeyKind.FUNCTION_KEYS)).extracting(k -> k.name).doesNotContain("_master");
    }

    @Test
    void masterKeyPresetByEnvironmentIsUsedAndNeverWritten() throws Exception {
        FileFunctionKeys keys = new FileFunctionKeys(dir(), "", Map.of("FNHOST_MASTER_KEY", PRESET));

        assertThat(keys.masterKey().value).isEqualTo(PRESET);
        assertThat(keys.authorize("orders", PRESET)).isEqualTo(KeyScope.MASTER);
        assertThat(Files.readString(dir().resolve("host.json"))).doesNotContain(PRESET).doesNotContain("masterKey");
        assertThatThrownBy(() -> keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "_master", VALUE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("environment variable FNHOST_MASTER_KEY")
                .hasMessageContaining("restart");
        assertThatThrownBy(() -> keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "_master", null))
                .isInstanceOf(IllegalStateException.class);
        assertThat(keys.masterKey().value).isEqualTo(PRESET);
    }

    @Test
    void masterKeyPresetByConfiguration() throws Exception {
        FileFunctionKeys keys = new FileFunctionKeys(dir(), PRESET, Map.of());

        assertThat(keys.masterKey().value).isEqualTo(PRESET);
        assertThat(Files.readString(dir().resolve("host.json"))).doesNotContain(PRESET);
        assertThatThrownBy(() -> keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "_master", VALUE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io.fnhost.core.FunctionKeys")
                .hasMessageContaining("masterKey");
    }

    @Test
    void environmentWinsOverConfiguration() {
        FileFunctionKeys keys = new FileFunctionKeys(dir(), OTHER_VALUE, Map.of("FNHOST_MASTER_KEY", PRESET));

        assertThat(keys.authorize("orders", PRESET)).isEqualTo(KeyScope.MASTER);
        assertThat(keys.authorize("orders", OTHER_VALUE)).isEqualTo(KeyScope.NONE);
        assertThatThrownBy(() -> keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "_master", VALUE))
                .hasMessageContaining("FNHOST_MASTER_KEY");
    }

    @Test
    void blankPresetsMeanNone() {
        FileFunctionKeys keys = new FileFunctionKeys(dir(), "  ", Map.of("FNHOST_MASTER_KEY", ""));
        assertThat(IdentifiableSecretGenerator.isIdentifiable(keys.masterKey().value,
                IdentifiableSecretGenerator.MASTER_KEY_SEED)).isTrue();
    }

    @Test
    void storedMasterKeyReturnsWhenThePresetIsRemoved() {
        String stored = open().masterKey().value;
        FileFunctionKeys preset = new FileFunctionKeys(dir(), "", Map.of("FNHOST_MASTER_KEY", PRESET));
        assertThat(preset.authorize("orders", stored)).isEqualTo(KeyScope.NONE);
        preset.putHostKey(HostKeyKind.FUNCTION_KEYS, "partner", VALUE); // rewrites host.json

        assertThat(open().masterKey().value).isEqualTo(stored);
    }

    @Test
    void anUnusablePresetFailsActivationWithoutEchoingIt() {
        assertThatThrownBy(() -> new FileFunctionKeys(dir(), "", Map.of("FNHOST_MASTER_KEY", "short")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FNHOST_MASTER_KEY")
                .hasMessageContaining("16")
                .hasMessageNotContaining("short");
    }

    // ---- validation

    @ParameterizedTest
    @ValueSource(strings = { "", "has space", "slash/name", "dot..ok-but-colon:", "ümlaut" })
    void invalidKeyNamesAreRefused(String name) {
        FileFunctionKeys keys = open();
        assertThatThrownBy(() -> keys.putFunctionKey("orders", name, VALUE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key name");
        assertThatThrownBy(() -> keys.putHostKey(HostKeyKind.FUNCTION_KEYS, name, VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.deleteFunctionKey("orders", name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyNamesHaveAtMost128Characters() {
        FileFunctionKeys keys = open();
        assertThat(keys.putFunctionKey("orders", "k".repeat(128), VALUE).created).isTrue();
        assertThatThrownBy(() -> keys.putFunctionKey("orders", "k".repeat(129), VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128");
        assertThatThrownBy(() -> keys.putFunctionKey("orders", null, VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(keys.putFunctionKey("orders", "ok_name.v-2", VALUE).created).isTrue();
    }

    @Test
    void namesStartingWithUnderscoreAreReserved() {
        FileFunctionKeys keys = open();
        assertThatThrownBy(() -> keys.putFunctionKey("orders", "_master", VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> keys.putFunctionKey("orders", "_mine", VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> keys.putHostKey(HostKeyKind.SYSTEM_KEYS, "_master", VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "_other", VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> keys.deleteHostKey(HostKeyKind.FUNCTION_KEYS, "_other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "fifteen-chars!!", "with space inside-0123", "tab\tinside-0123456789",
        "non-ascii-é-0123456789" })
    void invalidValuesAreRefusedWithoutEchoingThem(String value) {
        FileFunctionKeys keys = open();
        assertThatThrownBy(() -> keys.putFunctionKey("orders", "client", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key value")
                .satisfies(e -> {
                    if (!value.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(value);
                    }
                });
        assertThatThrownBy(() -> keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "_master", value))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(keys.functionKeys("orders")).extracting(k -> k.name).containsExactly("default");
    }

    @Test
    void valueLengthLimits() {
        FileFunctionKeys keys = open();
        assertThat(keys.putFunctionKey("orders", "min", "x".repeat(16)).created).isTrue();
        assertThat(keys.putFunctionKey("orders", "max", "x".repeat(1024)).created).isTrue();
        assertThatThrownBy(() -> keys.putFunctionKey("orders", "over", "x".repeat(1025)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
    }

    @ParameterizedTest
    @ValueSource(strings = { "../escape", "..", "a/b", "a\\b", "/etc/passwd", "orders.json", "host", "HOST",
        "1starts-with-digit", "has space", "nul\u0000" })
    void functionNamesThatCouldEscapeOrClashAreRefused(String function) throws Exception {
        FileFunctionKeys keys = open();
        assertThatThrownBy(() -> keys.functionKeys(function)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("function name");
        assertThatThrownBy(() -> keys.putFunctionKey(function, "client", VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.deleteFunctionKey(function, "client"))
                .isInstanceOf(IllegalArgumentException.class);
        try (Stream<Path> files = Files.list(temp.resolve("data"))) {
            assertThat(files).containsExactly(dir());
        }
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("host.json");
        }
    }

    @Test
    void functionNamesAreCaseInsensitiveAndStoredInLowerCase() throws Exception {
        FileFunctionKeys keys = open();
        keys.putFunctionKey("MyFunction", "client", VALUE);
        assertThat(dir().resolve("myfunction.json")).exists();
        assertThat(keys.functionKeys("myFUNCTION")).extracting(k -> k.value).containsExactly(VALUE);
        assertThat(keys.authorize("MYFUNCTION", VALUE)).isEqualTo(KeyScope.FUNCTION);
    }

    // ---- persistence

    @Test
    void keysSurviveANewInstanceOverTheSameDirectory() {
        FileFunctionKeys before = open();
        String master = before.masterKey().value;
        String hostDefault = before.hostKeys(HostKeyKind.FUNCTION_KEYS).get(0).value;
        String ordersDefault = before.functionKeys("orders").get(0).value;
        before.putFunctionKey("orders", "client", VALUE);
        before.putHostKey(HostKeyKind.SYSTEM_KEYS, "eventgrid_extension", OTHER_VALUE);

        FileFunctionKeys after = open();

        assertThat(after.masterKey().value).isEqualTo(master);
        assertThat(after.authorize("orders", master)).isEqualTo(KeyScope.MASTER);
        assertThat(after.authorize("orders", hostDefault)).isEqualTo(KeyScope.HOST);
        assertThat(after.authorize("orders", ordersDefault)).isEqualTo(KeyScope.FUNCTION);
        assertThat(after.authorize("orders", VALUE)).isEqualTo(KeyScope.FUNCTION);
        assertThat(after.authorize("orders", OTHER_VALUE)).isEqualTo(KeyScope.SYSTEM);
        assertThat(after.functionKeys("orders")).extracting(k -> k.name).containsExactly("default", "client");
    }

    @Test
    void directoryAndFilesAreReadableByTheOwnerOnly() throws Exception {
        assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        FileFunctionKeys keys = open();
        keys.putFunctionKey("orders", "client", VALUE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().getParent())))
                .as("parents created for the keys are private too").isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve("host.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve("orders.json"))))
                .isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary files left")
                    .containsExactlyInAnyOrder("host.json", "orders.json");
        }
    }

    // ---- concurrency

    @Test
    void concurrentPutsLoseNoUpdate() throws Exception {
        FileFunctionKeys keys = open();
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        keys.putFunctionKey("orders", "t" + thread + "-" + i, VALUE + thread + "-" + i);
                        keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "h" + thread + "-" + i, null);
                        keys.functionKeys("f" + (i % 5));
                        assertThat(keys.authorize("orders", VALUE + thread + "-" + i)).isEqualTo(KeyScope.FUNCTION);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (FileFunctionKeys instance : List.of(keys, open())) {
            assertThat(instance.functionKeys("orders")).hasSize(threads * perThread);
            assertThat(instance.hostKeys(HostKeyKind.FUNCTION_KEYS)).hasSize(threads * perThread + 1);
            for (int f = 0; f < 5; f++) {
                assertThat(instance.functionKeys("f" + f)).as("one default key, created once").hasSize(1);
            }
            for (int t = 0; t < threads; t++) {
                assertThat(instance.authorize("orders", VALUE + t + "-" + (perThread - 1))).isEqualTo(KeyScope.FUNCTION);
            }
        }
    }

    // ---- logging

    @Test
    void keyValuesNeverReachTheLog() {
        // slf4j-simple (the test binding) prints to whatever System.err is at the time of each call.
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> values = new ArrayList<>();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            FileFunctionKeys keys = new FileFunctionKeys(dir(), "", Map.of());
            values.add(keys.masterKey().value);
            values.addAll(keys.functionKeys("orders").stream().map(k -> k.value).collect(Collectors.toList()));
            values.add(keys.putFunctionKey("orders", "client", VALUE).value);
            values.add(keys.putHostKey(HostKeyKind.SYSTEM_KEYS, "eventgrid_extension", null).value);
            values.add(keys.putHostKey(HostKeyKind.FUNCTION_KEYS, "_master", null).value);
            keys.deleteFunctionKey("orders", "client");
            new FileFunctionKeys(dir(), "", Map.of("FNHOST_MASTER_KEY", PRESET));
            values.add(PRESET);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("Created key 'default' of function 'orders'", "Deleted key 'client'",
                "preset by the environment variable FNHOST_MASTER_KEY");
        for (String value : values) {
            assertThat(log).doesNotContain(value);
        }
    }
}
