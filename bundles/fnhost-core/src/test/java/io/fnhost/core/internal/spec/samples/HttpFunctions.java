package io.fnhost.core.internal.spec.samples;

import java.util.Optional;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpOutput;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueOutput;

/**
 * HTTP samples. The same source is compiled by the reference project that runs Azure's Maven plugin
 * (see src/test/resources/azure-reference/README.md), so keep it free of fnhost types.
 */
public class HttpFunctions {

    /** Methods + anonymous: the implicit {@code http} output is added because the return type is not void. */
    @FunctionName("HttpGetPost")
    public HttpResponseMessage getPost(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.POST},
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return request.createResponseBuilder(HttpStatus.OK).body("hello").build();
    }

    /** Route template with a route parameter read through {@code @BindingName}; all defaults otherwise. */
    @FunctionName("HttpRoute")
    public String route(
            @HttpTrigger(name = "req", route = "products/{category:alpha}/{id:int?}") HttpRequestMessage<String> request,
            @BindingName("id") String id) {
        return id;
    }

    /** Admin level, binary body, explicit {@code $return} through a method-level {@code @HttpOutput}. */
    @FunctionName("HttpAdminBinary")
    @HttpOutput(name = "res")
    public HttpResponseMessage admin(
            @HttpTrigger(name = "req", methods = {HttpMethod.PUT}, authLevel = AuthorizationLevel.ADMIN,
                    dataType = "binary") HttpRequestMessage<Optional<byte[]>> request) {
        return request.createResponseBuilder(HttpStatus.NO_CONTENT).build();
    }

    /** Void method: no implicit output; the response goes through an {@code OutputBinding} parameter. */
    @FunctionName("HttpOutputParam")
    public void outputParam(
            @HttpTrigger(name = "req", methods = {HttpMethod.DELETE}) HttpRequestMessage<Optional<String>> request,
            @HttpOutput(name = "response") OutputBinding<HttpResponseMessage> response) {
        response.setValue(request.createResponseBuilder(HttpStatus.ACCEPTED).build());
    }

    /** Void method without any output: the plugin writes the trigger only. */
    @FunctionName("HttpVoid")
    public static void fireAndForget(
            @HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<String> request) {
    }

    /** The return value goes to a queue, so no implicit {@code http} output is added. */
    @FunctionName("HttpToQueue")
    @QueueOutput(name = "msg", queueName = "orders", connection = "AzureWebJobsStorage")
    public String toQueue(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "orders",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<String> request) {
        return request.getBody();
    }
}
