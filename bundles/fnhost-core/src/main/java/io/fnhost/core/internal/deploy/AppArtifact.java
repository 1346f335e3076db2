package io.fnhost.core.internal.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** A function app jar as offered for deployment: its manifest identity and content hash. */
record AppArtifact(Path file, String appName, String symbolicName, String version, String sha256) {
    static final String HEADER = "Fnhost-FunctionApp";

    /** Whether {@code file} is a jar whose manifest names a function app; cheap, for FileInstall's polls. */
    static boolean isFunctionApp(Path file) {
        if (!file.getFileName().toString().endsWith(".jar") || !Files.isRegularFile(file)) {
            return false;
        }
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            Manifest manifest = jar.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue(HEADER) != null;
        } catch (IOException e) {
            return false;
        }
    }

    static AppArtifact read(Path file) throws DeployException {
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            manifest = jar.getManifest();
        } catch (IOException e) {
            throw new DeployException(file.getFileName() + " is not a readable jar (" + e.getMessage()
                    + "); build the function app with its Maven build and copy the jar again");
        }
        Attributes main = manifest == null ? null : manifest.getMainAttributes();
        String app = main == null ? null : main.getValue(HEADER);
        if (app == null || app.isBlank()) {
            throw new DeployException(file.getFileName() + " is not a function app: its manifest lacks the header "
                    + HEADER + ": <app-name>; build it from the fnhost archetype or add the header in bnd.bnd");
        }
        String bsn = main.getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank()) {
            throw new DeployException(file.getFileName() + " is not an OSGi bundle (no Bundle-SymbolicName); "
                    + "build it with bnd-maven-plugin as the fnhost archetype does");
        }
        String version = main.getValue("Bundle-Version");
        return new AppArtifact(file, app.trim(), bsn.split(";")[0].trim(), version == null ? "0.0.0" : version.trim(),
                sha256(file));
    }

    private static String sha256(Path file) throws DeployException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStreamSink.INSTANCE);
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new DeployException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    /** Discards bytes; the digest stream computes the hash on the way. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
