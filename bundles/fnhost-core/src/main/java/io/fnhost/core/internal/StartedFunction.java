package io.fnhost.core.internal;

import java.lang.reflect.Type;
import java.util.Map;

import io.fnhost.core.internal.invoke.CompiledFunction;
import io.fnhost.core.internal.invoke.StopSignal;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.TriggerData;

/**
 * What a provider gets for one start of a function: the function's descriptor with the disabled flag
 * fixed at that start, and the function's one compiled invoker. When the disabled setting changes the
 * host starts a new listener with a new instance of this and then stops the old one, so each listener
 * keeps seeing the value it was started with (as {@link FunctionDescriptor#disabled()} promises).
 * Retries of the events its listener delivered stop when the host stops that listener.
 */
final class StartedFunction implements FunctionDescriptor, FunctionInvoker {
    private final DeployedFunction function;
    private final CompiledFunction invoker;
    private final boolean disabled;
    private final StopSignal retries = new StopSignal();

    StartedFunction(DeployedFunction function, boolean disabled) {
        this.function = function;
        this.invoker = function.invoker;
        this.disabled = disabled;
    }

    // ---- FunctionInvoker

    @Override
    public FunctionDescriptor function() {
        return this;
    }

    @Override
    public InvocationResult invoke(TriggerData trigger) {
        return invoker.invoke(trigger, retries);
    }

    /** The listener stopped: retries waiting for their next attempt give up and report their last failure. */
    void stopRetries() {
        retries.stop();
    }

    // ---- FunctionDescriptor

    @Override
    public boolean disabled() {
        return disabled;
    }

    @Override
    public String appSetting(String name) {
        return function.appSetting(name);
    }

    @Override
    public String app() {
        return function.app();
    }

    @Override
    public String appVersion() {
        return function.appVersion();
    }

    @Override
    public long generation() {
        return function.generation();
    }

    @Override
    public String name() {
        return function.name();
    }

    @Override
    public FunctionDTO dto() {
        return function.dto();
    }

    @Override
    public BindingDTO trigger() {
        return function.trigger();
    }

    @Override
    public BindingDTO binding(String type, String direction) {
        return function.binding(type, direction);
    }

    @Override
    public Type parameterType(String bindingName) {
        return function.parameterType(bindingName);
    }

    @Override
    public Map<String, Object> hostExtension(String extension) {
        return function.hostExtension(extension);
    }

    @Override
    public String toString() {
        return function + (disabled ? " (disabled)" : "");
    }
}
