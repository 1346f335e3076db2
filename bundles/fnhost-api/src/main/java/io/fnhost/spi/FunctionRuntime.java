package io.fnhost.spi;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

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

    /** The host's status now. */
    HostStatusDTO hostStatus();

    /**
     * Whether the host is {@link HostStatusDTO#RUNNING}: the apps present when the node started have
     * been deployed. Cheap (a volatile read): the HTTP trigger answers 503 while this is false.
     */
    boolean running();

    /**
     * Invokes a non-HTTP function once with {@code input} as its trigger value (the admin API's
     * {@code POST /admin/functions/{name}}), on a host thread, not the caller's.
     *
     * @throws java.util.NoSuchElementException when no deployed function has that name
     * @throws IllegalStateException when the function is HTTP-triggered (call its URL instead) or not
     *         {@link FunctionState#RUNNING}; the message says which
     */
    CompletionStage<InvocationResult> invoke(String function, String input);
}
