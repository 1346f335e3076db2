package io.fnhost.cluster.internal.invocations;

/** "Run this function once if it runs here": {@link InvocationQueries#ACCEPTED} or {@link InvocationQueries#NOT_HERE}. */
final class RunOnce extends MemberTask {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final String input;

    RunOnce(String function, String input) {
        this.function = function;
        this.input = input;
    }

    @Override
    String on(InvocationQueries here) {
        return here.runLocally(function, input);
    }

    @Override
    String withoutQueries() {
        return InvocationQueries.NOT_HERE;
    }
}
