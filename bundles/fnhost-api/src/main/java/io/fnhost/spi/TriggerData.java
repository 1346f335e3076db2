package io.fnhost.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a trigger hands the invoker for one event: the value for the trigger parameter and the
 * trigger metadata that {@code @BindingName} parameters read. Metadata is looked up lazily, so a
 * trigger computes costly entries (a parsed JSON body, say) only for functions that ask for them.
 */
@ConsumerType
public interface TriggerData {
    /**
     * The trigger value. If it is an instance of the trigger parameter's raw type it is passed as is;
     * otherwise the core converts it with the Azure Java worker's rules (see {@link ValueConverter}).
     */
    Object value();

    /** Trigger metadata named {@code name} (case-sensitive), or {@code null} when there is none. */
    default Object metadata(String name) {
        return null;
    }
}
