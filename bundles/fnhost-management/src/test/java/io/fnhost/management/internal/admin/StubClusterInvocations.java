package io.fnhost.management.internal.admin;

import java.util.List;
import java.util.function.BiFunction;

import io.fnhost.cluster.ClusterInvocations;

/** The other nodes of a cluster as the admin API sees them, answering what a test tells them to. */
final class StubClusterInvocations implements ClusterInvocations {
    private final BiFunction<String, Integer, Answer> records;
    private final BiFunction<String, String, Run> runs;

    private StubClusterInvocations(BiFunction<String, Integer, Answer> records, BiFunction<String, String, Run> runs) {
        this.records = records;
        this.runs = runs;
    }

    /** Nodes with these records (function, limit -> answer) that run no function. */
    static StubClusterInvocations withRecords(BiFunction<String, Integer, Answer> records) {
        return new StubClusterInvocations(records, (function, input) -> new Run(RunStatus.NOT_RUNNING, null));
    }

    /** Nodes without records that take invocations as {@code runs} (function, input -> run) says. */
    static StubClusterInvocations running(BiFunction<String, String, Run> runs) {
        return new StubClusterInvocations((function, limit) -> new Answer(List.of(), List.of()), runs);
    }

    @Override
    public Answer invocations(String function, int limit) {
        return records.apply(function, limit);
    }

    @Override
    public Run invokeOnce(String function, String input) {
        return runs.apply(function, input);
    }
}
