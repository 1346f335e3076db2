package io.fnhost.itests.greeter;

import java.util.Optional;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

/** Version 3 would answer differently, but its bundle imports a package nobody exports and never resolves. */
public class Greeter {

    @FunctionName("greet")
    public String greet(
            @HttpTrigger(name = "req", route = "greet/{name:alpha}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name) {
        return "v3: Hello, " + name;
    }
}
