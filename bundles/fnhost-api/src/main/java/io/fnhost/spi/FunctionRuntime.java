package io.fnhost.spi;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Read side of the host for administration edges (shell, admin API, portal). Registered by the core. */
@ProviderType
public interface FunctionRuntime {
    /** Every function of every deployed app version, sorted by app then name. */
    List<FunctionDTO> functions();

    /** The function of the newest deployed version of any app named {@code name} (case-insensitive). */
    Optional<FunctionDTO> function(String name);

    /** The newest invocation records first, at most {@code limit}; {@code function} null means all. */
    List<InvocationRecordDTO> invocations(String function, int limit);
}
