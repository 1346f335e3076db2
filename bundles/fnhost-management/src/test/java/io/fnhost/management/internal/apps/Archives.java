package io.fnhost.management.internal.apps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.fnhost.management.internal.apps.fixture.HelloFunction;
import io.fnhost.management.internal.apps.fixture.lib.Greeting;

/** Builds the archives the tests upload: jars, bundles and Azure staging zips, in memory. */
public final class Archives {
    private Archives() {
    }

    /** A zip of {@code entries} (name -> content). */
    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A jar with {@code headers} in its manifest and {@code entries}. */
    public static byte[] jar(Map<String, String> headers, Map<String, byte[]> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new ZipEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A function app bundle's bytes (manifest only, enough for the inspector and store). */
    public static byte[] bundle(String app, String version) throws IOException {
        return jar(Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "test." + app, "Bundle-Version",
                version, UploadInspector.APP_HEADER, app), Map.of("host.json", utf8("{\"version\":\"2.0\"}")));
    }

    /** The bytes of a compiled test class. */
    public static byte[] classBytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    public static String classPath(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    /**
     * What azure-functions-maven-plugin stages for an app with {@link HelloFunction} in
     * {@code hello-app-1.2-SNAPSHOT.jar}, {@link Greeting} in {@code lib/greeting-lib-1.0.jar}, and
     * Microsoft's library in {@code lib/}; under {@code prefix} ("" or "folder/").
     */
    public static byte[] azurePackage(String prefix) throws IOException {
        byte[] appJar = jar(Map.of(), Map.of(classPath(HelloFunction.class), classBytes(HelloFunction.class),
                "META-INF/maven/com.example/hello-app/pom.properties",
                utf8("groupId=com.example\nartifactId=hello-app\nversion=1.2-SNAPSHOT\n")));
        byte[] libJar = jar(Map.of(), Map.of(classPath(Greeting.class), classBytes(Greeting.class)));
        byte[] azureLib = jar(Map.of(), Map.of("com/microsoft/azure/functions/annotation/Marker.class", new byte[0]));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(prefix + "host.json", utf8("{\"version\":\"2.0\",\"extensions\":{\"http\":{\"routePrefix\":\"api\"}}}"));
        entries.put(prefix + "local.settings.json", utf8("{\"IsEncrypted\":false}"));
        entries.put(prefix + "hello-app-1.2-SNAPSHOT.jar", appJar);
        entries.put(prefix + "lib/greeting-lib-1.0.jar", libJar);
        entries.put(prefix + "lib/azure-functions-java-library-3.2.3.jar", azureLib);
        entries.put(prefix + "hello/function.json", utf8("{\"scriptFile\":\"../hello-app-1.2-SNAPSHOT.jar\","
                + "\"entryPoint\":\"" + HelloFunction.class.getName() + ".run\",\"bindings\":[{\"type\":"
                + "\"httpTrigger\",\"direction\":\"in\",\"name\":\"req\",\"methods\":[\"GET\"],\"authLevel\":"
                + "\"ANONYMOUS\"},{\"type\":\"http\",\"direction\":\"out\",\"name\":\"$return\"}]}"));
        return zip(entries);
    }

    public static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
