package io.fnhost.cluster;

import java.util.Comparator;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.fnhost.spi.InvocationRecordDTO;

/**
 * The invocation records the other nodes of the cluster keep: a management node runs no functions, so
 * what its admin API shows of invocations comes from the workers. Registered by fnhost-cluster while
 * this node's cluster member is up. Unlike {@link FunctionCluster}'s reads, a call asks every other
 * member over the network (bounded by a short wait), so it is meant for an administrator's request, not
 * for a request path.
 *
 * @since 1.1
 */
@ProviderType
public interface ClusterInvocations {
    /** The order of every record list: newest start first, then by id (so equal starts keep one order). */
    Comparator<InvocationRecordDTO> NEWEST_FIRST = Comparator.comparingLong((InvocationRecordDTO r) -> r.start)
            .reversed().thenComparing(r -> String.valueOf(r.id));

    /**
     * The newest records of every other member that answered in time, newest first.
     *
     * @param function only this function's records (case-insensitive), or every function's when null
     * @param limit at most this many records in all
     */
    Answer invocations(String function, int limit);

    /**
     * Runs the non-HTTP function {@code function} once, with {@code input} as its trigger value, on another
     * member where it is running: the admin API's {@code POST /admin/functions/{name}} on a node that does
     * not run the function itself (a management node). Members are tried one at a time, in random order,
     * until one takes it; a member that does not confirm in time ends the search, since it may have taken it.
     */
    Run invokeOnce(String function, String input);

    /**
     * Where {@link #invokeOnce} went.
     *
     * @param node the node that took the invocation ({@link RunStatus#ACCEPTED}) or did not confirm in
     *        time ({@link RunStatus#UNCONFIRMED}); null when no node runs the function
     */
    record Run(RunStatus status, String node) {
    }

    /** The outcome of {@link #invokeOnce}. */
    enum RunStatus {
        /** {@link Run#node} has the invocation (its outcome shows in the records). */
        ACCEPTED,
        /** No other member runs the function right now. */
        NOT_RUNNING,
        /** {@link Run#node} did not confirm within the wait: it may or may not run it. */
        UNCONFIRMED
    }

    /**
     * What the members answered.
     *
     * @param records the records, newest first ({@link InvocationRecordDTO#node} says where each ran)
     * @param unanswered the nodes that did not answer within the wait (their records are missing)
     */
    record Answer(List<InvocationRecordDTO> records, List<String> unanswered) {
    }
}
