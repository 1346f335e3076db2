package io.fnhost.management.internal.apps;

import static io.fnhost.management.internal.apps.Archives.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fnhost.management.internal.apps.UploadInspector.Inspection;
import io.fnhost.management.internal.apps.UploadInspector.Layout;

class UploadInspectorTest {
    @TempDir
    Path dir;

    private final UploadInspector inspector = new UploadInspector(new UploadInspector.Limits(100, 8L << 20, 50));

    private Inspection inspect(byte[] bytes) throws Exception {
        return inspector.inspect(Archives.write(dir, "upload.bin", bytes));
    }

    private static void assertRefused(ThrowingCallable call, int status, String error, String detailPart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AppRefusal.class, r -> {
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.error()).isEqualTo(error);
            assertThat(r.detail()).contains(detailPart);
        });
    }

    @Test
    void aFunctionAppBundleIsRecognised() throws Exception {
        assertThat(inspect(Archives.bundle("greeter", "1.0.0")).layout()).isEqualTo(Layout.BUNDLE);
    }

    @Test
    void anAzurePackageIsRecognisedAtTheRootOrInItsFolder() throws Exception {
        Inspection root = inspect(Archives.azurePackage(""));
        assertThat(root.layout()).isEqualTo(Layout.AZURE_ZIP);
        assertThat(root.prefix()).isEmpty();
        Inspection folder = inspect(Archives.azurePackage("hello-app/"));
        assertThat(folder.layout()).isEqualTo(Layout.AZURE_ZIP);
        assertThat(folder.prefix()).isEqualTo("hello-app/");
    }

    @Test
    void somethingThatIsNotAZipIsRefused() {
        assertRefused(() -> inspect(utf8("just some text, not a jar")), 400, "not a jar or zip",
                "application/java-archive");
    }

    @Test
    void aTruncatedZipIsRefused() throws Exception {
        byte[] whole = Archives.bundle("greeter", "1.0.0");
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
        assertRefused(() -> inspect(truncated), 400, "not a jar or zip", "truncated");
    }

    @Test
    void aJarWithoutTheHeaderIsRefused() {
        assertRefused(() -> inspect(Archives.jar(Map.of("Bundle-SymbolicName", "plain"), Map.of("a.txt", utf8("a")))),
                400, "not a function app", "lacks the header Fnhost-FunctionApp");
    }

    @Test
    void aJarWithTheHeaderButNoSymbolicNameIsRefused() {
        assertRefused(() -> inspect(Archives.jar(Map.of(UploadInspector.APP_HEADER, "greeter"), Map.of())), 400,
                "not a bundle", "no Bundle-SymbolicName");
    }

    @Test
    void aZipWithoutHostJsonIsRefused() {
        assertRefused(() -> inspect(Archives.zip(Map.of("hello/function.json", utf8("{}")))), 400,
                "not a function app", "no host.json");
    }

    @Test
    void anAzurePackageWithoutFunctionJsonIsRefused() {
        assertRefused(() -> inspect(Archives.zip(Map.of("host.json", utf8("{}"), "app.jar", utf8("x")))), 400,
                "no function.json", "<function>/function.json");
    }

    @ParameterizedTest
    @ValueSource(strings = { "../evil.txt", "lib/../../evil.txt", "/etc/passwd", "C:/Windows/evil.dll",
            "lib\\..\\evil.txt" })
    void entriesThatEscapeTheirFolderAreRefused(String name) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("host.json", utf8("{}"));
        entries.put("hello/function.json", utf8("{}"));
        entries.put(name, utf8("x"));
        assertRefused(() -> inspect(Archives.zip(entries)), 400, "unsafe entry path", name);
    }

    @Test
    void tooManyEntriesAreRefused() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 101; i++) {
            entries.put("f" + i + ".txt", utf8("x"));
        }
        assertRefused(() -> inspect(Archives.zip(entries)), 413, "archive too large", "maxEntries");
    }

    @Test
    void aHighlyCompressedEntryIsRefused() {
        // 4 MB of zeros deflate to a few kilobytes: far beyond 50:1
        assertRefused(() -> inspect(Archives.zip(Map.of("host.json", new byte[4 << 20]))), 413, "archive too large",
                "maxCompressionRatio");
    }

    @Test
    void moreUncompressedBytesThanTheLimitAreRefusedEvenWhenTheHeadersLie() throws Exception {
        UploadInspector lenient = new UploadInspector(new UploadInspector.Limits(100, 1L << 20, 1_000_000));
        // sizes in the local headers are not trusted: the inspector counts inflated bytes
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("a.bin"));
            zip.write(new byte[600 * 1024]);
            zip.putNextEntry(new ZipEntry("b.bin"));
            zip.write(new byte[600 * 1024]);
        }
        Path file = Archives.write(dir, "big.zip", bytes.toByteArray());
        assertRefused(() -> lenient.inspect(file), 413, "archive too large", "maxUncompressedBytes");
    }

    @Test
    void anEmptyUploadIsNotAZip() throws IOException {
        assertRefused(() -> inspect(new byte[0]), 400, "not a jar or zip", "not a zip file");
    }
}
