package io.fnhost.core.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.fnhost.core.internal.invoke.CompiledFunction;
import io.fnhost.core.internal.spec.ParameterBindings;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.BindingHandler;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.TriggerListener;

/**
 * One function of one deployed app version: the descriptor providers see, and its lifecycle state,
 * which only {@link FunctionHost} changes (under its lock) and anyone may read.
 */
final class DeployedFunction implements FunctionDescriptor {
    /** State snapshot, replaced as a whole so readers need no lock. */
    record Status(FunctionState state, String message, List<String> waitingFor) {
    }

    final FunctionApp app;
    private final FunctionDTO spec;
    private final BindingDTO trigger;
    private final Map<String, Type> parameterTypes;
    /** Null when the function could not be compiled ({@link #status} says why). */
    CompiledFunction invoker;
    volatile Status status = new Status(FunctionState.WAITING, "not started yet", List.of());
    /**
     * The disabled setting as last read; a listener's descriptor ({@link StartedFunction}) keeps the value
     * it started with. Written under FunctionHost's lock.
     */
    volatile boolean disabled;
    // Held while running; guarded by FunctionHost's lock.
    TriggerListener listener;
    /** The invoker and descriptor {@link #listener} was started with. */
    StartedFunction started;
    ProviderEntry triggerProvider;
    List<ProviderEntry> providers = List.of();
    List<BindingHandler> handlers = List.of();

    DeployedFunction(FunctionApp app, FunctionDTO spec, Method method) {
        this.app = app;
        this.spec = spec;
        this.trigger = spec.bindings.stream().filter(BindingDTO::isTrigger).findFirst().orElse(null);
        this.parameterTypes = method == null ? Map.of() : ParameterBindings.parameterTypes(method);
    }

    @Override
    public String app() {
        return app.name;
    }

    @Override
    public String appVersion() {
        return app.version;
    }

    @Override
    public long generation() {
        return app.generation;
    }

    @Override
    public String name() {
        return spec.name;
    }

    FunctionDTO spec() {
        return spec;
    }

    @Override
    public FunctionDTO dto() {
        FunctionDTO dto = new FunctionDTO();
        dto.app = spec.app;
        dto.appVersion = app.version;
        dto.bundleId = app.bundle.getBundleId();
        dto.name = spec.name;
        dto.entryPoint = spec.entryPoint;
        for (BindingDTO b : spec.bindings) {
            BindingDTO copy = new BindingDTO();
            copy.type = b.type;
            copy.direction = b.direction;
            copy.name = b.name;
            copy.attributes.putAll(b.attributes);
            dto.bindings.add(copy);
        }
        dto.retry = spec.retry;
        Status s = status;
        dto.state = s.state();
        dto.stateMessage = s.message();
        dto.waitingFor.addAll(s.waitingFor());
        dto.disabled = disabled;
        return dto;
    }

    @Override
    public BindingDTO trigger() {
        return trigger;
    }

    @Override
    public BindingDTO binding(String type, String direction) {
        List<BindingDTO> bindings = spec.bindings;
        for (BindingDTO b : bindings) {
            if (b.type.equalsIgnoreCase(type) && b.direction.equalsIgnoreCase(direction)) {
                return b;
            }
        }
        return null;
    }

    @Override
    public Type parameterType(String bindingName) {
        return parameterTypes.get(bindingName);
    }

    @Override
    public Map<String, Object> hostExtension(String extension) {
        return app.hostJson.extension(extension);
    }

    /** The current value; see {@link StartedFunction} for the value fixed per listener. */
    @Override
    public boolean disabled() {
        return disabled;
    }

    @Override
    public String appSetting(String name) {
        return app.settings.setting(app.name, name);
    }

    /** Whether the app's settings now disable this function. */
    boolean disabledBySettings() {
        return isDisabled(spec.name, name -> app.settings.setting(app.name, name));
    }

    /**
     * Azure's rule: app setting {@code AzureWebJobs.<name>.Disabled} or {@code AzureWebJobs_<name>_Disabled}
     * (names case-insensitive) is {@code true} (any case) or {@code 1}.
     */
    static boolean isDisabled(String function, UnaryOperator<String> setting) {
        return isTrue(setting.apply("AzureWebJobs." + function + ".Disabled"))
                || isTrue(setting.apply("AzureWebJobs_" + function + "_Disabled"));
    }

    private static boolean isTrue(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("1");
    }

    @Override
    public String toString() {
        return app.name + "/" + spec.name + " " + app.version;
    }
}
