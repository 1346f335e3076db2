package io.fnhost.core.internal.invoke;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import io.fnhost.spi.ValueConverter;

/**
 * The Azure Java worker's conversions: strings parse into numbers, text becomes a POJO, list or map
 * through a default {@code new Gson()} (fields by exact name, nulls omitted), bytes are bytes or
 * UTF-8 text, and {@code Optional<T>} wraps any of these.
 */
@Component(service = ValueConverter.class)
public final class GsonValueConverter implements ValueConverter {

    // The worker uses Gson's defaults; so must we, or POJOs would differ between Azure and fnhost.
    private final Gson gson = new Gson();

    @Override
    public Object convert(Object source, Type target) {
        Class<?> raw = rawClass(target);
        if (raw == Optional.class) {
            if (source == null || source instanceof Optional<?> o && o.isEmpty()) {
                return Optional.empty();
            }
            Object inner = source instanceof Optional<?> o ? o.get() : source;
            return Optional.ofNullable(convert(inner, typeArgument(target, 0)));
        }
        if (source instanceof Optional<?> o) {
            source = o.orElse(null);
        }
        if (source == null) {
            if (raw.isPrimitive()) {
                throw new IllegalArgumentException("no value for a parameter of primitive type " + raw.getName());
            }
            return null;
        }
        if (raw == String.class) {
            return toText(source);
        }
        if (raw == byte[].class) {
            if (source instanceof byte[]) {
                return source;
            }
            return toText(source).getBytes(StandardCharsets.UTF_8);
        }
        if (raw == Byte[].class) {
            byte[] bytes = (byte[]) convert(source, byte[].class);
            Byte[] boxed = new Byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                boxed[i] = bytes[i];
            }
            return boxed;
        }
        if (target instanceof Class<?> && raw.isInstance(source)) {
            return source;
        }
        Object number = convertScalar(source, raw);
        if (number != null) {
            return number;
        }
        String text = toText(source);
        try {
            Object value = gson.fromJson(text, target);
            if (value == null && raw.isPrimitive()) {
                throw new IllegalArgumentException("no value for a parameter of primitive type " + raw.getName());
            }
            return value;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(
                    "cannot convert " + abbreviate(text) + " to " + target.getTypeName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toJson(Object value) {
        return gson.toJson(value);
    }

    private static String toText(Object source) {
        if (source instanceof String s) {
            return s;
        }
        if (source instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return String.valueOf(source);
    }

    /** Numbers and booleans parse from text as the worker does; null when {@code raw} is no such type. */
    private static Object convertScalar(Object source, Class<?> raw) {
        Class<?> box = box(raw);
        if (!Number.class.isAssignableFrom(box) && box != Boolean.class && box != Character.class) {
            return null;
        }
        String text = toText(source).trim();
        try {
            if (box == Integer.class) {
                return source instanceof Number n ? n.intValue() : Integer.parseInt(text);
            } else if (box == Long.class) {
                return source instanceof Number n ? n.longValue() : Long.parseLong(text);
            } else if (box == Double.class) {
                return source instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
            } else if (box == Float.class) {
                return source instanceof Number n ? n.floatValue() : Float.parseFloat(text);
            } else if (box == Short.class) {
                return source instanceof Number n ? n.shortValue() : Short.parseShort(text);
            } else if (box == Byte.class) {
                return source instanceof Number n ? n.byteValue() : Byte.parseByte(text);
            } else if (box == Boolean.class) {
                return Boolean.parseBoolean(text);
            } else if (box == Character.class && text.length() == 1) {
                return text.charAt(0);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot convert \"" + abbreviate(text) + "\" to " + raw.getName(), e);
        }
        return null;
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        if (c == int.class) return Integer.class;
        if (c == long.class) return Long.class;
        if (c == double.class) return Double.class;
        if (c == float.class) return Float.class;
        if (c == short.class) return Short.class;
        if (c == byte.class) return Byte.class;
        if (c == boolean.class) return Boolean.class;
        if (c == char.class) return Character.class;
        return Void.class;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** The raw class of a (possibly generic) type. */
    public static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType g) {
            return Array.newInstance(rawClass(g.getGenericComponentType()), 0).getClass();
        }
        return Object.class;
    }

    /** Type argument {@code index} of a parameterized type, {@code Object} when raw. */
    public static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }
}
