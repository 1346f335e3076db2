package io.fnhost.itests.guarded;

import java.util.Optional;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

/** One function per Azure auth level, one to disable by app setting, one slow one for the throttles. */
public class Guarded {

    @FunctionName("open")
    public String open(@HttpTrigger(name = "req", methods = {HttpMethod.GET},
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "open";
    }

    /** authLevel defaults to FUNCTION, as in Azure. */
    @FunctionName("guarded")
    public String guarded(@HttpTrigger(name = "req", methods = {HttpMethod.GET}) HttpRequestMessage<Optional<String>> request) {
        return "guarded";
    }

    @FunctionName("adminOnly")
    public String adminOnly(@HttpTrigger(name = "req", methods = {HttpMethod.GET},
            authLevel = AuthorizationLevel.ADMIN) HttpRequestMessage<Optional<String>> request) {
        return "admin";
    }

    @FunctionName("toggled")
    public String toggled(@HttpTrigger(name = "req", methods = {HttpMethod.GET},
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "toggled";
    }

    /** Answers after the {@code ms} query parameter's milliseconds: keeps a request executing. */
    @FunctionName("hold")
    public String hold(@HttpTrigger(name = "req", methods = {HttpMethod.GET},
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) throws InterruptedException {
        long ms = Long.parseLong(request.getQueryParameters().getOrDefault("ms", "0"));
        Thread.sleep(ms);
        return "held";
    }
}
