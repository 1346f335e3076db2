package io.fnhost.management.internal.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import aQute.bnd.header.Parameters;
import io.fnhost.management.internal.apps.fixture.HelloFunction;

class AzurePackageConverterTest {
    private static final Map<String, String> EXPORTED = Map.of("com.microsoft.azure.functions", "1.3.0",
            "com.microsoft.azure.functions.annotation", "3.2.3");

    @TempDir
    Path dir;

    private AzurePackageConverter.Converted convert(String prefix, String name, String version) throws Exception {
        Path zip = Archives.write(dir, "package.zip", Archives.azurePackage(prefix));
        Path work = Files.createDirectories(dir.resolve("work"));
        return new AzurePackageConverter(EXPORTED).convert(zip, prefix, name, version, work);
    }

    @Test
    void theStagedPackageBecomesAFunctionAppBundle() throws Exception {
        AzurePackageConverter.Converted converted = convert("", null, null);

        assertThat(converted.app()).isEqualTo("hello-app");
        assertThat(converted.version()).isEqualTo("1.2.0.SNAPSHOT");
        try (JarFile bundle = new JarFile(converted.bundle().toFile())) {
            Attributes main = bundle.getManifest().getMainAttributes();
            assertThat(main.getValue("Fnhost-FunctionApp")).isEqualTo("hello-app");
            assertThat(main.getValue("Bundle-SymbolicName")).isEqualTo("com.example.hello-app");
            assertThat(main.getValue("Bundle-Version")).isEqualTo("1.2.0.SNAPSHOT");
            assertThat(main.getValue("Bundle-ClassPath")).isEqualTo(".,lib/greeting-lib-1.0.jar");
            assertThat(main.getValue("Export-Package")).isNull();
            // the function classes at the root, where the core scans for @FunctionName
            assertThat(bundle.getEntry(Archives.classPath(HelloFunction.class))).isNotNull();
            assertThat(bundle.getEntry("host.json")).isNotNull();
            assertThat(bundle.getEntry("lib/greeting-lib-1.0.jar")).isNotNull();
            // fnhost-api exports Microsoft's library: the package's copy is left out
            assertThat(bundle.getEntry("lib/azure-functions-java-library-3.2.3.jar")).isNull();

            Parameters imports = new Parameters(main.getValue("Import-Package"));
            assertThat(imports.get("com.microsoft.azure.functions.annotation").get("version")).isEqualTo("[3.2,4)");
            assertThat(imports.get("com.microsoft.azure.functions").get("version")).isEqualTo("[1.3,2)");
            // the library's own package is embedded, not imported; what it needs from the JRE is optional
            assertThat(imports.keySet()).doesNotContain("io.fnhost.management.internal.apps.fixture.lib");
            assertThat(imports.get("javax.xml.namespace").get("resolution:")).isEqualTo("optional");
        }
    }

    @Test
    void aPackageZippedWithItsFolderConvertsTheSame() throws Exception {
        assertThat(convert("hello-app/", null, null).app()).isEqualTo("hello-app");
    }

    @Test
    void nameAndVersionCanBeGiven() throws Exception {
        AzurePackageConverter.Converted converted = convert("", "hello", "2.0.1");
        assertThat(converted.app()).isEqualTo("hello");
        assertThat(converted.version()).isEqualTo("2.0.1");
    }

    @Test
    void theSamePackageConvertsToTheSameBytes() throws Exception {
        // publishing the same package twice is then recognised as the same version
        Path zip = Archives.write(dir, "package.zip", Archives.azurePackage(""));
        AzurePackageConverter converter = new AzurePackageConverter(EXPORTED);
        Path first = converter.convert(zip, "", null, null, Files.createDirectories(dir.resolve("one"))).bundle();
        Path second = converter.convert(zip, "", null, null, Files.createDirectories(dir.resolve("two"))).bundle();
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        // whatever the clock said when the libraries were extracted: every entry has the same fixed time
        try (java.util.zip.ZipFile bundle = new java.util.zip.ZipFile(first.toFile())) {
            assertThat(bundle.stream().map(java.util.zip.ZipEntry::getTime).distinct()).hasSize(1);
        }
    }

    @Test
    void anInvalidNameIsRefused() {
        assertThatThrownBy(() -> convert("", "../evil", null)).isInstanceOfSatisfying(AppRefusal.class, r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.detail()).contains("?name=");
        });
    }
}
