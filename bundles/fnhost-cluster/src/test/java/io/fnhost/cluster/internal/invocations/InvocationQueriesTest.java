package io.fnhost.cluster.internal.invocations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.hazelcast.core.HazelcastInstance;

import io.fnhost.cluster.ClusterInvocations;
import io.fnhost.cluster.internal.StubFunctionRuntime;
import io.fnhost.cluster.internal.TestMembers;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.InvocationRecordDTO;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;

/** Real members in one JVM: the management node asks, the workers answer from their own records. */
class InvocationQueriesTest {
    private final TestMembers members = new TestMembers();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        members.close();
    }

    @Test
    void theOtherNodesRecordsComeNewestFirstFilteredAndLimited() {
        HazelcastInstance management = members.start("m1", "management", "default", 1);
        HazelcastInstance w1 = members.start("w1", "worker", "default", 1);
        HazelcastInstance w2 = members.start("w2", "worker", "default", 1);
        InvocationQueries asking = new InvocationQueries(management, 10_000);
        asking.runtime = new Records(record("m1", "hello", 999)); // this node's own: not the cluster's answer
        new InvocationQueries(w1, 10_000).runtime = new Records(record("w1", "hello", 100), record("w1", "orders", 300));
        new InvocationQueries(w2, 10_000).runtime = new Records(record("w2", "hello", 200));

        ClusterInvocations.Answer all = asking.invocations(null, 10);
        assertThat(all.records()).extracting(r -> r.node + ":" + r.function + ":" + r.start)
                .containsExactly("w1:orders:300", "w2:hello:200", "w1:hello:100");
        assertThat(all.records().get(0).status).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(all.records().get(0).logs).containsExactly("line of orders");
        assertThat(all.unanswered()).isEmpty();

        assertThat(asking.invocations("HELLO", 10).records()).extracting(r -> r.node).containsExactly("w2", "w1");
        assertThat(asking.invocations(null, 2).records()).hasSize(2);
    }

    @Test
    void aNodeWithoutRecordsAnswersNoneAndOneThatHangsIsNamed() {
        HazelcastInstance management = members.start("m1", "management", "default", 1);
        HazelcastInstance w1 = members.start("w1", "worker", "default", 1);
        HazelcastInstance w2 = members.start("w2", "worker", "default", 1);
        HazelcastInstance w3 = members.start("w3", "worker", "default", 1);
        InvocationQueries asking = new InvocationQueries(management, 1_000);
        new InvocationQueries(w1, 1_000).runtime = new Records(record("w1", "hello", 100));
        // w2: fnhost-cluster's component is not active there (no answerer in its user context)
        assertThat(w2.getUserContext()).doesNotContainKey(InvocationQueries.USER_CONTEXT_KEY);
        new InvocationQueries(w3, 1_000).runtime = new Records(record("w3", "hello", 50)) {
            @Override
            public List<InvocationRecordDTO> invocations(String function, int limit) {
                try {
                    release.await(30, TimeUnit.SECONDS); // stuck until the test ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.invocations(function, limit);
            }
        };

        ClusterInvocations.Answer answer = asking.invocations(null, 10);

        assertThat(answer.records()).extracting(r -> r.node).containsExactly("w1");
        assertThat(answer.unanswered()).containsExactly("w3");
    }

    @Test
    void aClusterOfOneAnswersNothingAndADeactivatedNodeNoMore() {
        HazelcastInstance alone = members.start("m1", "management", "default", 1);
        InvocationQueries queries = new InvocationQueries(alone, 1_000);
        assertThat(queries.invocations(null, 10).records()).isEmpty();

        queries.deactivate();
        assertThat(alone.getUserContext()).doesNotContainKey(InvocationQueries.USER_CONTEXT_KEY);
    }

    @Test
    void aFunctionIsRunOnceOnTheOneNodeThatRunsIt() {
        HazelcastInstance management = members.start("m1", "management", "default", 1);
        HazelcastInstance w1 = members.start("w1", "worker", "default", 1);
        HazelcastInstance w2 = members.start("w2", "worker", "default", 1);
        HazelcastInstance w3 = members.start("w3", "worker", "default", 1);
        InvocationQueries asking = new InvocationQueries(management, 10_000);
        asking.runtime = new Runs(FunctionState.RUNNING); // never asked itself
        Runs onW1 = new Runs(FunctionState.WAITING);
        Runs onW2 = new Runs(FunctionState.RUNNING);
        new InvocationQueries(w1, 10_000).runtime = onW1;
        new InvocationQueries(w2, 10_000).runtime = onW2;
        // w3: no queries component active

        for (int i = 0; i < 5; i++) { // whatever order the members are tried in
            ClusterInvocations.Run run = asking.invokeOnce("Cleanup", "input-" + i);
            assertThat(run).isEqualTo(new ClusterInvocations.Run(ClusterInvocations.RunStatus.ACCEPTED, "w2"));
        }
        assertThat(onW2.invoked).containsExactly("cleanup:input-0", "cleanup:input-1", "cleanup:input-2",
                "cleanup:input-3", "cleanup:input-4");
        assertThat(onW1.invoked).isEmpty();
        assertThat(((Runs) asking.runtime).invoked).isEmpty();

        onW2.state = FunctionState.ERROR;
        assertThat(asking.invokeOnce("cleanup", null).status()).isEqualTo(ClusterInvocations.RunStatus.NOT_RUNNING);
        assertThat(asking.invokeOnce("unknown", null).status()).isEqualTo(ClusterInvocations.RunStatus.NOT_RUNNING);
    }

    @Test
    void aNodeThatDoesNotConfirmEndsTheSearchSoTheFunctionRunsAtMostOnce() {
        HazelcastInstance management = members.start("m1", "management", "default", 1);
        HazelcastInstance w1 = members.start("w1", "worker", "default", 1);
        InvocationQueries asking = new InvocationQueries(management, 500);
        Runs stuck = new Runs(FunctionState.RUNNING) {
            @Override
            public Optional<FunctionDTO> function(String name) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.function(name);
            }
        };
        new InvocationQueries(w1, 500).runtime = stuck;

        assertThat(asking.invokeOnce("cleanup", "x"))
                .isEqualTo(new ClusterInvocations.Run(ClusterInvocations.RunStatus.UNCONFIRMED, "w1"));
    }

    private static InvocationRecordDTO record(String node, String function, long start) {
        InvocationRecordDTO r = new InvocationRecordDTO();
        r.id = node + "-" + function + "-" + start;
        r.app = "samples";
        r.function = function;
        r.node = node;
        r.start = start;
        r.status = InvocationStatus.SUCCEEDED;
        r.logs.add("line of " + function);
        return r;
    }

    /** A node with one timer function, {@code cleanup}, in {@link #state}; records what it is asked to run. */
    private static class Runs extends StubFunctionRuntime {
        final List<String> invoked = new CopyOnWriteArrayList<>();
        volatile FunctionState state;

        Runs(FunctionState state) {
            this.state = state;
        }

        @Override
        public Optional<FunctionDTO> function(String name) {
            if (!name.equalsIgnoreCase("cleanup")) {
                return Optional.empty();
            }
            FunctionDTO f = new FunctionDTO();
            f.name = "cleanup";
            f.state = state;
            return Optional.of(f);
        }

        @Override
        public CompletionStage<InvocationResult> invoke(String function, String input) {
            if (state != FunctionState.RUNNING) {
                throw new IllegalStateException("cleanup is " + state);
            }
            invoked.add(function + ":" + input);
            return new CompletableFuture<>();
        }
    }

    /** A node's records, newest first, filtered by function as the host's store does. */
    private static class Records extends StubFunctionRuntime {
        private final List<InvocationRecordDTO> records = new ArrayList<>();

        Records(InvocationRecordDTO... records) {
            this.records.addAll(List.of(records));
            this.records.sort((a, b) -> Long.compare(b.start, a.start));
        }

        @Override
        public List<InvocationRecordDTO> invocations(String function, int limit) {
            return records.stream().filter(r -> function == null
                    || r.function.toLowerCase(Locale.ROOT).equals(function.toLowerCase(Locale.ROOT)))
                    .limit(limit).toList();
        }
    }
}
