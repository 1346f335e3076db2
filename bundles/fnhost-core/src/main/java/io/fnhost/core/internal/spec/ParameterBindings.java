package io.fnhost.core.internal.spec;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;

import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.CustomBinding;

/** How Azure's Java worker ties a method parameter to a binding of the function. */
public final class ParameterBindings {
    static final String ANNOTATION_PACKAGE = "com.microsoft.azure.functions.annotation";

    private ParameterBindings() {
    }

    /**
     * Binding name of a parameter per the Azure Java worker: {@code name()} of the first annotation from
     * package {@code com.microsoft.azure.functions.annotation} that has a {@code name()}
     * ({@code @BindingName} excluded), or of an annotation meta-annotated with {@code @CustomBinding}
     * (the meta-annotation's {@code name} when the annotation declares none); {@code null} otherwise,
     * e.g. for an {@code ExecutionContext} or a parameter carrying only {@code @BindingName}.
     */
    public static String bindingName(Parameter p) {
        for (Annotation annotation : p.getAnnotations()) {
            Class<? extends Annotation> type = annotation.annotationType();
            if (type == BindingName.class) {
                continue;
            }
            CustomBinding meta = type.getAnnotation(CustomBinding.class);
            boolean azure = ANNOTATION_PACKAGE.equals(type.getPackageName());
            if (!azure && meta == null) {
                continue;
            }
            String name = nameMember(annotation);
            if (name == null && meta != null) {
                name = meta.name();
            }
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    /** The value of a {@code String name()} member, or {@code null} when there is none. */
    private static String nameMember(Annotation annotation) {
        try {
            Method name = annotation.annotationType().getMethod("name");
            if (name.getReturnType() != String.class) {
                return null;
            }
            name.setAccessible(true);
            return (String) name.invoke(annotation);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // An annotation that cannot be read binds nothing, as in the worker, which ignores such errors.
            return null;
        }
    }

    /**
     * Generic type of the parameter bound to each binding name of {@code method} (the first one when
     * several claim a name), plus the return type under {@code $return} for a non-void method.
     */
    public static Map<String, Type> parameterTypes(Method method) {
        Map<String, Type> types = new HashMap<>();
        for (Parameter p : method.getParameters()) {
            String name = bindingName(p);
            if (name != null) {
                types.putIfAbsent(name, p.getParameterizedType());
            }
        }
        if (method.getReturnType() != void.class) {
            types.put("$return", method.getGenericReturnType());
        }
        return types;
    }
}
