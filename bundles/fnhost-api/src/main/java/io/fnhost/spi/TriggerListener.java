package io.fnhost.spi;

import org.osgi.annotation.versioning.ConsumerType;

/** A running trigger for one function, as returned by {@link TriggerProvider#start}. */
@ConsumerType
public interface TriggerListener {
    /**
     * Stops delivering events. After it returns the provider calls the invoker no more; invocations
     * already in flight may still finish (the core waits for them).
     */
    void stop();
}
