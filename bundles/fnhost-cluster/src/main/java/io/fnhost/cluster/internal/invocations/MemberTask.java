package io.fnhost.cluster.internal.invocations;

import java.io.Serializable;
import java.util.concurrent.Callable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

/**
 * A task {@link InvocationQueries} sends to other members through Hazelcast's executor. On the member it is
 * answered by that member's own {@link InvocationQueries}, found in the member's user context; a member
 * whose fnhost-cluster is not (yet) active there gives {@link #withoutQueries()}.
 */
abstract class MemberTask implements Callable<String>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private transient HazelcastInstance member;

    @Override
    public final void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = hazelcastInstance;
    }

    @Override
    public final String call() {
        Object queries = member == null ? null : member.getUserContext().get(InvocationQueries.USER_CONTEXT_KEY);
        return queries instanceof InvocationQueries here ? on(here) : withoutQueries();
    }

    /** The answer of the member whose queries component is {@code here}. */
    abstract String on(InvocationQueries here);

    /** The answer of a member without one. */
    abstract String withoutQueries();
}
