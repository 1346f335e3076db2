package io.fnhost.cluster.internal.invocations;

/** "Your newest records", as JSON. */
final class RecentInvocations extends MemberTask {
    private static final long serialVersionUID = 2L;

    private final String function;
    private final int limit;

    RecentInvocations(String function, int limit) {
        this.function = function;
        this.limit = limit;
    }

    @Override
    String on(InvocationQueries here) {
        return here.localRecords(function, limit);
    }

    @Override
    String withoutQueries() {
        return "[]";
    }
}
