package io.fnhost.spi;

import org.osgi.annotation.versioning.ConsumerType;

/** One binding of one function, prepared by a {@link BindingProvider}. Thread-safe. */
@ConsumerType
public interface BindingHandler {
    /** Value of an input binding for one invocation. */
    default Object read(String invocationId, TriggerData trigger) throws Exception {
        return null;
    }

    /**
     * Takes the value of an output binding after the function succeeded. Values of failed invocations
     * are never written.
     */
    default void write(String invocationId, Object value) throws Exception {
    }

    /** The function stops; release what {@link BindingProvider#bind} acquired. */
    default void close() {
    }
}
