package io.fnhost.core.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fnhost.core.internal.spec.samples.BlobFunctions;
import io.fnhost.core.internal.spec.samples.CustomFunctions;
import io.fnhost.core.internal.spec.samples.HttpFunctions;
import io.fnhost.core.internal.spec.samples.MessagingFunctions;
import io.fnhost.core.internal.spec.samples.QueueFunctions;
import io.fnhost.core.internal.spec.samples.TimerFunctions;

/**
 * Compares the function.json fnhost derives for the sample functions with what Microsoft's
 * azure-functions-maven-plugin wrote for the very same classes (src/test/resources/azure-reference,
 * regenerated as its README says), byte for byte, with one allowance: the plugin keeps a binding's
 * attributes in a HashMap filled in {@code getDeclaredMethods()} order, which HotSpot does not fix, so keys
 * that share a bucket (always adjacent in the output) may come in either order among themselves.
 */
class AzureReferenceTest {
    /** The reference project's jar name, as the plugin puts it in scriptFile. */
    private static final String SCRIPT_FILE = "../azref-1.0.jar";

    private static Map<String, IndexedFunction> functions;

    @BeforeAll
    static void indexSamples() {
        List<IndexedFunction> indexed = new FunctionIndexer().index("azref", List.of(
                HttpFunctions.class, QueueFunctions.class, TimerFunctions.class, BlobFunctions.class,
                CustomFunctions.class, MessagingFunctions.class));
        functions = indexed.stream().collect(Collectors.toMap(f -> f.dto().name, Function.identity()));
    }

    static Stream<String> referenceFunctions() throws IOException, URISyntaxException {
        try (Stream<Path> dirs = Files.list(referenceRoot())) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    private static Path referenceRoot() throws URISyntaxException {
        URL root = AzureReferenceTest.class.getResource("/azure-reference");
        assertThat(root).as("test resource folder azure-reference").isNotNull();
        return Paths.get(root.toURI());
    }

    @Test
    void everySampleFunctionHasAReferenceAndViceVersa() throws Exception {
        Set<String> references = referenceFunctions().collect(Collectors.toSet());
        assertThat(references).hasSizeGreaterThanOrEqualTo(20);
        assertThat(functions.keySet()).containsExactlyInAnyOrderElementsOf(references);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceFunctions")
    void functionJsonMatchesAzureMavenPlugin(String name) throws Exception {
        String expected = Files.readString(referenceRoot().resolve(name).resolve("function.json"), StandardCharsets.UTF_8);
        IndexedFunction function = functions.get(name);

        assertThat(function).as("indexed function %s", name).isNotNull();
        assertThat(function.valid()).as("valid: %s", function.dto().stateMessage).isTrue();
        assertThat(function.dto().stateMessage).isNull();
        assertThat(function.dto().app).isEqualTo("azref");
        String actual = FunctionJson.write(function.dto(), SCRIPT_FILE);
        assertThat(withBucketsSorted(actual)).isEqualTo(withBucketsSorted(expected));
    }

    @Test
    void bucketAllowanceOnlyReordersKeysThatShareABucket() {
        // "to" and "text" share a bucket of a 16-slot HashMap, "apiKey" does not.
        String plugin = "{\n    \"name\" : \"mail\",\n    \"apiKey\" : \"k\",\n    \"to\" : \"a\",\n    \"text\" : \"\"\n  }";
        String swapped = "{\n    \"name\" : \"mail\",\n    \"apiKey\" : \"k\",\n    \"text\" : \"\",\n    \"to\" : \"a\"\n  }";
        String moved = "{\n    \"name\" : \"mail\",\n    \"to\" : \"a\",\n    \"apiKey\" : \"k\",\n    \"text\" : \"\"\n  }";

        assertThat(bucket("to", 16)).isEqualTo(bucket("text", 16)).isNotEqualTo(bucket("apiKey", 16));
        assertThat(withBucketsSorted(swapped)).isEqualTo(withBucketsSorted(plugin));
        assertThat(withBucketsSorted(moved)).isNotEqualTo(withBucketsSorted(plugin));
    }

    /**
     * The text with each run of adjacent binding attributes that share a bucket of the plugin's HashMap
     * sorted by line (trailing commas moved so that only the order changes).
     */
    static String withBucketsSorted(String json) {
        List<String> lines = new ArrayList<>(json.lines().toList());
        int i = 0;
        while (i < lines.size()) {
            int start = i;
            while (i < lines.size() && isBindingAttribute(lines.get(i))) {
                i++;
            }
            if (i > start) {
                sortBucketRuns(lines, start, i);
            } else {
                i++;
            }
        }
        return String.join("\n", lines);
    }

    /** Lines {@code "key" : value} at binding depth (4 spaces), the three fixed keys excluded. */
    private static boolean isBindingAttribute(String line) {
        return line.startsWith("    \"") && !line.startsWith("     ")
                && !line.startsWith("    \"type\"") && !line.startsWith("    \"direction\"")
                && !line.startsWith("    \"name\"");
    }

    private static void sortBucketRuns(List<String> lines, int from, int to) {
        // The map also held "name"; its capacity grew past 16 only beyond 12 entries.
        int entries = to - from + 1;
        int capacity = 16;
        while (entries > capacity * 3 / 4) {
            capacity *= 2;
        }
        boolean lastHasComma = lines.get(to - 1).endsWith(",");
        List<String> keys = new ArrayList<>();
        for (int k = from; k < to; k++) {
            String line = lines.get(k);
            keys.add(line.substring(line.indexOf('"') + 1, line.indexOf('"', line.indexOf('"') + 1)));
            lines.set(k, line.endsWith(",") ? line.substring(0, line.length() - 1) : line);
        }
        int runStart = from;
        for (int k = from + 1; k <= to; k++) {
            if (k == to || bucket(keys.get(k - from), capacity) != bucket(keys.get(runStart - from), capacity)) {
                lines.subList(runStart, k).sort(Comparator.naturalOrder());
                runStart = k;
            }
        }
        for (int k = from; k < to; k++) {
            if (k < to - 1 || lastHasComma) {
                lines.set(k, lines.get(k) + ",");
            }
        }
    }

    /** java.util.HashMap's bucket index for a key. */
    static int bucket(String key, int capacity) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (capacity - 1);
    }
}
