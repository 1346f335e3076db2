package io.fnhost.cluster.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.HostStatusDTO;
import io.fnhost.spi.InvocationRecordDTO;
import io.fnhost.spi.InvocationResult;

/** A running host with no functions and no records; tests override what they need. */
public class StubFunctionRuntime implements FunctionRuntime {
    @Override
    public List<FunctionDTO> functions() {
        return List.of();
    }

    @Override
    public Optional<FunctionDTO> function(String name) {
        return Optional.empty();
    }

    @Override
    public List<InvocationRecordDTO> invocations(String function, int limit) {
        return List.of();
    }

    @Override
    public HostStatusDTO hostStatus() {
        return new HostStatusDTO();
    }

    @Override
    public boolean running() {
        return true;
    }

    @Override
    public CompletionStage<InvocationResult> invoke(String function, String input) {
        throw new UnsupportedOperationException("not used by this test");
    }
}
