package io.fnhost.itests.greeter;

import java.util.Optional;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

public class Greeter {

    @FunctionName("greet")
    public String greet(
            @HttpTrigger(name = "req", route = "greet/{name:alpha}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name,
            ExecutionContext context) {
        context.getLogger().info("greeting " + name);
        return "v2: Hello, " + name;
    }

    /** Only in version 2. */
    @FunctionName("added")
    public String added(
            @HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "added in v2";
    }

    /** Answers after 3 s: a request in flight while version 2 is replaced must still get this answer. */
    @FunctionName("slow")
    public String slow(
            @HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) throws InterruptedException {
        context.getLogger().info("slow v2 started");
        Thread.sleep(3000);
        return new SlowAnswer("slow v2").toString();
    }
}
