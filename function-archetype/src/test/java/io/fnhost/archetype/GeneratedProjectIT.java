package io.fnhost.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Checks what archetype:integration-test built from the generated projects (src/test/resources/projects):
 * {@code basic} ran {@code mvn verify}, {@code azure} ran {@code mvn -Pazure package}.
 */
class GeneratedProjectIT {

    private static final Path PROJECTS = Paths.get(System.getProperty("fnhost.archetype.projects", "target/test-classes/projects"));
    private static final Path BASIC = PROJECTS.resolve("basic/project/demo-functions");
    private static final Path AZURE = PROJECTS.resolve("azure/project/demo-functions");
    private static final String JAR = "target/demo-functions-1.0.0.jar";

    @Test
    void theUnitTestOfTheGeneratedFunctionRanAndPassed() throws IOException {
        Path report = BASIC.resolve("target/surefire-reports/TEST-com.example.functions.FunctionTest.xml");
        assertTrue(Files.isRegularFile(report), "no surefire report " + report + ": the generated unit test did not run");
        String xml = Files.readString(report, StandardCharsets.UTF_8);
        assertEquals(3, attribute(xml, "tests"), xml);
        assertEquals(0, attribute(xml, "failures") + attribute(xml, "errors") + attribute(xml, "skipped"), xml);
    }

    @Test
    void theJarIsAFunctionAppBundleImportingTheAzureApiAtFnhostsVersions() throws IOException {
        try (JarFile jar = new JarFile(BASIC.resolve(JAR).toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals("demo", manifest.getValue("Fnhost-FunctionApp"));
            assertEquals("com.example.demo-functions", manifest.getValue("Bundle-SymbolicName"));
            assertEquals("1.0.0", manifest.getValue("Bundle-Version"));
            String imports = manifest.getValue("Import-Package");
            assertTrue(imports.contains("com.microsoft.azure.functions;version=\"[1.3,2)\""), imports);
            assertTrue(imports.contains("com.microsoft.azure.functions.annotation;version=\"[3.2,4)\""), imports);

            assertNotNull(jar.getEntry("com/example/functions/Function.class"));
            // the API comes from the node, never from the app
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("com/microsoft/")), "the Azure API is embedded");
            // no libraries, nothing embedded: the jar is the app's classes and host.json
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("lib/")), "a jar without libraries has a lib/");
            assertNull(manifest.getValue("Bundle-ClassPath"), "a jar without libraries needs no Bundle-ClassPath");
            String hostJson = new String(jar.getInputStream(jar.getEntry("host.json")).readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("2.0", JsonParser.parseString(hostJson).getAsJsonObject().get("version").getAsString());
        }
    }

    @Test
    void theGeneratedPomNamesThisBuildsPublishPlugin() throws IOException {
        String pom = Files.readString(BASIC.resolve("pom.xml"), StandardCharsets.UTF_8);
        String expected = "<fnhost.version>" + System.getProperty("fnhost.version") + "</fnhost.version>";
        assertTrue(pom.contains(expected), "generated pom lacks " + expected);
        assertFalse(pom.contains("@project.version@"), "the archetype's pom was not filtered");
        assertTrue(pom.contains("<functionAppName>demo</functionAppName>"), "appName did not reach the pom");
    }

    @Test
    void fnhostPublishResolvesByItsPrefixInTheGeneratedProject() throws IOException {
        // goal.txt ran "fnhost:publish -Dfnhost.publish.skip=true": the plugin of this build was found and ran
        String log = Files.readString(BASIC.resolve("build.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("fnhost-maven-plugin:" + System.getProperty("fnhost.version") + ":publish"), "publish did not run");
        assertTrue(log.contains("Publishing skipped (fnhost.publish.skip)"), "publish did not run");
    }

    @Test
    void theAzureProfilePackagesTheSameCodeWithFunctionJson() throws IOException {
        Path staging = AZURE.resolve("target/azure-functions/demo");
        assertTrue(Files.isRegularFile(staging.resolve("host.json")), "no host.json in " + staging);
        assertTrue(Files.isRegularFile(staging.resolve("demo-functions-1.0.0.jar")), "no app jar in " + staging);
        try (JarFile jar = new JarFile(staging.resolve("demo-functions-1.0.0.jar").toFile())) {
            // the profile makes the Azure API a compile dependency: it must still not be embedded
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("lib/")), "the Azure package's jar has a lib/");
        }

        JsonObject function = JsonParser.parseString(
                Files.readString(staging.resolve("HttpExample/function.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals("../demo-functions-1.0.0.jar", function.get("scriptFile").getAsString());
        assertEquals("com.example.functions.Function.run", function.get("entryPoint").getAsString());

        JsonArray bindings = function.getAsJsonArray("bindings");
        assertEquals(2, bindings.size(), bindings.toString());
        JsonObject trigger = bindings.get(0).getAsJsonObject();
        assertEquals("httpTrigger", trigger.get("type").getAsString());
        assertEquals("in", trigger.get("direction").getAsString());
        assertEquals("req", trigger.get("name").getAsString());
        assertEquals("ANONYMOUS", trigger.get("authLevel").getAsString());
        assertEquals(List.of("GET", "POST"), trigger.getAsJsonArray("methods").asList().stream()
                .map(e -> e.getAsString()).toList());
        JsonObject output = bindings.get(1).getAsJsonObject();
        assertEquals("http", output.get("type").getAsString());
        assertEquals("out", output.get("direction").getAsString());
        assertEquals("$return", output.get("name").getAsString());
    }

    private static int attribute(String xml, String name) {
        Matcher m = Pattern.compile("<testsuite[^>]*\\s" + name + "=\"(\\d+)\"").matcher(xml);
        assertTrue(m.find(), "no " + name + " in the report");
        return Integer.parseInt(m.group(1));
    }
}
