package io.fnhost.core.internal.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.KeyDTO;
import io.fnhost.spi.KeyScope;

/**
 * What checking a request's key costs: {@link FileFunctionKeys#authorize} as the HTTP dispatcher calls
 * it for a {@code function}-level route, once per request, with each kind of key a caller can present:
 * the master key, a host key, one of the called function's own keys, another function's key, a wrong
 * key of the right length (56 characters, as generated keys) and none at all.
 * <p>
 * The store is a real one over a temporary directory, with a realistic key set: the generated master
 * key, the host's {@code default} key, and the called function plus {@link #otherFunctions} other
 * functions, each with one to three generated keys (the called one has two; its second one is
 * presented). Baselines in the same run: one {@link MessageDigest#isEqual} of two equal 56-byte arrays
 * (the constant-time comparison authorize makes per candidate key), one {@link String#equals} of two
 * equal 56-character strings (what a naive, non-constant-time check would cost) and the UTF-8 encoding
 * of the presented key that authorize does first.
 * <p>
 * Lives in the keys package because the store's file-based constructor is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class KeyAuthorizationBenchmark {

    /** Functions with keys besides the called one: only the look-up of the function's keys could grow with it. */
    @Param({"1", "100"})
    public int otherFunctions;

    /** As the route carries it: the declared name, mixed case (authorize lower-cases it). */
    private static final String CALLED = "HttpOrders";

    private Path directory;
    private FileFunctionKeys keys;
    private String function;
    private String masterKey;
    private String hostKey;
    private String ownKey;
    private String otherFunctionKey;
    private String wrongKey;
    private String noKey;
    private byte[] keyBytes;
    private byte[] sameKeyBytes;
    private String keyText;
    private String sameKeyText;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("fnhost-keys-bench");
        keys = new FileFunctionKeys(directory, null, Map.of());
        function = CALLED;

        // the called function: its default key plus a second one, as for a CI caller
        keys.putFunctionKey(CALLED, "ci", null);
        ownKey = valueOf(keys.functionKeys(CALLED), "ci");
        for (int i = 0; i < otherFunctions; i++) {
            String name = "Other" + i;
            keys.functionKeys(name); // creates "default"
            for (int k = 1; k <= i % 3; k++) {
                keys.putFunctionKey(name, "client" + k, null);
            }
        }
        otherFunctionKey = valueOf(keys.functionKeys("Other0"), FunctionKeys.DEFAULT);
        masterKey = keys.masterKey().value;
        hostKey = valueOf(keys.hostKeys(FunctionKeys.HostKeyKind.FUNCTION_KEYS), FunctionKeys.DEFAULT);
        // same length and alphabet as a generated key, matches nothing: flip the last character
        char last = ownKey.charAt(ownKey.length() - 1);
        wrongKey = ownKey.substring(0, ownKey.length() - 1) + (last == 'A' ? 'B' : 'A');
        noKey = null;

        // fresh instances, so no comparison can short-cut on identity
        keyText = new String(ownKey.toCharArray());
        sameKeyText = new String(ownKey.toCharArray());
        keyBytes = ownKey.getBytes(StandardCharsets.UTF_8);
        sameKeyBytes = ownKey.getBytes(StandardCharsets.UTF_8);

        check(masterKey, KeyScope.MASTER);
        check(hostKey, KeyScope.HOST);
        check(ownKey, KeyScope.FUNCTION);
        check(otherFunctionKey, KeyScope.NONE);
        check(wrongKey, KeyScope.NONE);
        check(noKey, KeyScope.NONE);
        if (keyBytes.length != 56) {
            throw new IllegalStateException("generated keys are expected to be 56 bytes, not " + keyBytes.length);
        }
    }

    private void check(String key, KeyScope expected) {
        KeyScope actual = keys.authorize(function, key);
        if (actual != expected) {
            throw new IllegalStateException("benchmark set-up: expected " + expected + ", got " + actual);
        }
    }

    private static String valueOf(List<KeyDTO> list, String name) {
        return list.stream().filter(k -> k.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no key " + name)).value;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public KeyScope masterKey() {
        return keys.authorize(function, masterKey);
    }

    @Benchmark
    public KeyScope hostKey() {
        return keys.authorize(function, hostKey);
    }

    @Benchmark
    public KeyScope functionKey() {
        return keys.authorize(function, ownKey);
    }

    @Benchmark
    public KeyScope otherFunctionKey() {
        return keys.authorize(function, otherFunctionKey);
    }

    @Benchmark
    public KeyScope wrongKey() {
        return keys.authorize(function, wrongKey);
    }

    @Benchmark
    public KeyScope noKey() {
        return keys.authorize(function, noKey);
    }

    @Benchmark
    public boolean baselineIsEqual() {
        return MessageDigest.isEqual(keyBytes, sameKeyBytes);
    }

    @Benchmark
    public boolean baselineStringEquals() {
        return keyText.equals(sameKeyText);
    }

    @Benchmark
    public byte[] baselineKeyBytes() {
        return keyText.getBytes(StandardCharsets.UTF_8);
    }
}
