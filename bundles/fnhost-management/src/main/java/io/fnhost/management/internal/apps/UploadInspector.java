package io.fnhost.management.internal.apps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Looks at an uploaded file before anything is installed: is it a zip at all, is it safe to open
 * (entry count, inflated size and compression ratio bounded, so a zip bomb is refused; no entry name
 * that escapes its folder), and which of the two accepted layouts it is: a function app bundle, or
 * the folder Azure's Maven plugin stages ({@code host.json}, {@code <fn>/function.json}, the app jar,
 * {@code lib/}). Every entry is inflated once, counting real bytes: headers that lie about sizes do
 * not get past it.
 */
public final class UploadInspector {
    static final String APP_HEADER = "Fnhost-FunctionApp";
    private static final byte[] ZIP_MAGIC = { 'P', 'K', 3, 4 };
    /** Ratios are only judged above this many inflated bytes: tiny files compress absurdly well. */
    private static final long RATIO_THRESHOLD_BYTES = 1L << 20;
    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");

    /** Bounds on what an upload may inflate to. */
    public record Limits(int maxEntries, long maxUncompressedBytes, int maxCompressionRatio) {
    }

    /** The two layouts fnhost accepts. */
    public enum Layout {
        /** A function app bundle: manifest with {@code Fnhost-FunctionApp} and {@code Bundle-SymbolicName}. */
        BUNDLE,
        /** Azure's Maven plugin staging folder, zipped; {@link Inspection#prefix} is its top folder, if any. */
        AZURE_ZIP
    }

    /** What the inspection found. {@code prefix} is "" or the single top folder (ending in '/') of an Azure zip. */
    public record Inspection(Layout layout, String prefix, List<String> entries) {
    }

    private final Limits limits;

    public UploadInspector(Limits limits) {
        this.limits = limits;
    }

    /** Inspects {@code file}; throws a 400 refusal naming the problem and the fix. */
    public Inspection inspect(Path file) throws AppRefusal, IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(ZIP_MAGIC.length);
        }
        if (head.length < ZIP_MAGIC.length || !java.util.Arrays.equals(head, ZIP_MAGIC)) {
            throw AppRefusal.badUpload("not a jar or zip", "The upload is not a zip file (a jar is a zip). Send "
                    + "the function app bundle (target/<app>.jar, Content-Type: application/java-archive) or the "
                    + "zipped folder Azure's Maven plugin stages (target/azure-functions/<app>, Content-Type: "
                    + "application/zip).");
        }
        List<String> names = new ArrayList<>();
        Manifest manifest = null;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            long fileSize = Files.size(file);
            long total = 0;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (names.size() >= limits.maxEntries()) {
                    throw tooBig("more than " + limits.maxEntries() + " entries", "maxEntries");
                }
                checkName(entry.getName());
                names.add(entry.getName());
                if (entry.isDirectory()) {
                    continue;
                }
                long inflated = 0;
                byte[] buffer = new byte[8192];
                try (InputStream in = zip.getInputStream(entry)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        inflated += n;
                        total += n;
                        if (total > limits.maxUncompressedBytes()) {
                            throw tooBig("more than " + limits.maxUncompressedBytes() + " bytes uncompressed",
                                    "maxUncompressedBytes");
                        }
                        long compressed = Math.max(1, entry.getCompressedSize());
                        if (inflated > RATIO_THRESHOLD_BYTES && inflated / compressed > limits.maxCompressionRatio()) {
                            throw tooBig("an entry (" + entry.getName() + ") compressed more than "
                                    + limits.maxCompressionRatio() + ":1", "maxCompressionRatio");
                        }
                    }
                }
                if (total > RATIO_THRESHOLD_BYTES && total / Math.max(1, fileSize) > limits.maxCompressionRatio()) {
                    throw tooBig("content compressed more than " + limits.maxCompressionRatio() + ":1",
                            "maxCompressionRatio");
                }
                if (entry.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        manifest = new Manifest(in);
                    }
                }
            }
        } catch (ZipException e) {
            throw AppRefusal.badUpload("not a jar or zip", "The upload starts like a zip but cannot be read as one ("
                    + e.getMessage() + "); it may be truncated. Build it again and send the whole file.");
        }
        return classify(manifest, names);
    }

    private Inspection classify(Manifest manifest, List<String> names) throws AppRefusal {
        String app = manifest == null ? null : manifest.getMainAttributes().getValue(APP_HEADER);
        if (app != null && !app.isBlank()) {
            String bsn = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null || bsn.isBlank()) {
                throw AppRefusal.badUpload("not a bundle", "The jar has the header " + APP_HEADER
                        + " but no Bundle-SymbolicName: it is not an OSGi bundle. Build it with bnd-maven-plugin as "
                        + "the fnhost archetype does.");
            }
            return new Inspection(Layout.BUNDLE, "", names);
        }
        String prefix = azurePrefix(names);
        if (prefix == null) {
            if (manifest != null) {
                throw AppRefusal.badUpload("not a function app", "The jar's manifest lacks the header " + APP_HEADER
                        + ": <app-name>. Build the app from the fnhost archetype (or add the header in bnd.bnd), or "
                        + "send the zipped folder that azure-functions-maven-plugin's package goal stages.");
            }
            throw AppRefusal.badUpload("not a function app", "The zip is neither a function app bundle (no "
                    + "META-INF/MANIFEST.MF with " + APP_HEADER + ") nor an Azure Functions package (no host.json at "
                    + "its root). Zip the folder target/azure-functions/<app> that azure-functions-maven-plugin's "
                    + "package goal writes, or send the function app bundle.");
        }
        boolean functionJson = names.stream().anyMatch(n -> n.startsWith(prefix)
                && n.substring(prefix.length()).matches("[^/]+/function\\.json"));
        if (!functionJson) {
            throw AppRefusal.badUpload("no function.json", "The Azure Functions package has host.json but no "
                    + "<function>/function.json. Run azure-functions-maven-plugin's package goal (it writes one "
                    + "folder per @FunctionName) and zip its output folder again.");
        }
        return new Inspection(Layout.AZURE_ZIP, prefix, names);
    }

    /** "" when host.json is at the root, "<dir>/" when the zip holds the staging folder itself, else null. */
    private static String azurePrefix(List<String> names) {
        if (names.contains("host.json")) {
            return "";
        }
        Set<String> tops = new HashSet<>();
        for (String n : names) {
            int slash = n.indexOf('/');
            tops.add(slash < 0 ? n : n.substring(0, slash + 1));
        }
        if (tops.size() == 1) {
            String top = tops.iterator().next();
            if (top.endsWith("/") && names.contains(top + "host.json")) {
                return top;
            }
        }
        return null;
    }

    private static void checkName(String name) throws AppRefusal {
        boolean escapes = name.startsWith("/") || name.startsWith("\\") || name.contains("\\")
                || DRIVE_LETTER.matcher(name).matches() || name.indexOf('\0') >= 0;
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                escapes = true;
            }
        }
        if (escapes) {
            throw AppRefusal.badUpload("unsafe entry path", "The archive has an entry whose path leaves its folder ('"
                    + name + "'): absolute paths, drive letters, backslashes and '..' are refused. Build the archive "
                    + "with the jar tool or Maven, not by hand.");
        }
    }

    private AppRefusal tooBig(String what, String setting) {
        return new AppRefusal(413, "archive too large", "The archive has " + what + ", beyond this node's limit "
                + "(configuration io.fnhost.management.Apps, " + setting + "); a zip bomb is refused this way. "
                + "Remove what the app does not need, or raise the limit if the app is genuine.");
    }
}
