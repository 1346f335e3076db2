package io.fnhost.cluster.internal.invocations;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
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
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.InvocationRecordDTO;

/**
 * Asks the other members for their newest invocation records ({@link RecentInvocations}) or to run a
 * function once ({@link RunOnce}), on Hazelcast's executor {@value #EXECUTOR}, and answers such requests
 * from this node's {@link FunctionRuntime}.
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
    /** {@link RunOnce}'s answers. */
    static final String ACCEPTED = "accepted";
    static final String NOT_HERE = "not-here";
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

    @Override
    public Run invokeOnce(String function, String input) {
        List<Member> others = new ArrayList<>(hazelcast.getCluster().getMembers());
        others.removeIf(Member::localMember);
        // spread the operator's runs over the nodes that run the function
        Collections.shuffle(others);
        IExecutorService executor = hazelcast.getExecutorService(EXECUTOR);
        for (Member member : others) {
            String node = nodeName(member);
            Future<String> answer;
            try {
                answer = executor.submitToMember(new RunOnce(function, input), member);
            } catch (RejectedExecutionException | IllegalStateException gone) {
                continue; // the member left meanwhile
            }
            try {
                if (ACCEPTED.equals(answer.get(waitMillis, TimeUnit.MILLISECONDS))) {
                    LOG.info("Function {} runs once on node {} at an administrator's request", function, node);
                    return new Run(RunStatus.ACCEPTED, node);
                }
            } catch (ExecutionException e) {
                // the task did not run there (the member left, or refused it): no invocation
                LOG.debug("Node {} could not take function {}: {}", node, function, e.toString());
            } catch (TimeoutException e) {
                return new Run(RunStatus.UNCONFIRMED, node);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Run(RunStatus.UNCONFIRMED, node);
            }
        }
        return new Run(RunStatus.NOT_RUNNING, null);
    }

    /** Runs {@code function} once here when it is running here (the answer to {@link RunOnce}). */
    String runLocally(String function, String input) {
        FunctionRuntime rt = runtime;
        Optional<FunctionDTO> here = rt == null ? Optional.empty() : rt.function(function);
        if (here.isEmpty() || here.get().state != FunctionState.RUNNING) {
            return NOT_HERE;
        }
        try {
            rt.invoke(here.get().name, input).whenComplete((result, failure) -> {
                if (failure != null) {
                    LOG.debug("Function {} run at an administrator's request did not run: {}", function,
                            failure.toString());
                }
            });
            return ACCEPTED;
        } catch (NoSuchElementException | IllegalStateException e) {
            return NOT_HERE; // replaced or stopped since the check
        }
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
