package io.fnhost.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard contract of an input or output binding extension. Register it as a service with the
 * property {@value TriggerProvider#BINDING_TYPE} naming the binding type (e.g. {@code http},
 * {@code queue}); matching and tie-break as for {@link TriggerProvider}.
 */
@ConsumerType
public interface BindingProvider {
    /**
     * Prepares {@code binding} of {@code function}, once per function start.
     *
     * @throws BindingException if the binding's attributes are invalid; the function then shows
     *         {@code ERROR} with the exception's message.
     */
    BindingHandler bind(FunctionDescriptor function, BindingDTO binding) throws BindingException;
}
