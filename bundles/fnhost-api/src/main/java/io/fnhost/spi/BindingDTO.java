package io.fnhost.spi;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.dto.DTO;

/**
 * One entry of a function's {@code bindings}, as Azure's Maven plugin writes it to
 * {@code function.json}: {@code type}, {@code direction}, {@code name}, then the attributes whose
 * value differs from the annotation's default (plus {@code authLevel} for {@code httpTrigger}),
 * in the order Azure's Maven plugin writes them.
 */
public class BindingDTO extends DTO {
    public static final String DIRECTION_IN = "in";
    public static final String DIRECTION_OUT = "out";
    public static final String DIRECTION_INOUT = "inout";
    /** Binding name of a function's return value. */
    public static final String RETURN = "$return";

    /** Binding type, e.g. {@code httpTrigger}, {@code http}, {@code queue}. */
    public String type;
    /** {@code in}, {@code out} or {@code inout}. */
    public String direction;
    /** Binding name: the annotation's {@code name}, or {@code $return}. */
    public String name;
    /**
     * Non-default attributes, in the plugin's order. Values are {@code String}, {@code Number},
     * {@code Boolean} or arrays of these (enum values as their Java names, e.g. {@code "ANONYMOUS"}).
     */
    public Map<String, Object> attributes = new LinkedHashMap<>();

    /** Whether this binding is its function's trigger (its type ends with {@code Trigger}). */
    public boolean isTrigger() {
        return type != null && type.endsWith("Trigger");
    }

    /** The attribute as a string, or {@code fallback} when absent. */
    public String attribute(String key, String fallback) {
        Object value = attributes.get(key);
        return value == null ? fallback : String.valueOf(value);
    }
}
