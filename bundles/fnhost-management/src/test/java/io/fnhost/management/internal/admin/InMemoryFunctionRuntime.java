package io.fnhost.management.internal.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.HostStatusDTO;
import io.fnhost.spi.InvocationRecordDTO;
import io.fnhost.spi.InvocationResult;

/** A {@link FunctionRuntime} over lists the test fills; records what the admin API asked of it. */
final class InMemoryFunctionRuntime implements FunctionRuntime {
    /** One call of {@link #invoke}. */
    record Invocation(String function, String input) {
    }

    /** One call of {@link #invocations}. */
    record InvocationsQuery(String function, int limit) {
    }

    final List<FunctionDTO> functions = new CopyOnWriteArrayList<>();
    final List<InvocationRecordDTO> records = new CopyOnWriteArrayList<>();
    final List<Invocation> invoked = new CopyOnWriteArrayList<>();
    final List<InvocationsQuery> queries = new CopyOnWriteArrayList<>();
    /** Returned by {@link #invoke}; never completed unless a test does, which proves the API does not wait. */
    final CompletableFuture<InvocationResult> pendingInvocation = new CompletableFuture<>();
    HostStatusDTO status = new HostStatusDTO();
    volatile boolean running = true;
    /** When non-zero, {@link #running()} turns true on this call (a host finishing its start meanwhile). */
    volatile int runningFromCheck;
    final AtomicInteger runningChecks = new AtomicInteger();
    volatile RuntimeException invokeFailure;

    @Override
    public List<FunctionDTO> functions() {
        return List.copyOf(functions);
    }

    @Override
    public Optional<FunctionDTO> function(String name) {
        List<FunctionDTO> matches = new ArrayList<>();
        functions.stream().filter(f -> f.name.equalsIgnoreCase(name)).forEach(matches::add);
        return matches.isEmpty() ? Optional.empty() : Optional.of(matches.get(matches.size() - 1));
    }

    @Override
    public List<InvocationRecordDTO> invocations(String function, int limit) {
        queries.add(new InvocationsQuery(function, limit));
        return records.stream().filter(r -> function == null || r.function.equalsIgnoreCase(function))
                .limit(limit).toList();
    }

    @Override
    public HostStatusDTO hostStatus() {
        return status;
    }

    @Override
    public boolean running() {
        int check = runningChecks.incrementAndGet();
        if (runningFromCheck > 0 && check >= runningFromCheck) {
            running = true;
        }
        return running;
    }

    @Override
    public CompletionStage<InvocationResult> invoke(String function, String input) {
        if (invokeFailure != null) {
            throw invokeFailure;
        }
        invoked.add(new Invocation(function, input));
        return pendingInvocation;
    }

    FunctionDTO add(String app, String name, String triggerType, FunctionState state) {
        FunctionDTO function = new FunctionDTO();
        function.app = app;
        function.appVersion = "1.0.0";
        function.name = name;
        function.entryPoint = "com.example." + app + "." + name + ".run";
        function.state = state;
        BindingDTO trigger = new BindingDTO();
        trigger.type = triggerType;
        trigger.direction = BindingDTO.DIRECTION_IN;
        trigger.name = "req";
        function.bindings.add(trigger);
        functions.add(function);
        return function;
    }
}
