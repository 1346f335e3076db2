package io.fnhost.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.Bundle;

/**
 * Finds the classes of an app bundle that declare {@code @FunctionName} methods. Like Azure's Maven
 * plugin it looks at the app's own classes only, not embedded libraries; a class file is loaded only
 * when its bytes mention the annotation, so large apps do not load every class at deploy time.
 */
final class AppClassScanner {
    private static final byte[] MARKER = "Lcom/microsoft/azure/functions/annotation/FunctionName;"
            .getBytes(StandardCharsets.UTF_8);

    /** A class the scanner could not load, with the reason. */
    record Failure(String className, Throwable error) {
    }

    final List<Class<?>> classes = new ArrayList<>();
    final List<Failure> failures = new ArrayList<>();

    AppClassScanner scan(Bundle bundle) {
        Enumeration<URL> entries = bundle.findEntries("/", "*.class", true);
        while (entries != null && entries.hasMoreElements()) {
            URL entry = entries.nextElement();
            String path = entry.getPath();
            if (path.startsWith("/")) {
                path = path.substring(1);
            }
            if (path.startsWith("META-INF/") || path.endsWith("module-info.class") || path.endsWith("package-info.class")) {
                continue;
            }
            String className = path.substring(0, path.length() - ".class".length()).replace('/', '.');
            try {
                if (!mentionsFunctionName(entry)) {
                    continue;
                }
                classes.add(bundle.loadClass(className));
            } catch (IOException | ClassNotFoundException | LinkageError e) {
                failures.add(new Failure(className, e));
            }
        }
        return this;
    }

    private static boolean mentionsFunctionName(URL entry) throws IOException {
        byte[] bytes;
        try (InputStream in = entry.openStream()) {
            bytes = in.readAllBytes();
        }
        outer:
        for (int i = 0; i <= bytes.length - MARKER.length; i++) {
            for (int j = 0; j < MARKER.length; j++) {
                if (bytes[i + j] != MARKER[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
