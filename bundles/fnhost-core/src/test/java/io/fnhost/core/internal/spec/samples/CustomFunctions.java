package io.fnhost.core.internal.spec.samples;

import java.util.Optional;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.CustomBinding;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

/** Custom bindings: direct {@code @CustomBinding} and user annotations meta-annotated with it. */
public class CustomFunctions {

    /** User-defined trigger and a user-defined output on the method ({@code $return}). */
    @FunctionName("RabbitRelay")
    @RabbitMQOutput(name = "ignored", queueName = "relayed", durable = true)
    public String relay(
            @RabbitMQTrigger(name = "message", queueName = "incoming", connectionStringSetting = "RabbitConnection",
                    port = 5672) String message) {
        return message;
    }

    /** Direct {@code @CustomBinding} trigger plus a user-defined output parameter with default attributes. */
    @FunctionName("DirectCustom")
    public void direct(
            @CustomBinding(direction = "in", name = "event", type = "mqttTrigger") String event,
            @RabbitMQOutput(name = "forward", queueName = "mqtt-events") OutputBinding<String> forward) {
        forward.setValue(event);
    }

    /** HTTP trigger with a user-defined input whose name comes from the meta-annotation. */
    @FunctionName("Negotiate")
    public String negotiate(
            @HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            @SignalRConnectionInfoInput(hubName = "chat") String connectionInfo) {
        return connectionInfo;
    }
}
