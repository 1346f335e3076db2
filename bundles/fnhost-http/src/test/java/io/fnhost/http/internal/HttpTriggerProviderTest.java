package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.servlet.Servlet;

import org.junit.jupiter.api.Test;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpStatus;

import io.fnhost.spi.BindingException;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.TriggerListener;

/** Through the provider: start/stop, prefix servlets, and whole requests through a registered servlet. */
class HttpTriggerProviderTest {
    private final Fakes.GsonConverter converter = new Fakes.GsonConverter();
    private final Map<String, Servlet> servlets = new LinkedHashMap<>();
    private final HttpTriggerProvider provider = new HttpTriggerProvider(converter, new TestKeys(), () -> true, 1024, (prefix, servlet) -> {
        assertThat(servlets).doesNotContainKey(prefix);
        servlets.put(prefix, servlet);
        return () -> servlets.remove(prefix);
    });

    private Fakes.Response call(String prefix, Fakes.Request request) throws Exception {
        Fakes.Response response = new Fakes.Response();
        Servlet servlet = servlets.get(prefix);
        assertThat(servlet).as("servlet for prefix '" + prefix + "'").isNotNull();
        servlet.service(request.build(), response.build());
        return response;
    }

    private Fakes.Invoker start(Fakes.Fn fn) throws BindingException {
        Fakes.Invoker invoker = new Fakes.Invoker(fn);
        provider.start(invoker);
        return invoker;
    }

    @Test
    void oneServletPerPrefixRegisteredAndUnregisteredAsRoutesComeAndGo() throws Exception {
        TriggerListener a = provider.start(new Fakes.Invoker(new Fakes.Fn("a", "f")));
        TriggerListener b = provider.start(new Fakes.Invoker(new Fakes.Fn("a", "g")));
        TriggerListener c = provider.start(new Fakes.Invoker(new Fakes.Fn("c", "h").prefix("")));
        assertThat(servlets).containsOnlyKeys("api", "");
        assertThat(PrefixServlets.pattern("api")).isEqualTo("/api/*");
        assertThat(PrefixServlets.pattern("")).isEqualTo("/*");

        a.stop();
        assertThat(servlets).containsOnlyKeys("api", "");
        b.stop();
        b.stop();
        // the default prefix stays served: a starting node answers 503 there, not 404
        assertThat(servlets).containsOnlyKeys("api", "");
        c.stop();
        assertThat(servlets).containsOnlyKeys("api");
    }

    @Test
    void deactivationUnregistersEverythingAndLaterStopsAreHarmless() throws Exception {
        TriggerListener a = provider.start(new Fakes.Invoker(new Fakes.Fn("a", "f")));
        provider.deactivate();
        assertThat(servlets).isEmpty();
        a.stop();
        assertThat(servlets).isEmpty();
    }

    @Test
    void invalidTriggerIsRefusedWithoutRegisteringAnything() {
        assertThatThrownBy(() -> provider.start(new Fakes.Invoker(new Fakes.Fn("a", "f").route("x/{"))))
                .isInstanceOf(BindingException.class);
        assertThat(servlets).isEmpty();
        assertThat(provider.registry().table().routes()).isEmpty();
    }

    @Test
    void dispatchesToTheFunctionAndWritesItsResponse() throws Exception {
        Fakes.Invoker invoker = start(new Fakes.Fn("a", "hello").methods("GET", "POST"));
        invoker.behaviour = data -> {
            HttpRequestMessage<?> req = (HttpRequestMessage<?>) data.value();
            Optional<?> body = (Optional<?>) req.getBody();
            String name = body.map(Object::toString).orElse(req.getQueryParameters().get("name"));
            return Fakes.ok(req.createResponseBuilder(HttpStatus.OK).body("Hello, " + name).build());
        };

        Fakes.Response get = call("api", new Fakes.Request("GET", "/api/hello?name=Ada"));
        assertThat(get.status).isEqualTo(200);
        assertThat(get.text()).isEqualTo("Hello, Ada");
        assertThat(get.contentType).isEqualTo("text/plain; charset=utf-8");

        Fakes.Response post = call("api", new Fakes.Request("POST", "/api/Hello").body("text/plain", "Grace"));
        assertThat(post.text()).isEqualTo("Hello, Grace");
        assertThat(invoker.calls).hasSize(2);
    }

    @Test
    void unknownRouteAndMethodMismatchAre404WithoutInvoking() throws Exception {
        Fakes.Invoker invoker = start(new Fakes.Fn("a", "hello").methods("GET"));
        Fakes.Response unknown = call("api", new Fakes.Request("GET", "/api/nothing"));
        assertThat(unknown.status).isEqualTo(404);
        assertThat(unknown.body.size()).isZero();
        Fakes.Response post = call("api", new Fakes.Request("POST", "/api/hello"));
        assertThat(post.status).isEqualTo(404);
        Fakes.Response odd = call("api", new Fakes.Request("PROPFIND", "/api/hello"));
        assertThat(odd.status).isEqualTo(404);
        assertThat(invoker.calls).isEmpty();
    }

    @Test
    void requestReachingARetiredVersionIsRoutedToItsSuccessor() throws Exception {
        Fakes.Invoker old = start(new Fakes.Fn("a", "hello").generation(1));
        Fakes.Invoker successor = new Fakes.Invoker(new Fakes.Fn("a", "hello").generation(2));
        successor.behaviour = data -> Fakes.ok("from v2");
        // The old version is retired while the request is on its way; its successor is in the table by then.
        old.behaviour = data -> {
            try {
                provider.start(successor);
            } catch (BindingException e) {
                throw new IllegalStateException(e);
            }
            return Fakes.result(InvocationStatus.RETIRED, null, Map.of());
        };

        Fakes.Response response = call("api", new Fakes.Request("GET", "/api/hello"));

        assertThat(response.status).isEqualTo(200);
        assertThat(response.text()).isEqualTo("from v2");
        assertThat(old.calls).hasSize(1);
        assertThat(successor.calls).hasSize(1);
    }

    @Test
    void requestReachingARemovedAppIs404() throws Exception {
        Fakes.Invoker old = new Fakes.Invoker(new Fakes.Fn("a", "gone"));
        TriggerListener listener = provider.start(old);
        // The app is removed while the request is on its way: no version of the function is left.
        old.behaviour = data -> {
            listener.stop();
            return Fakes.result(InvocationStatus.RETIRED, null, Map.of());
        };
        provider.start(new Fakes.Invoker(new Fakes.Fn("a", "other")));

        Fakes.Response response = call("api", new Fakes.Request("GET", "/api/gone"));

        assertThat(response.status).isEqualTo(404);
        assertThat(old.calls).hasSize(1);
    }

    @Test
    void patchReachesTheFunction() throws Exception {
        Fakes.Invoker invoker = start(new Fakes.Fn("a", "p").methods("patch"));
        assertThat(call("api", new Fakes.Request("PATCH", "/api/p")).status).isEqualTo(200);
        assertThat(((HttpRequestMessage<?>) invoker.calls.get(0).value()).getHttpMethod()).isEqualTo(HttpMethod.PATCH);
    }

    @Test
    void contextPathIsNotPartOfTheRoute() throws Exception {
        Fakes.Invoker invoker = start(new Fakes.Fn("a", "f"));
        Fakes.Request r = new Fakes.Request("GET", "/ctx/api/f");
        r.contextPath = "/ctx";
        assertThat(call("api", r).status).isEqualTo(200);
        assertThat(invoker.calls).hasSize(1);
    }

    /** Reads metadata during the invocation, as the core does (request views close afterwards). */
    private static Map<String, Object> metadataSeenBy(Fakes.Invoker invoker, String... names) {
        Map<String, Object> seen = new LinkedHashMap<>();
        invoker.behaviour = data -> {
            for (String name : names) {
                seen.put(name, data.metadata(name));
            }
            seen.put("value()", data.value());
            return Fakes.ok(null);
        };
        return seen;
    }

    @Test
    void triggerMetadataFollowsRouteQueryBodyPrecedence() throws Exception {
        Fakes.Invoker invoker = start(new Fakes.Fn("a", "f").route("users/{id}/{tab?}"));
        Map<String, Object> data = metadataSeenBy(invoker, "id", "tab", "q", "onlyBody", "n", "o", "nil", "empty", "missing",
                "ID", "Onlybody", "code", "Query", "Headers", "$request", "req");
        call("api", new Fakes.Request("POST", "/api/users/7?id=fromQuery&q=1&empty=&tab=t&code=secret")
                .header("X-Trace", "abc")
                .body("application/json", "{\"id\":\"fromBody\",\"q\":\"b\",\"onlyBody\":\"yes\",\"n\":3,\"o\":{\"k\":1},\"nil\":null}"));
        assertThat(data.get("id")).isEqualTo("7");
        assertThat(data.get("tab")).as("absent optional route value falls through to the query").isEqualTo("t");
        assertThat(data.get("q")).isEqualTo("1");
        assertThat(data.get("onlyBody")).isEqualTo("yes");
        assertThat(data.get("n")).isEqualTo("3");
        assertThat(data.get("o")).isEqualTo("{\"k\":1}");
        assertThat(data.get("nil")).isNull();
        assertThat(data.get("empty")).isNull();
        assertThat(data.get("missing")).isNull();
        assertThat(data.get("ID")).as("metadata names ignore case, as the Azure host's binding data").isEqualTo("7");
        assertThat(data.get("Onlybody")).isEqualTo("yes");
        assertThat(data.get("code")).as("the key parameter is never metadata").isNull();
        assertThat(data.get("Query")).isEqualTo(Map.of("id", "fromQuery", "q", "1", "tab", "t", "code", "secret"));
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) data.get("Headers");
        assertThat(headers).containsEntry("x-trace", "abc");
        assertThat(data.get("$request")).isInstanceOf(HttpRequestMessage.class).isSameAs(data.get("value()"));
        assertThat(data.get("req")).isSameAs(data.get("value()"));
    }

    @Test
    void metadataNamesIgnoreCaseAcrossRouteQueryAndBody() throws Exception {
        Fakes.Invoker invoker = start(new Fakes.Fn("a", "f").route("items/{ItemId}"));
        Map<String, Object> data = metadataSeenBy(invoker, "itemid", "PAGE", "sort", "Sort");
        call("api", new Fakes.Request("POST", "/api/items/3?page=2&ITEMID=q")
                .body("application/json", "{\"SORT\":\"asc\",\"itemId\":\"b\"}"));
        assertThat(data.get("itemid")).as("route beats query and body whatever the case").isEqualTo("3");
        assertThat(data.get("PAGE")).isEqualTo("2");
        assertThat(data.get("sort")).isEqualTo("asc");
        assertThat(data.get("Sort")).isEqualTo("asc");
    }

    @Test
    void aConflictingRouteMakesOnlyThatFunctionFail() throws Exception {
        Fakes.Invoker first = start(new Fakes.Fn("a", "f").route("same/{id}"));
        assertThatThrownBy(() -> provider.start(new Fakes.Invoker(new Fakes.Fn("b", "g").route("SAME/{other}"))))
                .isInstanceOf(BindingException.class).hasMessageContaining("function 'f' of app 'a'");
        assertThat(call("api", new Fakes.Request("GET", "/api/same/1")).status).isEqualTo(200);
        assertThat(first.calls).hasSize(1);
        assertThat(provider.registry().table().routes()).hasSize(1);
    }

    @Test
    void brokenJsonBodyGivesNoMetadataAndNoError() throws Exception {
        Fakes.Invoker invoker = start(new Fakes.Fn("a", "f").route("x/{id}"));
        Map<String, Object> data = metadataSeenBy(invoker, "id", "anything");
        call("api", new Fakes.Request("POST", "/api/x/1").body("application/json", "{not json"));
        assertThat(data.get("id")).isEqualTo("1");
        assertThat(data).as("a broken JSON body gives no metadata, no error").containsEntry("anything", null);
    }

    @Test
    void failureIs500WithEmptyBody() throws Exception {
        Fakes.Invoker invoker = start(new Fakes.Fn("a", "boom"));
        invoker.behaviour = data -> Fakes.result(InvocationStatus.FAILED, new IllegalStateException("secret detail"), Map.of());
        Fakes.Response r = call("api", new Fakes.Request("GET", "/api/boom"));
        assertThat(r.status).isEqualTo(500);
        assertThat(r.text()).isEmpty();

        invoker.behaviour = data -> Fakes.result(InvocationStatus.TIMED_OUT, null, Map.of("$return", "late"));
        Fakes.Response late = call("api", new Fakes.Request("GET", "/api/boom"));
        assertThat(late.status).isEqualTo(500);
        assertThat(late.text()).isEmpty();

        invoker.behaviour = data -> {
            throw new IllegalStateException("invoker broke its promise");
        };
        assertThat(call("api", new Fakes.Request("GET", "/api/boom")).status).isEqualTo(500);
    }

    @Test
    void tooLargeBodyIs413WithoutInvoking() throws Exception {
        Fakes.Invoker invoker = start(new Fakes.Fn("a", "up"));
        Fakes.Response r = call("api", new Fakes.Request("POST", "/api/up").body("text/plain", new byte[1025]));
        assertThat(r.status).isEqualTo(413);
        assertThat(invoker.calls).isEmpty();
        assertThat(call("api", new Fakes.Request("POST", "/api/up").body("text/plain", new byte[1024])).status).isEqualTo(200);
    }

    @Test
    void requestViewsFailAfterTheInvocationInsteadOfReadingARecycledRequest() throws Exception {
        Fakes.Invoker invoker = start(new Fakes.Fn("a", "f"));
        call("api", new Fakes.Request("GET", "/api/f?x=1").body("text/plain", "kept"));
        HttpRequestMessage<?> req = (HttpRequestMessage<?>) invoker.calls.get(0).value();
        assertThatThrownBy(req::getHeaders).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(req::getQueryParameters).isInstanceOf(IllegalStateException.class);
        assertThat(req.getBody()).as("the body was copied").isEqualTo(Optional.of("kept"));
    }

    @Test
    void generationSwapThroughListeners() throws Exception {
        Fakes.Invoker v1 = start(new Fakes.Fn("shop", "list").generation(1));
        Fakes.Invoker v2 = new Fakes.Invoker(new Fakes.Fn("shop", "list").generation(2));
        TriggerListener l2 = provider.start(v2);
        call("api", new Fakes.Request("GET", "/api/list"));
        assertThat(v2.calls).hasSize(1);
        assertThat(v1.calls).isEmpty();
        l2.stop();
        call("api", new Fakes.Request("GET", "/api/list"));
        assertThat(v1.calls).hasSize(1);
        assertThat(servlets).containsOnlyKeys("api");
    }

    @Test
    void triggerParameterThatIsNotARequestGetsTheConvertedBody() throws Exception {
        Fakes.Fn fn = new Fakes.Fn("a", "raw");
        fn.triggerType = Fakes.Person.class;
        Fakes.Invoker invoker = start(fn);
        call("api", new Fakes.Request("POST", "/api/raw").body("application/json", "{\"name\":\"Ada\",\"age\":36}"));
        Object value = invoker.calls.get(0).value();
        assertThat(value).isInstanceOf(Fakes.Person.class);
        assertThat(((Fakes.Person) value).name).isEqualTo("Ada");
        assertThat(invoker.calls.get(0).metadata("req")).isInstanceOf(HttpRequestMessage.class);
    }

    @Test
    void binaryBodiesStayBytesEndToEnd() throws Exception {
        Fakes.Invoker invoker = start(new Fakes.Fn("a", "bin").body(byte[].class));
        invoker.behaviour = data -> {
            byte[] in = (byte[]) ((HttpRequestMessage<?>) data.value()).getBody();
            return Fakes.ok(((HttpRequestMessage<?>) data.value()).createResponseBuilder(HttpStatus.OK).body(in).build());
        };
        byte[] payload = {(byte) 0xff, 0, 1, (byte) 0xc3};
        Fakes.Response r = call("api", new Fakes.Request("POST", "/api/bin").body("application/octet-stream", payload));
        assertThat(r.body.toByteArray()).containsExactly(payload);
        assertThat(r.contentType).isEqualTo("application/octet-stream");
        assertThat(new String(r.body.toByteArray(), StandardCharsets.ISO_8859_1)).hasSize(4);
    }
}
