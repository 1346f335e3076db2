package io.fnhost.core.internal.invoke;

import java.lang.reflect.Type;
import java.util.Map;

import io.fnhost.core.internal.spec.IndexedFunction;
import io.fnhost.core.internal.spec.ParameterBindings;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionDescriptor;

/**
 * Test fixture: the descriptor of an indexed function outside any deployed app, for compiling invokers
 * in unit tests and benchmarks (published in fnhost-core's test jar).
 */
public final class IndexedDescriptor implements FunctionDescriptor {
    private final String app;
    private final IndexedFunction indexed;
    private final Map<String, Type> parameterTypes;

    public IndexedDescriptor(String app, IndexedFunction indexed) {
        this.app = app;
        this.indexed = indexed;
        this.parameterTypes = ParameterBindings.parameterTypes(indexed.method());
    }

    @Override
    public String app() {
        return app;
    }

    @Override
    public String appVersion() {
        return "1.0.0";
    }

    @Override
    public long generation() {
        return 1;
    }

    @Override
    public String name() {
        return indexed.dto().name;
    }

    @Override
    public FunctionDTO dto() {
        return indexed.dto();
    }

    @Override
    public BindingDTO trigger() {
        return indexed.dto().bindings.stream().filter(BindingDTO::isTrigger).findFirst().orElse(null);
    }

    @Override
    public BindingDTO binding(String type, String direction) {
        return indexed.dto().bindings.stream()
                .filter(b -> b.type.equalsIgnoreCase(type) && b.direction.equalsIgnoreCase(direction))
                .findFirst().orElse(null);
    }

    @Override
    public Type parameterType(String bindingName) {
        return parameterTypes.get(bindingName);
    }

    @Override
    public Map<String, Object> hostExtension(String extension) {
        return Map.of();
    }
}
