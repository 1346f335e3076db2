package io.fnhost.core.internal.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The key files, in the layout and JSON shape of Azure's "files" secret storage
 * ({@code FileSystemSecretsRepository}): {@code host.json} with {@code masterKey},
 * {@code functionKeys} and {@code systemKeys}, and one {@code <function>.json} with {@code keys}
 * per function, every key as {@code {"name", "value", "encrypted": false}}. Function files are
 * named in lower case. On POSIX file systems the directory is created 0700 and files 0600; every
 * write goes to a temporary file created with those permissions and is then moved into place
 * atomically, so a reader never sees a half-written file.
 */
final class KeyFiles {
    static final String HOST_FILE = "host.json";
    /** Azure's name for the master key inside host.json (the API calls it {@code _master}). */
    static final String STORED_MASTER_NAME = "master";
    private static final String JSON = ".json";
    private static final String TEMP_PREFIX = ".fnhost-keys-";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final Logger LOG = LoggerFactory.getLogger(KeyFiles.class);

    /** The host file's content. */
    record HostFile(StoredKey master, List<StoredKey> functionKeys, List<StoredKey> systemKeys) {
    }

    private final Path directory;
    private final boolean posix;

    KeyFiles(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        this.posix = this.directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (Files.isDirectory(this.directory)) {
                warnIfOpen(this.directory, DIRECTORY_PERMISSIONS);
            } else if (posix) {
                Files.createDirectories(this.directory, PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS));
            } else {
                Files.createDirectories(this.directory);
            }
            removeLeftoverTempFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the keys directory " + this.directory + ": " + e.getMessage()
                    + ". Make it writable by the fnhost process or configure another one (PID "
                    + FileFunctionKeys.PID + ", 'directory').", e);
        }
    }

    Path directory() {
        return directory;
    }

    Path hostFile() {
        return directory.resolve(HOST_FILE);
    }

    Path functionFile(String function) {
        return directory.resolve(function + JSON);
    }

    /** The host file, or null when there is none yet. */
    HostFile readHost() {
        JsonObject json = read(hostFile());
        if (json == null) {
            return null;
        }
        StoredKey master = null;
        JsonElement masterJson = json.get("masterKey");
        if (masterJson != null && masterJson.isJsonObject()) {
            master = toKey(hostFile(), masterJson.getAsJsonObject(), STORED_MASTER_NAME);
        }
        return new HostFile(master, keys(hostFile(), json.get("functionKeys")), keys(hostFile(), json.get("systemKeys")));
    }

    /** Every function file, by lower-case function name. */
    Map<String, List<StoredKey>> readFunctions() {
        Map<String, List<StoredKey>> functions = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + JSON)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                if (fileName.equals(HOST_FILE)) {
                    continue;
                }
                String function = fileName.substring(0, fileName.length() - JSON.length());
                if (!function.equals(KeyRules.functionNameOrNull(function))) {
                    // Azure's snapshot files and anything an operator put here that is not ours.
                    LOG.warn("Ignoring {}: not a key file (those are named <function name in lower case>.json)", file);
                    continue;
                }
                JsonObject json = read(file);
                if (json != null) {
                    functions.put(function, keys(file, json.get("keys")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the keys directory " + directory + ": " + e.getMessage(), e);
        }
        return functions;
    }

    void writeHost(StoredKey master, List<StoredKey> functionKeys, List<StoredKey> systemKeys) {
        JsonObject json = new JsonObject();
        if (master != null) {
            json.add("masterKey", toJson(STORED_MASTER_NAME, master.value));
        }
        json.add("functionKeys", toJson(functionKeys));
        json.add("systemKeys", toJson(systemKeys));
        write(hostFile(), json);
    }

    void writeFunction(String function, List<StoredKey> keys) {
        JsonObject json = new JsonObject();
        json.add("keys", toJson(keys));
        write(functionFile(function), json);
    }

    // ---- reading

    private JsonObject read(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            warnIfOpen(file, FILE_PERMISSIONS);
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return null;
            }
            JsonElement json = JsonParser.parseString(text);
            if (!json.isJsonObject()) {
                throw new JsonParseException("not a JSON object");
            }
            return json.getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + file + ": " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException e) {
            // Refusing to start beats overwriting keys that someone may still rely on.
            throw new IllegalStateException("The key file " + file + " is not valid JSON (" + e.getMessage()
                    + "). Fix it, or move it away to have its keys generated anew.", e);
        }
    }

    private static List<StoredKey> keys(Path file, JsonElement array) {
        List<StoredKey> keys = new ArrayList<>();
        if (array == null || !array.isJsonArray()) {
            return keys;
        }
        for (JsonElement element : array.getAsJsonArray()) {
            if (element.isJsonObject()) {
                StoredKey key = toKey(file, element.getAsJsonObject(), null);
                if (key != null && keys.stream().noneMatch(k -> k.name.equalsIgnoreCase(key.name))) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    private static StoredKey toKey(Path file, JsonObject json, String fixedName) {
        String name = fixedName != null ? fixedName : string(json, "name");
        String value = string(json, "value");
        if (name == null || name.isEmpty() || value == null || value.isEmpty()) {
            LOG.warn("Ignoring a key without name or value in {}", file);
            return null;
        }
        JsonElement encrypted = json.get("encrypted");
        if (encrypted != null && encrypted.isJsonPrimitive() && encrypted.getAsBoolean()) {
            // Azure encrypts with its Data Protection keys, which fnhost does not have.
            LOG.warn("Ignoring key '{}' in {}: it is encrypted (copied from Azure?); set a new value for it", name, file);
            return null;
        }
        return new StoredKey(name, value);
    }

    private static String string(JsonObject json, String member) {
        JsonElement element = json.get(member);
        return element != null && element.isJsonPrimitive() ? element.getAsString() : null;
    }

    // ---- writing

    private static JsonArray toJson(List<StoredKey> keys) {
        JsonArray array = new JsonArray();
        for (StoredKey key : keys) {
            array.add(toJson(key.name, key.value));
        }
        return array;
    }

    private static JsonObject toJson(String name, String value) {
        JsonObject json = new JsonObject();
        json.addProperty("name", name);
        json.addProperty("value", value);
        json.addProperty("encrypted", false);
        return json;
    }

    private void write(Path file, JsonObject json) {
        byte[] bytes = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json)
                .getBytes(StandardCharsets.UTF_8);
        Path temp = null;
        try {
            temp = posix
                    ? Files.createTempFile(directory, TEMP_PREFIX, TEMP_SUFFIX, ownerOnly())
                    : Files.createTempFile(directory, TEMP_PREFIX, TEMP_SUFFIX);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the key file " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // removed on the next activation
                }
            }
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS);
    }

    /** Makes the rename durable where the platform allows opening a directory (Linux); best effort elsewhere. */
    private void syncDirectory() {
        if (!posix) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not supported here; the rename itself is still atomic
        }
    }

    private void removeLeftoverTempFiles() throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private void warnIfOpen(Path path, Set<PosixFilePermission> expected) throws IOException {
        if (!posix) {
            return;
        }
        Set<PosixFilePermission> actual = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (!expected.containsAll(actual)) {
            LOG.warn("{} is accessible by other users ({}); keys should be readable only by the fnhost process "
                    + "owner: chmod {} {}", path, PosixFilePermissions.toString(actual),
                    expected.contains(PosixFilePermission.OWNER_EXECUTE) ? "700" : "600", path);
        }
    }
}
