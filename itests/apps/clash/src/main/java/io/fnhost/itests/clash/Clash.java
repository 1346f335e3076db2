package io.fnhost.itests.clash;

import java.util.Optional;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

/** Deployed beside the guarded app: two functions that must fail alone, one that must run. */
public class Clash {

    /** Claims GET /api/open, which the guarded app's function "open" already serves. */
    @FunctionName("openToo")
    public String openToo(@HttpTrigger(name = "req", route = "OPEN", methods = {HttpMethod.GET},
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "clash";
    }

    /** A route template that does not parse. */
    @FunctionName("badRoute")
    public String badRoute(@HttpTrigger(name = "req", route = "items/{id:int", methods = {HttpMethod.GET},
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "never";
    }

    /** Same path as "open" but only for POST: no clash. */
    @FunctionName("postOpen")
    public String postOpen(@HttpTrigger(name = "req", route = "open", methods = {HttpMethod.POST},
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "posted";
    }
}
