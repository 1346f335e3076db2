package io.fnhost.itests.showcase;

import java.util.Optional;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

/**
 * One function per HTTP binding rule that fnhost reproduces from the Azure Java worker and host
 * (shared/azure-functions-semantics.md sections 2.3 and 3). Every function compiles unchanged for
 * Azure. host.json sets the route prefix "show" and a 2 second function timeout.
 */
public class Showcase {

    /** Request body, bound by Gson's rules: fields by exact name, unknown properties ignored. */
    public static class Person {
        public String name;
        public int age;
        public String nickname;
    }

    /** Response body, written by Gson: declared field order, null fields omitted. */
    public static class Reply {
        public String greeting;
        public int nextAge;
        public String nickname;
    }

    /** POJO in (JSON body), POJO out (JSON). */
    @FunctionName("pojo")
    public Reply pojo(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<Person>> request) {
        Person person = request.getBody().orElseGet(Person::new);
        Reply reply = new Reply();
        reply.greeting = "Hello, " + person.name;
        reply.nextAge = person.age + 1;
        reply.nickname = person.nickname;
        return reply;
    }

    /** Binary in and out: application/octet-stream arrives as bytes; answers them reversed. */
    @FunctionName("bytes")
    public HttpResponseMessage bytes(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<byte[]>> request) {
        byte[] in = request.getBody().orElse(new byte[0]);
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return request.createResponseBuilder(HttpStatus.OK)
                .header("Content-Type", "application/octet-stream")
                .body(out).build();
    }

    /** A status that is not in the HttpStatus enum, plus a custom header. */
    @FunctionName("custom")
    public HttpResponseMessage custom(
            @HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatusType.custom(299))
                .header("X-Showcase", "custom-header")
                .header("Content-Type", "text/plain; charset=utf-8")
                .body("custom status").build();
    }

    /** Unhandled exception: the client gets 500 and nothing of the exception. */
    @FunctionName("boom")
    public String boom(
            @HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        throw new IllegalStateException("showcase-secret-detail");
    }

    /** No HTTP output at all: 200 with an empty body. */
    @FunctionName("nothing")
    public void nothing(
            @HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        context.getLogger().info("nothing to return");
    }

    /** Route template with alpha, int and optional constraints; route values via @BindingName. */
    @FunctionName("product")
    public String product(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "products/{category:alpha}/{id:int?}") HttpRequestMessage<Optional<String>> request,
            @BindingName("category") String category,
            @BindingName("id") String id) {
        return "category=" + category + ";id=" + id;
    }

    /** The portable way to read an optional route value: Optional is empty when the segment is omitted. */
    @FunctionName("item")
    public String item(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "items/{category:alpha}/{id:int?}") HttpRequestMessage<Optional<String>> request,
            @BindingName("category") String category,
            @BindingName("id") Optional<Integer> id) {
        return "category=" + category + ";id=" + id.map(String::valueOf).orElse("none");
    }

    /** An int-constrained route value bound to an int parameter. */
    @FunctionName("double")
    public String doubled(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "double/{n:int}") HttpRequestMessage<Optional<String>> request,
            @BindingName("n") int n) {
        return String.valueOf(2 * n);
    }

    /** Only POST matches: a GET is no route at all (404, not 405). */
    @FunctionName("postonly")
    public String postOnly(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request) {
        return "posted";
    }

    /** A query parameter through @BindingName. */
    @FunctionName("query")
    public String query(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("who") String who) {
        return "who=" + who;
    }

    /** Runs past host.json's functionTimeout (2 s): the invocation fails with 500. */
    @FunctionName("slow")
    public String slow(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request) throws InterruptedException {
        Thread.sleep(30_000);
        return "too late";
    }
}
