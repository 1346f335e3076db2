package io.fnhost.core.internal.spec;

import java.lang.reflect.Method;
import java.util.Objects;

import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionState;

/**
 * One {@code @FunctionName} method and the spec derived from it. {@code dto.state} is
 * {@link FunctionState#ERROR} with {@code dto.stateMessage} saying why when the function is invalid,
 * {@code null} when it is valid (the extender decides between running and waiting).
 *
 * @param method the annotated method, never {@code null}
 * @param dto    app, name, entry point, bindings and retry, as Azure's Maven plugin would write them
 */
public record IndexedFunction(Method method, FunctionDTO dto) {

    public IndexedFunction {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(dto, "dto");
    }

    /** Whether the spec passed validation. */
    public boolean valid() {
        return dto.state != FunctionState.ERROR;
    }
}
