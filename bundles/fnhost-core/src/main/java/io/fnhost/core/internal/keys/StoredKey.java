package io.fnhost.core.internal.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import io.fnhost.spi.KeyDTO;

/** One named key, immutable, with its value's UTF-8 bytes ready for constant-time comparison. */
final class StoredKey {
    final String name;
    final String value;
    private final byte[] valueBytes;

    StoredKey(String name, String value) {
        this.name = name;
        this.value = value;
        this.valueBytes = value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Compares in time that depends only on the presented key's length (the first argument of
     * {@link MessageDigest#isEqual}), never on where the first differing byte is.
     */
    boolean matches(byte[] presented) {
        return MessageDigest.isEqual(presented, valueBytes);
    }

    /** Whether any key matches, comparing against every one (no exit on the first mismatch or match). */
    static boolean anyMatches(List<StoredKey> keys, byte[] presented) {
        boolean matched = false;
        for (int i = 0; i < keys.size(); i++) {
            matched |= keys.get(i).matches(presented);
        }
        return matched;
    }

    KeyDTO toDTO(String reportedName, boolean created) {
        KeyDTO dto = new KeyDTO();
        dto.name = reportedName;
        dto.value = value;
        dto.created = created;
        return dto;
    }

    KeyDTO toDTO() {
        return toDTO(name, false);
    }

    /** Never the value: instances may end up in log statements or exception messages. */
    @Override
    public String toString() {
        return "key '" + name + "'";
    }
}
