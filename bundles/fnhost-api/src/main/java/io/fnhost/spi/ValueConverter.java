package io.fnhost.spi;

import java.lang.reflect.Type;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Converts binding data the way the Azure Java worker does, so functions behave the same in both
 * places: strings to numbers by parsing, to POJOs and collections with Gson defaults; bytes to
 * {@code byte[]} or text; {@code Optional<T>} wraps the converted value. Registered by the core.
 */
@ProviderType
public interface ValueConverter {
    /**
     * Converts {@code source} (a {@code String}, {@code byte[]}, number or already-typed value) to
     * {@code target}.
     *
     * @throws IllegalArgumentException when the value cannot be converted; the message says why.
     */
    Object convert(Object source, Type target);

    /** Serializes a value as the worker does for JSON output (Gson defaults: nulls omitted). */
    String toJson(Object value);
}
