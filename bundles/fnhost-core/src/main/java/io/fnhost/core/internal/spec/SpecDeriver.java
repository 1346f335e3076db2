package io.fnhost.core.internal.spec;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.microsoft.azure.functions.annotation.CustomBinding;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FixedDelayRetry;
import com.microsoft.azure.functions.annotation.StorageAccount;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.RetryDTO;

/**
 * Derives one method's bindings and retry policy the way azure-functions-maven-plugin does
 * ({@code AnnotationHandlerImpl}, {@code BindingFactory}, {@code Binding}): parameter annotations in
 * parameter order, then, for a non-void method, method-level binding annotations renamed
 * {@code $return} and the implicit HTTP output, then {@code @StorageAccount} filling empty storage
 * connections. What the plugin would stop the build for is reported in {@link Derivation#problems}.
 */
final class SpecDeriver {

    /** Result for one method. */
    static final class Derivation {
        final List<DerivedBinding> bindings = new ArrayList<>();
        RetryDTO retry;
        final List<String> problems = new ArrayList<>();
    }

    private SpecDeriver() {
    }

    static Derivation derive(Method method) {
        Derivation result = new Derivation();
        for (Parameter parameter : method.getParameters()) {
            for (Annotation annotation : parameter.getAnnotations()) {
                DerivedBinding binding = binding(annotation);
                if (binding != null) {
                    result.bindings.add(binding);
                }
            }
        }
        // The plugin looks at method-level bindings only when there is a return value to bind.
        if (!method.getReturnType().equals(Void.TYPE)) {
            for (Annotation annotation : method.getAnnotations()) {
                DerivedBinding binding = binding(annotation);
                if (binding != null) {
                    binding.attributes.put(DerivedBinding.NAME, BindingDTO.RETURN);
                    result.bindings.add(binding);
                }
            }
            boolean httpTrigger = result.bindings.stream().anyMatch(b -> b.kind == BindingKind.HTTP_TRIGGER);
            boolean returnBound = result.bindings.stream().anyMatch(b -> BindingDTO.RETURN.equalsIgnoreCase(b.name()));
            if (httpTrigger && !returnBound) {
                DerivedBinding http = new DerivedBinding(BindingKind.HTTP_OUTPUT, null);
                http.attributes.put(DerivedBinding.NAME, BindingDTO.RETURN);
                result.bindings.add(http);
            }
        }
        StorageAccount storageAccount = method.getAnnotation(StorageAccount.class);
        if (storageAccount != null) {
            for (DerivedBinding binding : result.bindings) {
                Object connection = binding.attributes.get(DerivedBinding.CONNECTION);
                if (binding.storage() && (connection == null || "".equals(connection))) {
                    binding.attributes.put(DerivedBinding.CONNECTION, storageAccount.value());
                }
            }
        }
        result.retry = retry(method, result.problems);
        return result;
    }

    /** The binding an annotation stands for, or {@code null} when it is not a binding annotation. */
    static DerivedBinding binding(Annotation annotation) {
        Class<? extends Annotation> annotationType = annotation.annotationType();
        BindingKind kind = BindingKind.forAnnotation(annotationType);
        if (kind != null) {
            DerivedBinding binding = new DerivedBinding(kind, annotation);
            readMembers(annotation, binding);
            return binding;
        }
        // A user annotation carrying @CustomBinding: its own members first, the meta-annotation fills
        // type, direction and name when the annotation does not declare them.
        CustomBinding meta = annotationType.getAnnotation(CustomBinding.class);
        if (meta == null) {
            return null;
        }
        DerivedBinding binding = new DerivedBinding(null, annotation);
        readMembers(annotation, binding);
        if (binding.type == null) {
            binding.type = meta.type();
        }
        if (binding.rawDirection == null) {
            binding.rawDirection = meta.direction();
        }
        binding.fallbackName = meta.name();
        return binding;
    }

    /**
     * The plugin's attribute rule: {@code direction} and {@code type} string members set the binding's
     * direction and type; any other member is kept when it differs from its default (arrays never equal
     * their default, so an empty {@code methods} is written too) or is always written for the kind.
     * <p>
     * Members are read in name order. The plugin reads them in {@code getDeclaredMethods()} order, which
     * HotSpot does not fix between runs, and that order shows in function.json only for keys sharing a
     * HashMap bucket (e.g. {@code access}/{@code queueName}, {@code cardinality}/{@code consumerGroup}).
     * Name order makes fnhost's output stable and matches the plugin run recorded in the test references.
     */
    private static void readMembers(Annotation annotation, DerivedBinding binding) {
        Method[] members = annotation.annotationType().getDeclaredMethods();
        Arrays.sort(members, Comparator.comparing(Method::getName));
        for (Method member : members) {
            if (member.getParameterCount() != 0 || Modifier.isStatic(member.getModifiers())) {
                continue;
            }
            Object value = invoke(member, annotation);
            String name = member.getName();
            if ("direction".equals(name) && value instanceof String) {
                binding.rawDirection = (String) value;
            } else if ("type".equals(name) && value instanceof String) {
                binding.type = (String) value;
            } else if (!Objects.equals(value, member.getDefaultValue())
                    || (binding.kind != null && binding.kind.alwaysWritten(name))) {
                binding.attributes.put(name, value);
            }
        }
    }

    private static Object invoke(Method member, Annotation annotation) {
        try {
            member.setAccessible(true);
            return member.invoke(annotation);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read " + member.getName() + " of " + annotation, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + member.getName() + " of " + annotation, e.getCause());
        }
    }

    private static RetryDTO retry(Method method, List<String> problems) {
        FixedDelayRetry fixed = method.getAnnotation(FixedDelayRetry.class);
        ExponentialBackoffRetry exponential = method.getAnnotation(ExponentialBackoffRetry.class);
        if (fixed != null && exponential != null) {
            problems.add("it has both @FixedDelayRetry and @ExponentialBackoffRetry, which Azure does not allow"
                    + " together: keep only one of them");
            return null;
        }
        if (fixed != null) {
            RetryDTO retry = new RetryDTO();
            retry.strategy = fixed.strategy();
            retry.maxRetryCount = fixed.maxRetryCount();
            retry.delayInterval = fixed.delayInterval();
            return retry;
        }
        if (exponential != null) {
            RetryDTO retry = new RetryDTO();
            retry.strategy = exponential.strategy();
            retry.maxRetryCount = exponential.maxRetryCount();
            retry.minimumInterval = exponential.minimumInterval();
            retry.maximumInterval = exponential.maximumInterval();
            return retry;
        }
        return null;
    }
}
