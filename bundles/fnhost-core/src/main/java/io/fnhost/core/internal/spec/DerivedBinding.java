package io.fnhost.core.internal.spec;

import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.fnhost.spi.BindingDTO;

/**
 * One binding while it is being derived, shaped like the plugin's {@code Binding}: its attributes
 * live in a {@link HashMap} on purpose, because the plugin writes them in that map's iteration order
 * (including attributes added late, such as a {@code connection} from {@code @StorageAccount}).
 */
final class DerivedBinding {
    static final String NAME = "name";
    static final String CONNECTION = "connection";

    /** {@code null} for a user annotation meta-annotated with {@code @CustomBinding}. */
    final BindingKind kind;
    /** The annotation this binding comes from, for messages. */
    final Annotation source;
    String type;
    /** As the annotation gives it; see {@link #direction()}. */
    String rawDirection;
    /** The meta-annotation's name, used when the annotation itself leaves name at its default. */
    String fallbackName;
    /** Plugin-ordered attributes, {@code name} included (it is written first, not from here). */
    final HashMap<String, Object> attributes = new HashMap<>();

    DerivedBinding(BindingKind kind, Annotation source) {
        this.kind = kind;
        this.source = source;
        if (kind != null) {
            this.type = kind.type;
            this.rawDirection = kind.direction;
        }
    }

    String name() {
        Object name = attributes.get(NAME);
        return name instanceof String ? (String) name : fallbackName;
    }

    boolean storage() {
        return kind != null && kind.storage;
    }

    /** Whether the direction is one the plugin accepts ({@code in}/{@code out}, any case). */
    boolean directionValid() {
        return BindingDTO.DIRECTION_IN.equalsIgnoreCase(rawDirection) || BindingDTO.DIRECTION_OUT.equalsIgnoreCase(rawDirection);
    }

    /** Lower-cased when valid so that providers can compare with the DTO constants; as given otherwise. */
    String direction() {
        return directionValid() ? rawDirection.toLowerCase(Locale.ENGLISH) : rawDirection;
    }

    /** Annotation name for messages, e.g. {@code @QueueOutput}. */
    String annotationLabel() {
        return "@" + source.annotationType().getSimpleName();
    }

    BindingDTO toDTO() {
        BindingDTO dto = new BindingDTO();
        dto.type = type;
        dto.direction = direction();
        dto.name = name();
        Map<String, Object> ordered = new LinkedHashMap<>();
        attributes.forEach((key, value) -> {
            if (!NAME.equals(key)) {
                ordered.put(key, dtoValue(value));
            }
        });
        dto.attributes = ordered;
        return dto;
    }

    /**
     * Annotation values as the DTO documents them: enums by Java name (as Jackson writes them in the
     * plugin), arrays of strings or enums as {@code String[]}, classes by name; numbers and booleans as
     * they are. Arrays of primitives become boxed {@code Object[]} so that the JSON keeps them as numbers.
     */
    static Object dtoValue(Object value) {
        if (value instanceof Enum<?>) {
            return ((Enum<?>) value).name();
        }
        if (value instanceof Class<?>) {
            return ((Class<?>) value).getName();
        }
        if (value != null && value.getClass().isArray()) {
            int length = Array.getLength(value);
            Class<?> component = value.getClass().getComponentType();
            boolean textual = component == String.class || component.isEnum() || component == Class.class;
            Object[] copy = textual ? new String[length] : new Object[length];
            for (int i = 0; i < length; i++) {
                copy[i] = dtoValue(Array.get(value, i));
            }
            return copy;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean || value == null) {
            return value;
        }
        // Characters and nested annotations: Jackson would write them as strings or objects; a string is
        // enough for the few custom annotations that might use them.
        return String.valueOf(value);
    }
}
