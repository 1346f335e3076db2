package io.fnhost.core.internal.keys;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fnhost.spi.KeyScope;

/**
 * All keys of the node at one moment, immutable: {@link FileFunctionKeys} swaps in a new snapshot
 * after each change, so {@link #authorize} reads without locks or I/O.
 */
final class KeySnapshot {
    /** The master key in force: the preset one, else the stored one. */
    final StoredKey master;
    /** The master key in host.json; null when none is stored (possible only while one is preset). */
    final StoredKey storedMaster;
    final List<StoredKey> hostKeys;
    final List<StoredKey> systemKeys;
    /** By lower-case function name. */
    private final Map<String, List<StoredKey>> functionKeys;

    KeySnapshot(StoredKey master, StoredKey storedMaster, List<StoredKey> hostKeys, List<StoredKey> systemKeys,
            Map<String, List<StoredKey>> functionKeys) {
        this.master = master;
        this.storedMaster = storedMaster;
        this.hostKeys = List.copyOf(hostKeys);
        this.systemKeys = List.copyOf(systemKeys);
        this.functionKeys = Collections.unmodifiableMap(new HashMap<>(functionKeys));
    }

    /** The most powerful scope {@code presented} grants for {@code function} (lower case, or null). */
    KeyScope authorize(String function, byte[] presented) {
        if (master.matches(presented)) {
            return KeyScope.MASTER;
        }
        if (StoredKey.anyMatches(hostKeys, presented)) {
            return KeyScope.HOST;
        }
        List<StoredKey> ownKeys = function == null ? null : functionKeys.get(function);
        if (ownKeys != null && StoredKey.anyMatches(ownKeys, presented)) {
            return KeyScope.FUNCTION;
        }
        if (StoredKey.anyMatches(systemKeys, presented)) {
            return KeyScope.SYSTEM;
        }
        return KeyScope.NONE;
    }

    /** The keys of {@code function} (lower case); empty when it has none. */
    List<StoredKey> functionKeys(String function) {
        return functionKeys.getOrDefault(function, List.of());
    }

    /** The keys of every function that has a key file, by lower-case name. */
    Map<String, List<StoredKey>> allFunctionKeys() {
        return functionKeys;
    }

    KeySnapshot withFunctionKeys(String function, List<StoredKey> keys) {
        Map<String, List<StoredKey>> changed = new HashMap<>(functionKeys);
        changed.put(function, List.copyOf(keys));
        return new KeySnapshot(master, storedMaster, hostKeys, systemKeys, changed);
    }

    KeySnapshot withHostKeys(List<StoredKey> keys) {
        return new KeySnapshot(master, storedMaster, keys, systemKeys, functionKeys);
    }

    KeySnapshot withSystemKeys(List<StoredKey> keys) {
        return new KeySnapshot(master, storedMaster, hostKeys, keys, functionKeys);
    }

    /** A new stored master that is also the one in force (only when no master key is preset). */
    KeySnapshot withMaster(StoredKey newMaster) {
        return new KeySnapshot(newMaster, newMaster, hostKeys, systemKeys, functionKeys);
    }
}
