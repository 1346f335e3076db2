package io.fnhost.cluster.internal.invocations;

import java.io.Serializable;
import java.util.concurrent.Callable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

/**
 * The question {@link InvocationQueries} sends to the other members: "your newest records", answered on
 * the member by its own {@link InvocationQueries} (found in the member's user context), as JSON.
 */
final class RecentInvocations implements Callable<String>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final int limit;
    private transient HazelcastInstance member;

    RecentInvocations(String function, int limit) {
        this.function = function;
        this.limit = limit;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = hazelcastInstance;
    }

    @Override
    public String call() {
        Object queries = member == null ? null : member.getUserContext().get(InvocationQueries.USER_CONTEXT_KEY);
        // a member whose fnhost-cluster is not (yet) active has no records to give
        return queries instanceof InvocationQueries q ? q.localRecords(function, limit) : "[]";
    }
}
