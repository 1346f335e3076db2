package io.fnhost.benchmarks.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * An app version the converge benchmark publishes: the jar, its SHA-256 and {@code Bundle-Version} (what the
 * nodes report once they run it) and the body its HTTP function answers (what a caller sees once it runs).
 */
record Artifact(Path jar, String sha256, String version, String body) {

    /** Reads the jar's digest and manifest version. */
    static Artifact of(Path jar, String body) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no such jar: " + jar);
        }
        String version;
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            version = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
        }
        if (version == null) {
            throw new IllegalArgumentException(jar + " has no Bundle-Version: not a function app bundle");
        }
        try {
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
            return new Artifact(jar, sha256, version, body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The jar's file name, for the report. */
    String name() {
        return jar.getFileName().toString();
    }
}
