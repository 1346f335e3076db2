package io.fnhost.spi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's keys, as Azure's host keeps them: per function named keys (a {@code default} one made on
 * first use), host function keys ("host keys", {@code default} made on first use), system keys, and
 * the master key {@code _master}. Function names match case-insensitively. Keys persist across
 * restarts and are never logged. Generated values have Azure's format (URL-safe base64 "identifiable
 * secret" with the {@code AzFu} signature, 56 characters).
 * <p>
 * Errors: {@link IllegalArgumentException} for an invalid key name or value (the admin API answers
 * 400 with the message); {@link IllegalStateException} for a change that conflicts with the node's
 * configuration, e.g. a master key preset by {@code FNHOST_MASTER_KEY} (409). Names starting with
 * {@code _} are reserved: only {@code _master}, and it cannot be deleted.
 */
@ProviderType
public interface FunctionKeys {
    /** Name of the master key. */
    String MASTER = "_master";
    /** Name of the key generated on first use for a function and for the host. */
    String DEFAULT = "default";
    /** Request header carrying a key; when present (even empty) it wins over {@link #KEY_QUERY_PARAMETER}. */
    String KEY_HEADER = "x-functions-key";
    /** Query parameter carrying a key when {@link #KEY_HEADER} is absent. */
    String KEY_QUERY_PARAMETER = "code";

    /**
     * The key a request presents, by Azure's rule: the {@link #KEY_HEADER} value when the header is present
     * (even empty), else the first {@link #KEY_QUERY_PARAMETER} of the raw query string, percent-decoded;
     * {@code null} when neither. Only the query string is read, never a form body.
     *
     * @param header the header's value, or {@code null} when absent
     * @param rawQuery the request's raw query string, or {@code null}
     */
    static String presentedKey(String header, String rawQuery) {
        if (header != null) {
            return header;
        }
        if (rawQuery == null) {
            return null;
        }
        String name = KEY_QUERY_PARAMETER;
        int len = rawQuery.length();
        int i = 0;
        while (i < len) {
            int end = rawQuery.indexOf('&', i);
            if (end < 0) {
                end = len;
            }
            int eq = rawQuery.indexOf('=', i);
            if (eq - i == name.length() && eq < end && rawQuery.regionMatches(i, name, 0, name.length())) {
                try {
                    return URLDecoder.decode(rawQuery.substring(eq + 1, end), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null; // malformed escape: no usable key
                }
            }
            i = end + 1;
        }
        return null;
    }

    /** Kinds of host-level keys, named as in the admin API paths. */
    enum HostKeyKind {
        /** {@code /admin/host/keys} and {@code /admin/host/functionkeys}: valid for every function. */
        FUNCTION_KEYS,
        /** {@code /admin/host/systemkeys}. */
        SYSTEM_KEYS
    }

    /**
     * What {@code key} grants when calling {@code function}: the most powerful matching scope, or
     * {@link KeyScope#NONE} for {@code null}, empty or unknown keys. Compares in constant time per
     * candidate key and never creates keys. Hot path: no I/O.
     */
    KeyScope authorize(String function, String key);

    /** The function's keys, creating its {@code default} key first if it has none. */
    List<KeyDTO> functionKeys(String function);

    /**
     * Sets key {@code name} of {@code function} to {@code value}, or to a newly generated value when
     * {@code value} is null. The result's {@code created} says whether the key is new.
     */
    KeyDTO putFunctionKey(String function, String name, String value);

    /** Deletes a function key; {@code false} when there was no such key. */
    boolean deleteFunctionKey(String function, String name);

    /** Host keys of {@code kind}; for {@code FUNCTION_KEYS} the {@code default} one is created first if none. */
    List<KeyDTO> hostKeys(HostKeyKind kind);

    /**
     * Sets host key {@code name} (for {@code FUNCTION_KEYS}, {@code _master} sets the master key) to
     * {@code value}, or to a generated value when null.
     */
    KeyDTO putHostKey(HostKeyKind kind, String name, String value);

    /** Deletes a host key; {@code false} when there was none. Reserved names throw IllegalArgumentException. */
    boolean deleteHostKey(HostKeyKind kind, String name);

    /** The master key (generated on first use unless preset). */
    KeyDTO masterKey();
}
