package io.fnhost.queue.internal;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.google.gson.Gson;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.TriggerData;
import io.fnhost.spi.ValueConverter;

/**
 * A queue-triggered function as the core would hand it to the provider: its bindings, host.json queues
 * section, app settings and a body given as a Java function from the trigger data to an outcome.
 */
final class TestFunction implements FunctionDescriptor, FunctionInvoker {
    /** What one invocation did: outputs by binding name, or a failure. */
    record Outcome(InvocationStatus status, Map<String, Object> outputs) {
        static Outcome ok() {
            return new Outcome(InvocationStatus.SUCCEEDED, Map.of());
        }

        static Outcome ok(String binding, Object value) {
            return new Outcome(InvocationStatus.SUCCEEDED, Map.of(binding, value));
        }

        static Outcome failed() {
            return new Outcome(InvocationStatus.FAILED, Map.of());
        }
    }

    /** Gson defaults, as the core's converter. */
    static final ValueConverter CONVERTER = new ValueConverter() {
        private final Gson gson = new Gson();

        @Override
        public Object convert(Object source, Type target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String toJson(Object value) {
            return gson.toJson(value);
        }
    };

    final String name;
    final List<BindingDTO> bindings = new ArrayList<>();
    final Map<String, Object> queuesSection = new HashMap<>();
    final Map<String, String> settings = new HashMap<>();
    Type triggerType = String.class;
    boolean disabled;
    volatile Function<TriggerData, Outcome> body = data -> Outcome.ok();

    TestFunction(String name, String queue) {
        this.name = name;
        bindings.add(binding("queueTrigger", "in", "message", queue));
    }

    static BindingDTO binding(String type, String direction, String name, String queue) {
        BindingDTO b = new BindingDTO();
        b.type = type;
        b.direction = direction;
        b.name = name;
        b.attributes.put("queueName", queue);
        b.attributes.put("connection", "AzureWebJobsStorage");
        return b;
    }

    TestFunction output(String bindingName, String queue) {
        bindings.add(binding("queue", "out", bindingName, queue));
        return this;
    }

    BindingDTO outputBinding(String bindingName) {
        return bindings.stream().filter(b -> b.name.equals(bindingName)).findFirst().orElseThrow();
    }

    @Override
    public InvocationResult invoke(TriggerData trigger) {
        Outcome outcome = body.apply(trigger);
        String id = UUID.randomUUID().toString();
        return new InvocationResult() {
            @Override
            public String invocationId() {
                return id;
            }

            @Override
            public InvocationStatus status() {
                return outcome.status();
            }

            @Override
            public Throwable error() {
                return outcome.status() == InvocationStatus.SUCCEEDED ? null : new RuntimeException("failed");
            }

            @Override
            public Object output(String bindingName) {
                return outcome.outputs().get(bindingName);
            }
        };
    }

    @Override
    public FunctionDescriptor function() {
        return this;
    }

    @Override
    public String app() {
        return "queues-test";
    }

    @Override
    public String appVersion() {
        return "1.0.0";
    }

    @Override
    public long generation() {
        return 1;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public FunctionDTO dto() {
        FunctionDTO dto = new FunctionDTO();
        dto.name = name;
        dto.bindings = List.copyOf(bindings);
        return dto;
    }

    @Override
    public BindingDTO trigger() {
        return bindings.get(0);
    }

    @Override
    public BindingDTO binding(String type, String direction) {
        return bindings.stream().filter(b -> b.type.equalsIgnoreCase(type) && b.direction.equalsIgnoreCase(direction))
                .findFirst().orElse(null);
    }

    @Override
    public Type parameterType(String bindingName) {
        return "message".equals(bindingName) ? triggerType : null;
    }

    @Override
    public Map<String, Object> hostExtension(String extension) {
        return "queues".equals(extension) ? queuesSection : Map.of();
    }

    @Override
    public boolean disabled() {
        return disabled;
    }

    @Override
    public String appSetting(String setting) {
        return settings.get(setting);
    }
}
