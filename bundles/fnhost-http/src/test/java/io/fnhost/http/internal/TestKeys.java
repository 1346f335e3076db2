package io.fnhost.http.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.KeyDTO;
import io.fnhost.spi.KeyScope;

/** In-memory keys with fixed values, for tests of the dispatcher's auth rules. */
final class TestKeys implements FunctionKeys {
    static final String MASTER_KEY = "master-key-0123456789";
    static final String HOST_KEY = "host-key-0123456789";
    static final String SYSTEM_KEY = "system-key-0123456789";

    private final Map<String, List<String>> functionKeys = new HashMap<>();

    /** Gives {@code function} the key {@code value}. */
    TestKeys functionKey(String function, String value) {
        functionKeys.computeIfAbsent(function.toLowerCase(Locale.ROOT), f -> new ArrayList<>()).add(value);
        return this;
    }

    @Override
    public KeyScope authorize(String function, String key) {
        if (key == null || key.isEmpty()) {
            return KeyScope.NONE;
        }
        if (key.equals(MASTER_KEY)) {
            return KeyScope.MASTER;
        }
        if (key.equals(HOST_KEY)) {
            return KeyScope.HOST;
        }
        if (function != null && functionKeys.getOrDefault(function.toLowerCase(Locale.ROOT), List.of()).contains(key)) {
            return KeyScope.FUNCTION;
        }
        return key.equals(SYSTEM_KEY) ? KeyScope.SYSTEM : KeyScope.NONE;
    }

    @Override
    public List<KeyDTO> functionKeys(String function) {
        throw new UnsupportedOperationException("not used by the HTTP trigger");
    }

    @Override
    public KeyDTO putFunctionKey(String function, String name, String value) {
        throw new UnsupportedOperationException("not used by the HTTP trigger");
    }

    @Override
    public boolean deleteFunctionKey(String function, String name) {
        throw new UnsupportedOperationException("not used by the HTTP trigger");
    }

    @Override
    public List<KeyDTO> hostKeys(HostKeyKind kind) {
        throw new UnsupportedOperationException("not used by the HTTP trigger");
    }

    @Override
    public KeyDTO putHostKey(HostKeyKind kind, String name, String value) {
        throw new UnsupportedOperationException("not used by the HTTP trigger");
    }

    @Override
    public boolean deleteHostKey(HostKeyKind kind, String name) {
        throw new UnsupportedOperationException("not used by the HTTP trigger");
    }

    @Override
    public KeyDTO masterKey() {
        throw new UnsupportedOperationException("not used by the HTTP trigger");
    }
}
