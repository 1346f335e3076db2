package io.fnhost.core.internal.keys;

import java.util.Locale;
import java.util.regex.Pattern;

import io.fnhost.spi.FunctionKeys;

/**
 * What makes a key name, key value and function name acceptable. Messages say what was wrong and
 * what to do, and never contain a key value.
 */
final class KeyRules {
    static final int MAX_NAME_LENGTH = 128;
    static final int MIN_VALUE_LENGTH = 16;
    static final int MAX_VALUE_LENGTH = 1024;

    private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_NAME_LENGTH + "}");
    /** Azure's own rule for function names (Utility.IsValidFunctionName); "host" would clash with host.json. */
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,127}");

    private KeyRules() {
    }

    static boolean isMaster(String name) {
        return FunctionKeys.MASTER.equalsIgnoreCase(name);
    }

    /** Checks a key name that may be created or deleted: valid and not reserved ({@code _...}). */
    static String checkKeyName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A key name is required.");
        }
        if (!KEY_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid key name '" + printable(name) + "': use 1 to "
                    + MAX_NAME_LENGTH + " letters, digits, '_', '.' or '-'.");
        }
        if (name.startsWith("_")) {
            throw new IllegalArgumentException("Key name '" + name + "' is reserved: names starting with '_' "
                    + "are for system use (only '" + FunctionKeys.MASTER
                    + "', the master key, under the host keys). Choose a name without a leading '_'.");
        }
        return name;
    }

    /**
     * Checks a key value given by a caller. Azure's host accepts any non-null value; fnhost also
     * refuses values short enough to guess and characters that do not survive an HTTP header.
     */
    static String checkValue(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("A key value is required; leave it out to have one generated.");
        }
        if (value.length() < MIN_VALUE_LENGTH || value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("A key value must have " + MIN_VALUE_LENGTH + " to " + MAX_VALUE_LENGTH
                    + " characters (this one has " + value.length() + "); leave it out to have one generated.");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("A key value may contain only printable ASCII characters "
                        + "without spaces (character " + (i + 1) + " is not); leave it out to have one generated.");
            }
        }
        return value;
    }

    /** Checks a function name and returns its lower-case form, which names its key file. */
    static String functionName(String function) {
        if (function == null || function.isEmpty()) {
            throw new IllegalArgumentException("A function name is required.");
        }
        if (!FUNCTION_NAME.matcher(function).matches() || "host".equalsIgnoreCase(function)) {
            throw new IllegalArgumentException("Invalid function name '" + printable(function) + "': a function "
                    + "name starts with a letter, has only letters, digits, '_' and '-', at most 128 characters, "
                    + "and is not 'host'.");
        }
        return function.toLowerCase(Locale.ROOT);
    }

    /** The lower-case function name, or null when {@code function} is not a valid name. */
    static String functionNameOrNull(String function) {
        if (function == null || function.isEmpty() || !FUNCTION_NAME.matcher(function).matches()) {
            return null;
        }
        return function.toLowerCase(Locale.ROOT);
    }

    /** Echoes user input in a message without control characters and without flooding the log. */
    private static String printable(String text) {
        String shortened = text.length() > 140 ? text.substring(0, 140) + "..." : text;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }
}
