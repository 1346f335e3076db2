package io.fnhost.management.internal.apps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import aQute.bnd.osgi.Analyzer;
import aQute.bnd.osgi.EmbeddedResource;
import aQute.bnd.osgi.FileResource;
import aQute.bnd.osgi.Jar;
import aQute.bnd.version.Version;

/**
 * Turns the folder Azure's Maven plugin stages ({@code host.json}, {@code <fn>/function.json}, the app
 * jar, {@code lib/*.jar}), zipped, into a function app bundle: the app jar's classes at the bundle's
 * root (where the core looks for {@code @FunctionName}), {@code host.json} beside them, the libraries
 * embedded on {@code Bundle-ClassPath}, and {@code Import-Package} computed by bnd's {@link Analyzer}
 * from the classes of the app and its libraries: the Azure packages at the versions fnhost-api
 * exports, everything else the code refers to and nothing embeds as optional. Microsoft's Azure
 * Functions jars in {@code lib/} are dropped: fnhost-api exports their classes.
 */
public final class AzurePackageConverter {
    /** Libraries fnhost-api provides; an app must use those, not its own copy. */
    private static final List<String> PROVIDED_LIBRARIES = List.of("azure-functions-java-library",
            "azure-functions-java-core-library", "azure-functions-java-spi");
    private static final String AZURE_PACKAGES = "com.microsoft.azure.functions";

    /** The bundle written and what it was named. */
    public record Converted(Path bundle, String app, String version) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    /** Package name -> version fnhost-api exports it at ({@code com.microsoft.azure.functions*}). */
    private final Map<String, String> azurePackageVersions;

    public AzurePackageConverter(Map<String, String> azurePackageVersions) {
        this.azurePackageVersions = Map.copyOf(azurePackageVersions);
    }

    /**
     * Converts the validated Azure package in {@code zipFile} (its staging folder under {@code prefix}).
     *
     * @param name the app's name, or null to derive it (the app jar's Maven artifactId)
     * @param version the bundle version, or null to derive it (the app jar's Maven version, OSGi-cleaned)
     * @param workDir an empty folder for the extracted jars and the bundle
     */
    public Converted convert(Path zipFile, String prefix, String name, String version, Path workDir)
            throws AppRefusal, IOException {
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            String appJarName = appJarName(zip, prefix);
            Path appJar = extract(zip, prefix + appJarName, workDir.resolve("app.jar"));
            Properties pom = pomProperties(appJar);
            String app = name != null ? name : pom.getProperty("artifactId", stripVersion(appJarName));
            if (!AppStore.isValidName(app)) {
                throw AppRefusal.badUpload("invalid app name", "'" + app + "' cannot name a function app: use "
                        + "letters, digits, '.', '_' and '-' (start with a letter or digit). Pass ?name=<app>.");
            }
            String rawVersion = version != null ? version : pom.getProperty("version");
            if (rawVersion == null) {
                throw AppRefusal.badUpload("no version", "The app jar " + appJarName + " has no Maven pom.properties "
                        + "to take its version from. Pass ?version=<version>.");
            }
            String bundleVersion = Analyzer.cleanupVersion(rawVersion);
            if (!Version.isVersion(bundleVersion)) {
                throw AppRefusal.badUpload("invalid version", "'" + rawVersion + "' is not a version fnhost can use; "
                        + "pass ?version=<major.minor.micro[.qualifier]>.");
            }
            List<String> classPath = new ArrayList<>();
            classPath.add(".");
            try (Jar bundle = new Jar(appJar.toFile()); Analyzer analyzer = new Analyzer()) {
                // The analyzer's -reproducible does not reach a jar given to it: without this, entries carry the
                // extraction time of the libraries and the same package converted twice differs (a new version).
                bundle.setReproducible("true");
                bundle.remove("META-INF/MANIFEST.MF");
                bundle.putResource("host.json", new EmbeddedResource(read(zip, prefix + "host.json"), 0L));
                for (String lib : libraries(zip, prefix)) {
                    String fileName = lib.substring(lib.lastIndexOf('/') + 1);
                    Path extracted = extract(zip, lib, workDir.resolve("lib-" + fileName));
                    bundle.putResource("lib/" + fileName, new FileResource(extracted));
                    classPath.add("lib/" + fileName);
                }
                analyzer.setJar(bundle);
                analyzer.setProperty("-reproducible", "true");
                analyzer.setProperty("-noextraheaders", "true");
                analyzer.setProperty(Analyzer.BUNDLE_SYMBOLICNAME, symbolicName(pom, app));
                analyzer.setProperty(Analyzer.BUNDLE_VERSION, bundleVersion);
                analyzer.setProperty(Analyzer.BUNDLE_CLASSPATH, String.join(",", classPath));
                analyzer.setProperty(UploadInspector.APP_HEADER, app);
                // Function apps export nothing: a redeploy then refreshes no other bundle.
                analyzer.setProperty(Analyzer.EXPORT_PACKAGE, "");
                analyzer.setProperty(Analyzer.IMPORT_PACKAGE, importInstruction());
                Manifest manifest = analyzer.calcManifest();
                if (!analyzer.getErrors().isEmpty()) {
                    throw new AppRefusal(422, "cannot build bundle", "fnhost could not turn the Azure package into "
                            + "a bundle: " + String.join("; ", analyzer.getErrors()) + ". Publish a bundle built with "
                            + "the fnhost archetype instead.");
                }
                bundle.setManifest(manifest);
                Path out = workDir.resolve(app + "-" + bundleVersion + ".jar");
                bundle.write(out.toFile());
                return new Converted(out, app, bundleVersion);
            } catch (AppRefusal | IOException e) {
                throw e;
            } catch (Exception e) {
                throw new AppRefusal(422, "cannot build bundle", "fnhost could not turn the Azure package into a "
                        + "bundle (" + e + "). Publish a bundle built with the fnhost archetype instead.");
            }
        }
    }

    /** The Azure packages at fnhost-api's versions (compatible minor updates), the rest optional. */
    private String importInstruction() {
        StringBuilder instruction = new StringBuilder();
        azurePackageVersions.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Version v = Version.parseVersion(e.getValue());
            instruction.append(e.getKey()).append(";version=\"[").append(v.getMajor()).append('.')
                    .append(v.getMinor()).append(',').append(v.getMajor() + 1).append(")\",");
        });
        return instruction.append(AZURE_PACKAGES).append(".*,").append("*;resolution:=optional").toString();
    }

    /** The app jar: what the functions' {@code scriptFile} names ({@code ../<jar>}), else the only root jar. */
    private String appJarName(ZipFile zip, String prefix) throws AppRefusal, IOException {
        Set<String> scriptFiles = new LinkedHashSet<>();
        List<String> rootJars = new ArrayList<>();
        for (ZipEntry entry : zip.stream().sorted(Comparator.comparing(ZipEntry::getName)).toList()) {
            String path = entry.getName().substring(Math.min(prefix.length(), entry.getName().length()));
            if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
                continue;
            }
            if (path.matches("[^/]+/function\\.json")) {
                JsonNode json;
                try {
                    json = mapper.readTree(read(zip, entry.getName()));
                } catch (IOException e) {
                    throw AppRefusal.badUpload("invalid function.json", path + " is not valid JSON ("
                            + e.getMessage() + "). Run azure-functions-maven-plugin's package goal again.");
                }
                String script = json == null ? "" : json.path("scriptFile").asText("");
                if (!script.isEmpty()) {
                    scriptFiles.add(script.substring(script.lastIndexOf('/') + 1));
                }
            } else if (!path.contains("/") && path.toLowerCase(Locale.ROOT).endsWith(".jar")) {
                rootJars.add(path);
            }
        }
        if (scriptFiles.size() == 1 && rootJars.contains(scriptFiles.iterator().next())) {
            return scriptFiles.iterator().next();
        }
        if (scriptFiles.isEmpty() && rootJars.size() == 1) {
            return rootJars.get(0);
        }
        throw AppRefusal.badUpload("no app jar", "The Azure Functions package must hold exactly one app jar at its "
                + "root, named by the functions' scriptFile; found jars " + rootJars + " and scriptFiles "
                + scriptFiles + ". Zip the folder azure-functions-maven-plugin's package goal stages, unchanged.");
    }

    private static List<String> libraries(ZipFile zip, String prefix) {
        return zip.stream().map(ZipEntry::getName)
                .filter(n -> n.startsWith(prefix + "lib/") && n.toLowerCase(Locale.ROOT).endsWith(".jar")
                        && n.indexOf('/', prefix.length() + 4) < 0)
                .filter(n -> PROVIDED_LIBRARIES.stream()
                        .noneMatch(p -> n.substring(prefix.length() + 4).startsWith(p + "-")))
                .sorted().toList();
    }

    private static Properties pomProperties(Path jar) throws IOException {
        Properties properties = new Properties();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> poms = zip.stream()
                    .filter(e -> e.getName().matches("META-INF/maven/[^/]+/[^/]+/pom\\.properties")).toList();
            if (poms.size() == 1) {
                try (InputStream in = zip.getInputStream(poms.get(0))) {
                    properties.load(in);
                }
            }
        } catch (java.util.zip.ZipException e) {
            // not a jar: the analyzer refuses it below with its own message
        }
        return properties;
    }

    private static String symbolicName(Properties pom, String app) {
        String group = pom.getProperty("groupId");
        String artifact = pom.getProperty("artifactId");
        return group != null && artifact != null ? group + "." + artifact : "fnhost.app." + app;
    }

    /** {@code contoso-functions-1.0-SNAPSHOT.jar} -> {@code contoso-functions}. */
    private static String stripVersion(String jarName) {
        String base = jarName.substring(0, jarName.length() - ".jar".length());
        return base.replaceFirst("-\\d.*$", "");
    }

    private static byte[] read(ZipFile zip, String name) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    private static Path extract(ZipFile zip, String name, Path target) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            Files.copy(in, target);
        }
        return target;
    }
}
