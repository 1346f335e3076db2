package io.fnhost.itests.mixed;

import java.util.Optional;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.KafkaTrigger;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/**
 * One function app holding one valid function and one function per way a function can be
 * refused or parked. The core must mark each bad one on its own and keep {@code ok} running.
 */
public class Mixed {

    /** Valid: RUNNING once httpTrigger and http providers exist. */
    @FunctionName("ok")
    public String ok(
            @HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "ok";
    }

    /** Invalid: a function has exactly one trigger. ERROR. */
    @FunctionName("twoTriggers")
    public String twoTriggers(
            @HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @QueueTrigger(name = "message", queueName = "orders", connection = "AzureWebJobsStorage") String message) {
        return "never";
    }

    /** Invalid: Azure function names start with a letter. ERROR. */
    @FunctionName("1bad")
    public String badName(
            @HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "never";
    }

    /** Valid, but no kafkaTrigger provider is installed: WAITING for kafkaTrigger. */
    @FunctionName("kafka")
    public void kafka(
            @KafkaTrigger(name = "event", topic = "orders", brokerList = "localhost:9092", consumerGroup = "fnhost") String event,
            ExecutionContext context) {
        context.getLogger().info("kafka event " + event);
    }

    /** Invalid: the entry point {@code Mixed.overloaded} names two methods. ERROR. */
    @FunctionName("overloaded")
    public String overloaded(
            @HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "never";
    }

    public String overloaded(String text) {
        return text;
    }
}
