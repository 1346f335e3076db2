package io.fnhost.http.internal;

import org.osgi.service.component.annotations.Component;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.BindingException;
import io.fnhost.spi.BindingHandler;
import io.fnhost.spi.BindingProvider;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.TriggerProvider;

/**
 * The {@code http} output binding. Its handler deliberately writes nothing: only the HTTP trigger
 * holds the servlet response of an invocation, and it reads the output value from
 * {@code InvocationResult.output(name)} once the invoker returns (failed invocations, whose outputs
 * the core discards, become a 500). Writing here would need a correlation by invocation id for no
 * gain. The provider exists so that functions declaring the binding are complete, and to refuse an
 * {@code http} binding that no {@code httpTrigger} could answer.
 */
@Component(service = BindingProvider.class, property = TriggerProvider.BINDING_TYPE + "=http")
public final class HttpOutputBindingProvider implements BindingProvider {
    private static final BindingHandler NO_WRITE = new BindingHandler() {
    };

    @Override
    public BindingHandler bind(FunctionDescriptor function, BindingDTO binding) throws BindingException {
        if (!BindingDTO.DIRECTION_OUT.equalsIgnoreCase(binding.direction)) {
            throw new BindingException("Function '" + function.name() + "': the http binding '" + binding.name
                    + "' must have direction out, not " + binding.direction);
        }
        BindingDTO trigger = function.trigger();
        if (trigger == null || !"httpTrigger".equalsIgnoreCase(trigger.type)) {
            throw new BindingException("Function '" + function.name() + "': an http output binding needs an httpTrigger, not "
                    + (trigger == null ? "no trigger" : trigger.type));
        }
        return NO_WRITE;
    }
}
