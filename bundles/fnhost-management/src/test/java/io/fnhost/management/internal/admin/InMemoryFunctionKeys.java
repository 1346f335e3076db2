package io.fnhost.management.internal.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.KeyDTO;
import io.fnhost.spi.KeyScope;

/** {@link FunctionKeys} in maps, with the SPI's documented rules (reserved names, preset master key). */
final class InMemoryFunctionKeys implements FunctionKeys {
    private final Map<String, Map<String, String>> functionKeys = new LinkedHashMap<>();
    private final Map<String, String> hostKeys = new LinkedHashMap<>();
    private final Map<String, String> systemKeys = new LinkedHashMap<>();
    private final AtomicInteger generated = new AtomicInteger();
    private String master;
    /** As {@code FNHOST_MASTER_KEY}: the master key cannot be changed through the API. */
    volatile boolean masterPreset;

    InMemoryFunctionKeys(String master) {
        this.master = master;
    }

    @Override
    public synchronized KeyScope authorize(String function, String key) {
        if (key == null || key.isEmpty()) {
            return KeyScope.NONE;
        }
        if (key.equals(master)) {
            return KeyScope.MASTER;
        }
        if (systemKeys.containsValue(key)) {
            return KeyScope.SYSTEM;
        }
        if (hostKeys.containsValue(key)) {
            return KeyScope.HOST;
        }
        if (function != null && keysOf(function).containsValue(key)) {
            return KeyScope.FUNCTION;
        }
        return KeyScope.NONE;
    }

    @Override
    public synchronized List<KeyDTO> functionKeys(String function) {
        Map<String, String> keys = keysOf(function);
        keys.computeIfAbsent(DEFAULT, n -> generate());
        return list(keys);
    }

    @Override
    public synchronized KeyDTO putFunctionKey(String function, String name, String value) {
        checkName(name);
        return put(keysOf(function), name, value);
    }

    @Override
    public synchronized boolean deleteFunctionKey(String function, String name) {
        checkName(name);
        return keysOf(function).remove(name) != null;
    }

    @Override
    public synchronized List<KeyDTO> hostKeys(HostKeyKind kind) {
        if (kind == HostKeyKind.FUNCTION_KEYS) {
            hostKeys.computeIfAbsent(DEFAULT, n -> generate());
        }
        return list(kind == HostKeyKind.FUNCTION_KEYS ? hostKeys : systemKeys);
    }

    @Override
    public synchronized KeyDTO putHostKey(HostKeyKind kind, String name, String value) {
        if (kind == HostKeyKind.FUNCTION_KEYS && MASTER.equals(name)) {
            if (masterPreset) {
                throw new IllegalStateException("The master key is preset by FNHOST_MASTER_KEY; change it there.");
            }
            master = value == null ? generate() : value;
            return key(MASTER, master, false);
        }
        checkName(name);
        return put(kind == HostKeyKind.FUNCTION_KEYS ? hostKeys : systemKeys, name, value);
    }

    @Override
    public synchronized boolean deleteHostKey(HostKeyKind kind, String name) {
        checkName(name);
        return (kind == HostKeyKind.FUNCTION_KEYS ? hostKeys : systemKeys).remove(name) != null;
    }

    @Override
    public synchronized KeyDTO masterKey() {
        return key(MASTER, master, false);
    }

    synchronized String functionKey(String function, String name) {
        return keysOf(function).get(name);
    }

    synchronized String hostKey(String name) {
        return hostKeys.get(name);
    }

    private Map<String, String> keysOf(String function) {
        return functionKeys.computeIfAbsent(function.toLowerCase(Locale.ROOT), f -> new LinkedHashMap<>());
    }

    private KeyDTO put(Map<String, String> keys, String name, String value) {
        boolean created = !keys.containsKey(name);
        String secret = value == null ? generate() : value;
        keys.put(name, secret);
        return key(name, secret, created);
    }

    private static void checkName(String name) {
        if (name.startsWith("_")) {
            throw new IllegalArgumentException("Key names starting with '_' are reserved; choose another name.");
        }
    }

    private String generate() {
        return "generated-" + generated.incrementAndGet();
    }

    private static List<KeyDTO> list(Map<String, String> keys) {
        List<KeyDTO> list = new ArrayList<>();
        keys.forEach((name, value) -> list.add(key(name, value, false)));
        return list;
    }

    private static KeyDTO key(String name, String value, boolean created) {
        KeyDTO key = new KeyDTO();
        key.name = name;
        key.value = value;
        key.created = created;
        return key;
    }
}
