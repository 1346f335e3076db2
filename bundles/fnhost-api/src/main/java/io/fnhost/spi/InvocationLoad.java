package io.fnhost.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How busy this node's function host is right now. Registered by the core; read by the cluster's status
 * report (once a second), so it is cheap and takes no lock an invocation waits for.
 *
 * @since 1.4
 */
@ProviderType
public interface InvocationLoad {
    /** Invocations running now, over every app version deployed on this node (retries waiting included). */
    int inFlight();
}
