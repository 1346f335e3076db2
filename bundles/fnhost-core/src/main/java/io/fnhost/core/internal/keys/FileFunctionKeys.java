package io.fnhost.core.internal.keys;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.KeyDTO;
import io.fnhost.spi.KeyReplication;
import io.fnhost.spi.KeyScope;

/**
 * The node's keys, kept in files as Azure's "files" secret storage keeps them (see {@link KeyFiles})
 * and cached in memory as an immutable {@link KeySnapshot}: {@link #authorize} reads the current
 * snapshot without locks or I/O; changes are serialised, written through to disk, then published.
 * <p>
 * On activation the files are read; when there is no {@code host.json} yet, the master key (unless
 * preset) and the host's {@code default} key are generated and written, as Azure does when it first
 * creates host secrets, so an operator can read the master key from the file at once. A function's
 * {@code default} key is generated on the first read of its keys, as in Azure.
 * <p>
 * The master key can be preset by the environment variable {@value #MASTER_KEY_VARIABLE} (wins) or
 * by the configuration's {@code masterKey}; a preset key is never written to disk and cannot be
 * changed through this service. Azure's status semantics for the master key are kept: generating a
 * new one reports {@code created} (201), setting a given value does not (200).
 */
@Component(service = { FunctionKeys.class, KeyReplication.class }, configurationPid = FileFunctionKeys.PID)
@Designate(ocd = FileFunctionKeys.Config.class)
public final class FileFunctionKeys implements FunctionKeys, KeyReplication {
    /** The configuration PID. */
    public static final String PID = "io.fnhost.core.FunctionKeys";
    /** The environment variable that presets the master key. */
    public static final String MASTER_KEY_VARIABLE = "FNHOST_MASTER_KEY";
    private static final String DELETE_MASTER_MESSAGE = "Cannot delete System Key.";
    private static final Logger LOG = LoggerFactory.getLogger(FileFunctionKeys.class);

    @ObjectClassDefinition(id = PID, name = "fnhost keys",
            description = "Where the node keeps its function, host, system and master keys, and an optional "
                    + "preset master key.")
    public @interface Config {
        @AttributeDefinition(name = "Keys directory", description = "Absolute path of the directory holding "
                + "host.json and <function>.json. Empty means ${karaf.data}/fnhost/keys (outside Karaf: the "
                + "core bundle's data area). Created readable by the process owner only.")
        String directory() default "";

        @AttributeDefinition(name = "Master key", type = AttributeType.PASSWORD, description = "Presets the "
                + "master key (at least 16 printable ASCII characters); it is then never written to disk and "
                + "cannot be changed through the admin API. Empty: the master key is generated and kept in "
                + "host.json. The environment variable FNHOST_MASTER_KEY wins over this setting.")
        String masterKey() default "";
    }

    private final Object writeLock = new Object();
    private final KeyFiles files;
    private final IdentifiableSecretGenerator generator;
    /** Where a preset master key comes from; null when the master key is not preset. */
    private final String presetOrigin;
    /** How to change a preset master key, for the message of a refused change. */
    private final String presetChange;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private volatile KeySnapshot snapshot;

    @Activate
    public FileFunctionKeys(BundleContext context, Config config) {
        this(keysDirectory(context, config), config.masterKey(), System.getenv());
    }

    /**
     * @param directory         the keys directory
     * @param configuredMaster  the configuration's master key; empty or null for none
     * @param environment       the process environment (a seam for tests)
     */
    FileFunctionKeys(Path directory, String configuredMaster, Map<String, String> environment) {
        this.generator = new IdentifiableSecretGenerator(new SecureRandom());
        String fromEnvironment = environment.get(MASTER_KEY_VARIABLE);
        String preset;
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            presetOrigin = "the environment variable " + MASTER_KEY_VARIABLE;
            presetChange = "change it there and restart the node";
            preset = checkPreset(fromEnvironment);
        } else if (configuredMaster != null && !configuredMaster.isBlank()) {
            presetOrigin = "the configuration " + PID + " (masterKey)";
            presetChange = "change it there, e.g. with 'config:property-set -p " + PID + " masterKey <value>'";
            preset = checkPreset(configuredMaster);
        } else {
            preset = null;
            presetOrigin = null;
            presetChange = null;
        }
        this.files = new KeyFiles(directory);
        this.snapshot = load(preset);
    }

    private String checkPreset(String value) {
        try {
            return KeyRules.checkValue(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The master key preset by " + presetOrigin + " is not usable: "
                    + e.getMessage(), e);
        }
    }

    private KeySnapshot load(String preset) {
        KeyFiles.HostFile host = files.readHost();
        Map<String, List<StoredKey>> functionKeys = files.readFunctions();
        StoredKey storedMaster = host == null ? null : host.master();
        List<StoredKey> hostKeys = host == null ? new ArrayList<>() : host.functionKeys();
        List<StoredKey> systemKeys = host == null ? List.of() : host.systemKeys();
        boolean write = false;
        if (host == null) {
            hostKeys.add(new StoredKey(DEFAULT, generator.functionKey()));
            write = true;
            LOG.info("Created host key '{}'", DEFAULT);
        }
        if (preset == null && storedMaster == null) {
            storedMaster = new StoredKey(KeyFiles.STORED_MASTER_NAME, generator.masterKey());
            write = true;
            LOG.info("Created the master key; it is in {}", files.hostFile());
        }
        if (write) {
            files.writeHost(storedMaster, hostKeys, systemKeys);
        }
        StoredKey master = preset == null ? storedMaster : new StoredKey(KeyFiles.STORED_MASTER_NAME, preset);
        if (preset != null) {
            LOG.info("The master key is preset by {}", presetOrigin);
        }
        LOG.info("Keys of {} function(s) in {}", functionKeys.size(), files.directory());
        return new KeySnapshot(master, storedMaster, hostKeys, systemKeys, functionKeys);
    }

    private static Path keysDirectory(BundleContext context, Config config) {
        if (!config.directory().isBlank()) {
            return Path.of(config.directory().trim());
        }
        String karafData = context.getProperty("karaf.data");
        if (karafData != null && !karafData.isBlank()) {
            return Path.of(karafData, "fnhost", "keys");
        }
        File dataArea = context.getDataFile("keys");
        if (dataArea == null) {
            throw new IllegalStateException("No keys directory: the framework has no karaf.data property and no "
                    + "bundle data area; configure one (PID " + PID + ", 'directory').");
        }
        return dataArea.toPath();
    }

    // ---- FunctionKeys

    @Override
    public KeyScope authorize(String function, String key) {
        if (key == null || key.isEmpty()) {
            return KeyScope.NONE;
        }
        // Only valid names have keys, so an invalid one simply finds none: no validation on the hot path.
        String functionName = function == null ? null : function.toLowerCase(Locale.ROOT);
        return snapshot.authorize(functionName, key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<KeyDTO> functionKeys(String function) {
        String name = KeyRules.functionName(function);
        List<StoredKey> keys = snapshot.functionKeys(name);
        if (keys.isEmpty()) {
            boolean created = false;
            synchronized (writeLock) {
                keys = snapshot.functionKeys(name);
                if (keys.isEmpty()) {
                    keys = List.of(new StoredKey(DEFAULT, generator.functionKey()));
                    files.writeFunction(name, keys);
                    snapshot = snapshot.withFunctionKeys(name, keys);
                    LOG.info("Created key '{}' of function '{}'", DEFAULT, name);
                    created = true;
                }
            }
            if (created) {
                changed();
            }
        }
        return toDTOs(keys);
    }

    @Override
    public KeyDTO putFunctionKey(String function, String name, String value) {
        String functionName = KeyRules.functionName(function);
        KeyRules.checkKeyName(name);
        String newValue = value == null ? generator.functionKey() : KeyRules.checkValue(value);
        StoredKey key = new StoredKey(name, newValue);
        boolean created;
        synchronized (writeLock) {
            List<StoredKey> keys = new ArrayList<>(snapshot.functionKeys(functionName));
            created = replace(keys, key);
            files.writeFunction(functionName, keys);
            snapshot = snapshot.withFunctionKeys(functionName, keys);
        }
        LOG.info("{} key '{}' of function '{}'", created ? "Created" : "Updated", name, functionName);
        changed();
        return key.toDTO(name, created);
    }

    @Override
    public boolean deleteFunctionKey(String function, String name) {
        String functionName = KeyRules.functionName(function);
        checkDeletable(name);
        synchronized (writeLock) {
            List<StoredKey> keys = new ArrayList<>(snapshot.functionKeys(functionName));
            if (!keys.removeIf(k -> k.name.equalsIgnoreCase(name))) {
                return false;
            }
            files.writeFunction(functionName, keys);
            snapshot = snapshot.withFunctionKeys(functionName, keys);
        }
        LOG.info("Deleted key '{}' of function '{}'", name, functionName);
        changed();
        return true;
    }

    @Override
    public List<KeyDTO> hostKeys(HostKeyKind kind) {
        if (kind == HostKeyKind.SYSTEM_KEYS) {
            return toDTOs(snapshot.systemKeys);
        }
        List<StoredKey> keys = snapshot.hostKeys;
        if (keys.isEmpty()) {
            boolean created = false;
            synchronized (writeLock) {
                keys = snapshot.hostKeys;
                if (keys.isEmpty()) {
                    keys = List.of(new StoredKey(DEFAULT, generator.functionKey()));
                    KeySnapshot changed = snapshot.withHostKeys(keys);
                    writeHost(changed);
                    snapshot = changed;
                    LOG.info("Created host key '{}'", DEFAULT);
                    created = true;
                }
            }
            if (created) {
                changed();
            }
        }
        return toDTOs(keys);
    }

    @Override
    public KeyDTO putHostKey(HostKeyKind kind, String name, String value) {
        if (kind == HostKeyKind.FUNCTION_KEYS && KeyRules.isMaster(name)) {
            return putMasterKey(value);
        }
        KeyRules.checkKeyName(name);
        String newValue = value != null ? KeyRules.checkValue(value)
                : kind == HostKeyKind.SYSTEM_KEYS ? generator.systemKey() : generator.functionKey();
        StoredKey key = new StoredKey(name, newValue);
        boolean created;
        synchronized (writeLock) {
            List<StoredKey> keys = new ArrayList<>(hostKeysOf(snapshot, kind));
            created = replace(keys, key);
            KeySnapshot changed = kind == HostKeyKind.SYSTEM_KEYS ? snapshot.withSystemKeys(keys)
                    : snapshot.withHostKeys(keys);
            writeHost(changed);
            snapshot = changed;
        }
        LOG.info("{} {} key '{}'", created ? "Created" : "Updated", describe(kind), name);
        changed();
        return key.toDTO(name, created);
    }

    @Override
    public boolean deleteHostKey(HostKeyKind kind, String name) {
        checkDeletable(name);
        synchronized (writeLock) {
            List<StoredKey> keys = new ArrayList<>(hostKeysOf(snapshot, kind));
            if (!keys.removeIf(k -> k.name.equalsIgnoreCase(name))) {
                return false;
            }
            KeySnapshot changed = kind == HostKeyKind.SYSTEM_KEYS ? snapshot.withSystemKeys(keys)
                    : snapshot.withHostKeys(keys);
            writeHost(changed);
            snapshot = changed;
        }
        LOG.info("Deleted {} key '{}'", describe(kind), name);
        changed();
        return true;
    }

    @Override
    public KeyDTO masterKey() {
        return snapshot.master.toDTO(MASTER, false);
    }

    // ---- KeyReplication

    @Override
    public String exportKeys() {
        return KeyDocument.of(snapshot, presetOrigin != null).toJson();
    }

    @Override
    public void importKeys(String document) {
        KeyDocument imported = KeyDocument.parse(document);
        List<String> changes = new ArrayList<>();
        synchronized (writeLock) {
            KeySnapshot current = snapshot;
            StoredKey storedMaster = current.storedMaster;
            StoredKey master = current.master;
            if (imported.master() != null && presetOrigin == null
                    && (storedMaster == null || !storedMaster.value.equals(imported.master()))) {
                storedMaster = new StoredKey(KeyFiles.STORED_MASTER_NAME, imported.master());
                master = storedMaster;
                changes.add("master");
            }
            boolean hostChanged = !KeyDocument.same(current.hostKeys, imported.host());
            boolean systemChanged = !KeyDocument.same(current.systemKeys, imported.system());
            if (hostChanged) {
                changes.add("host");
            }
            if (systemChanged) {
                changes.add("system");
            }
            Map<String, List<StoredKey>> functions = new java.util.HashMap<>(current.allFunctionKeys());
            Set<String> names = new TreeSet<>(functions.keySet());
            names.addAll(imported.functions().keySet());
            for (String function : names) {
                List<StoredKey> wanted = imported.functions().getOrDefault(function, List.of());
                if (!KeyDocument.same(current.functionKeys(function), wanted)) {
                    files.writeFunction(function, wanted);
                    functions.put(function, List.copyOf(wanted));
                    changes.add("function " + function);
                }
            }
            if (changes.isEmpty()) {
                return;
            }
            KeySnapshot next = new KeySnapshot(master, storedMaster, imported.host(), imported.system(), functions);
            if (hostChanged || systemChanged || changes.contains("master")) {
                writeHost(next);
            }
            snapshot = next;
        }
        LOG.info("Took over the cluster's keys: {} changed", String.join(", ", changes));
    }

    @Override
    public AutoCloseable onChange(Runnable listener) {
        changeListeners.add(listener);
        return () -> changeListeners.remove(listener);
    }

    /** Tells the listeners; one failing listener neither fails the change nor keeps the others from hearing. */
    private void changed() {
        for (Runnable listener : changeListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A key change listener failed: {}", e.toString());
            }
        }
    }

    // ---- internals

    private KeyDTO putMasterKey(String value) {
        if (presetOrigin != null) {
            throw new IllegalStateException("The master key is preset by " + presetOrigin + "; " + presetChange + ".");
        }
        // As Azure's SetMasterKeyAsync: a generated key is reported as created, a given value as updated.
        boolean generated = value == null;
        StoredKey master = new StoredKey(KeyFiles.STORED_MASTER_NAME,
                generated ? generator.masterKey() : KeyRules.checkValue(value));
        synchronized (writeLock) {
            KeySnapshot changed = snapshot.withMaster(master);
            writeHost(changed);
            snapshot = changed;
        }
        LOG.info("{} the master key", generated ? "Generated" : "Set");
        changed();
        return master.toDTO(MASTER, generated);
    }

    private static void checkDeletable(String name) {
        if (KeyRules.isMaster(name)) {
            throw new IllegalArgumentException(DELETE_MASTER_MESSAGE);
        }
        KeyRules.checkKeyName(name);
    }

    /** Replaces the key of the same name (case-insensitive, as Azure) or appends it; true when appended. */
    private static boolean replace(List<StoredKey> keys, StoredKey key) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).name.equalsIgnoreCase(key.name)) {
                keys.set(i, key);
                return false;
            }
        }
        keys.add(key);
        return true;
    }

    private static List<StoredKey> hostKeysOf(KeySnapshot snapshot, HostKeyKind kind) {
        return kind == HostKeyKind.SYSTEM_KEYS ? snapshot.systemKeys : snapshot.hostKeys;
    }

    private void writeHost(KeySnapshot keys) {
        files.writeHost(keys.storedMaster, keys.hostKeys, keys.systemKeys);
    }

    private static String describe(HostKeyKind kind) {
        return kind == HostKeyKind.SYSTEM_KEYS ? "system" : "host";
    }

    private static List<KeyDTO> toDTOs(List<StoredKey> keys) {
        List<KeyDTO> dtos = new ArrayList<>(keys.size());
        for (StoredKey key : keys) {
            dtos.add(key.toDTO());
        }
        return dtos;
    }
}
