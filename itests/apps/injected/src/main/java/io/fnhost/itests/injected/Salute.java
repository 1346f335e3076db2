package io.fnhost.itests.injected;

import java.util.Optional;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

/** No no-argument constructor: only the app's injector can create it, as with a DI container on Azure. */
public class Salute {
    private final String salutation;

    public Salute(String salutation) {
        this.salutation = salutation;
    }

    @FunctionName("salute")
    public String salute(
            @HttpTrigger(name = "req", route = "salute/{name}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name) {
        return salutation + ", " + name;
    }
}
