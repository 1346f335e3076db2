package io.fnhost.http.internal;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Optional;

import com.microsoft.azure.functions.HttpRequestMessage;

import io.fnhost.spi.ValueConverter;

/**
 * How one function wants its request body, decided once per function from the trigger parameter's
 * type: {@code HttpRequestMessage<T>} gets a request whose {@code getBody()} is the raw body (a
 * {@code String} or {@code byte[]}) converted to {@code T} by the core's {@link ValueConverter}
 * ({@code Optional<T>}, {@code String}, {@code byte[]}, POJO...). A raw or wildcard
 * {@code HttpRequestMessage} gets the raw body. A trigger parameter that is not an
 * {@code HttpRequestMessage} at all receives the converted body itself.
 */
final class BodyPlan {

    /** The trigger parameter receives the request (else the converted body). */
    final boolean passesRequest;
    /** Target type of the body, {@code null} to pass the raw body. */
    private final Type target;
    /** Raw bodies that are instances of this class pass unconverted; {@code null} for parameterized targets. */
    private final Class<?> direct;
    private final boolean optional;
    private final Class<?> optionalDirect;
    private final ValueConverter converter;

    private BodyPlan(boolean passesRequest, Type target, ValueConverter converter) {
        this.passesRequest = passesRequest;
        this.target = target;
        this.converter = converter;
        this.direct = target instanceof Class ? (Class<?>) target : null;
        Class<?> raw = rawClass(target);
        this.optional = raw == Optional.class;
        Type inner = optional && target instanceof ParameterizedType ? ((ParameterizedType) target).getActualTypeArguments()[0] : null;
        this.optionalDirect = inner instanceof Class ? (Class<?>) inner : null;
    }

    static BodyPlan forTriggerParameter(Type parameterType, ValueConverter converter) {
        Class<?> raw = rawClass(parameterType);
        if (parameterType == null || raw == HttpRequestMessage.class || raw == Object.class) {
            Type bodyType = null;
            if (parameterType instanceof ParameterizedType) {
                bodyType = normalize(((ParameterizedType) parameterType).getActualTypeArguments()[0]);
            }
            return new BodyPlan(true, bodyType == Object.class ? null : bodyType, converter);
        }
        return new BodyPlan(false, parameterType, converter);
    }

    /**
     * Converts a raw body ({@code null}, {@code String} or {@code byte[]}) to the planned type. No body
     * gives {@code Optional.empty()} for an {@code Optional} target and {@code null} otherwise.
     *
     * @throws IllegalArgumentException when the body cannot be converted
     */
    Object convert(Object rawBody) {
        if (target == null) {
            return rawBody;
        }
        if (rawBody == null) {
            return optional ? Optional.empty() : null;
        }
        if (direct != null && direct.isInstance(rawBody)) {
            return rawBody;
        }
        if (optionalDirect != null && optionalDirect.isInstance(rawBody)) {
            return Optional.of(rawBody);
        }
        return converter.convert(rawBody, target);
    }

    /** The type argument with wildcards and type variables reduced to a bound usable for conversion. */
    private static Type normalize(Type t) {
        if (t instanceof WildcardType) {
            Type[] upper = ((WildcardType) t).getUpperBounds();
            return upper.length == 0 ? Object.class : normalize(upper[0]);
        }
        if (t instanceof java.lang.reflect.TypeVariable) {
            return Object.class;
        }
        return t;
    }

    private static Class<?> rawClass(Type t) {
        if (t instanceof Class) {
            return (Class<?>) t;
        }
        if (t instanceof ParameterizedType) {
            return rawClass(((ParameterizedType) t).getRawType());
        }
        if (t instanceof GenericArrayType) {
            return Object[].class;
        }
        return null;
    }
}
