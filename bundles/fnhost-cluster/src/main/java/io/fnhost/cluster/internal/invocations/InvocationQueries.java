package io.fnhost.cluster.internal.invocations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;

import io.fnhost.cluster.ClusterInvocations;
import io.fnhost.cluster.internal.state.ClusterMaps;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.InvocationRecordDTO;

/**
 * Asks the other members for their newest invocation records ({@link RecentInvocations} on Hazelcast's
 * executor {@value #EXECUTOR}) and answers such questions from this node's {@link FunctionRuntime}.
 * Every node runs it (immediate: a worker answers though nothing on it uses the service); the management
 * node's admin API is the one that asks.
 * Records travel as JSON text, so no fnhost type needs Hazelcast serialization.
 */
@Component(service = ClusterInvocations.class, immediate = true)
public final class InvocationQueries implements ClusterInvocations {
    /** The Hazelcast executor the questions run on. */
    static final String EXECUTOR = "fnhost.invocations";
    /** Where a member's {@link HazelcastInstance#getUserContext() user context} holds this node's component. */
    static final String USER_CONTEXT_KEY = InvocationQueries.class.getName();
    private static final Logger LOG = LoggerFactory.getLogger(InvocationQueries.class);

    private final HazelcastInstance hazelcast;
    private final long waitMillis;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile FunctionRuntime runtime;

    @Activate
    public InvocationQueries(@Reference HazelcastInstance hazelcast) {
        this(hazelcast, 3_000);
    }

    InvocationQueries(HazelcastInstance hazelcast, long waitMillis) {
        this.hazelcast = hazelcast;
        this.waitMillis = waitMillis;
        hazelcast.getUserContext().put(USER_CONTEXT_KEY, this);
    }

    @Deactivate
    void deactivate() {
        hazelcast.getUserContext().remove(USER_CONTEXT_KEY, this);
    }

    @Override
    public Answer invocations(String function, int limit) {
        IExecutorService executor = hazelcast.getExecutorService(EXECUTOR);
        Map<Member, Future<String>> asked;
        try {
            asked = executor.submitToMembers(new RecentInvocations(function, limit), member -> !member.localMember());
        } catch (RejectedExecutionException noOtherMember) {
            return new Answer(List.of(), List.of());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        List<InvocationRecordDTO> records = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        for (Map.Entry<Member, Future<String>> answer : asked.entrySet()) {
            String node = nodeName(answer.getKey());
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                String json = answer.getValue().get(left, TimeUnit.NANOSECONDS);
                records.addAll(Arrays.asList(ClusterMaps.fromJson(json, InvocationRecordDTO[].class)));
            } catch (TimeoutException | ExecutionException | RuntimeException e) {
                answer.getValue().cancel(true);
                unanswered.add(node);
                LOG.debug("Node {} did not answer for its invocation records: {}", node, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unanswered.add(node);
            }
        }
        records.sort(NEWEST_FIRST);
        return new Answer(List.copyOf(records.subList(0, Math.min(limit, records.size()))), List.copyOf(unanswered));
    }

    /** This node's newest records as JSON (an empty array while the node has no function runtime). */
    String localRecords(String function, int limit) {
        FunctionRuntime rt = runtime;
        return ClusterMaps.toJson(rt == null ? List.of() : rt.invocations(function, limit));
    }

    private static String nodeName(Member member) {
        String node = member.getAttribute(ClusterMaps.ATTRIBUTE_NODE);
        return node == null ? String.valueOf(member.getAddress()) : node;
    }
}
