package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;

import io.fnhost.spi.BindingException;
import io.fnhost.spi.InvocationStatus;

class ResponseWriterTest {
    private final Fakes.GsonConverter converter = new Fakes.GsonConverter();
    private final ResponseWriter writer = new ResponseWriter(converter);
    private final FunctionRoute route;

    ResponseWriterTest() throws BindingException {
        route = FunctionRoute.of(new Fakes.Invoker(new Fakes.Fn("app", "f")), converter);
    }

    private Fakes.Response write(Object output) throws Exception {
        Fakes.Response response = new Fakes.Response();
        writer.write(route, Fakes.ok(output), response.build());
        return response;
    }

    private static HttpResponse.Builder builder(HttpStatusType status) {
        return new HttpResponse.Builder(status);
    }

    @Test
    void noOutputIsAnEmpty200() throws Exception {
        Fakes.Response r = write(null);
        assertThat(r.status).isEqualTo(200);
        assertThat(r.contentLength).isZero();
        assertThat(r.body.size()).isZero();
        assertThat(r.contentType).isNull();
    }

    @Test
    void plainStringReturnIsATextBody() throws Exception {
        Fakes.Response r = write("héllo");
        assertThat(r.status).isEqualTo(200);
        assertThat(r.contentType).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.body.toByteArray()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(r.contentLength).isEqualTo(6);
    }

    @Test
    void statusHeadersAndExplicitContentType() throws Exception {
        Fakes.Response r = write(builder(HttpStatus.CREATED)
                .header("Content-Type", "application/json")
                .header("X-Id", "42")
                .header("Content-Length", "999")
                .header("X-Evil", "a\r\nSet-Cookie: x=1")
                .body("{\"ok\":true}").build());
        assertThat(r.status).isEqualTo(201);
        assertThat(r.contentType).isEqualTo("application/json");
        assertThat(r.headers).containsEntry("X-Id", "42").doesNotContainKeys("Content-Length", "X-Evil", "Content-Type");
        assertThat(r.text()).isEqualTo("{\"ok\":true}");
        assertThat(r.contentLength).isEqualTo(11);
    }

    @Test
    void customStatusCodes() throws Exception {
        assertThat(write(builder(HttpStatusType.custom(299)).build()).status).isEqualTo(299);
        assertThat(write(builder(HttpStatusType.custom(599)).body("x").build()).status).isEqualTo(599);
        Fakes.Response invalid = write(builder(HttpStatusType.custom(1000)).body("x").build());
        assertThat(invalid.status).isEqualTo(500);
        assertThat(invalid.body.size()).isZero();
    }

    @Test
    void bytesAreWrittenRaw() throws Exception {
        byte[] payload = {0, (byte) 0x80, (byte) 0xff};
        Fakes.Response r = write(builder(HttpStatus.OK).body(payload).build());
        assertThat(r.body.toByteArray()).isEqualTo(payload);
        assertThat(r.contentType).isEqualTo("application/octet-stream");

        Fakes.Response typed = write(builder(HttpStatus.OK).header("content-type", "image/png").body(payload).build());
        assertThat(typed.contentType).isEqualTo("image/png");
    }

    @Test
    void pojosAreGsonJsonWithNullsOmitted() throws Exception {
        Fakes.Response r = write(builder(HttpStatus.OK).body(new Fakes.Person("Ada", 36)).build());
        assertThat(r.contentType).isEqualTo("application/json; charset=utf-8");
        assertThat(r.text()).isEqualTo("{\"name\":\"Ada\",\"age\":36}");

        Map<String, Object> map = new HashMap<>();
        map.put("k", 1);
        Fakes.Response direct = write(map);
        assertThat(direct.status).isEqualTo(200);
        assertThat(direct.text()).isEqualTo("{\"k\":1}");
    }

    @Test
    void noBodyForNoContent() throws Exception {
        Fakes.Response r = write(builder(HttpStatus.NO_CONTENT).body("ignored").build());
        assertThat(r.status).isEqualTo(204);
        assertThat(r.body.size()).isZero();
    }

    @Test
    void foreignResponseMessagesGiveStatusContentTypeAndBody() throws Exception {
        HttpResponseMessage foreign = new HttpResponseMessage() {
            @Override
            public HttpStatusType getStatus() {
                return HttpStatus.ACCEPTED;
            }

            @Override
            public String getHeader(String key) {
                return "Content-Type".equals(key) ? "text/csv" : null;
            }

            @Override
            public Object getBody() {
                return "a,b";
            }
        };
        Fakes.Response r = write(foreign);
        assertThat(r.status).isEqualTo(202);
        assertThat(r.contentType).isEqualTo("text/csv");
        assertThat(r.text()).isEqualTo("a,b");
    }

    @Test
    void failuresAreEmpty500s() throws Exception {
        Fakes.Response failed = new Fakes.Response();
        writer.write(route, Fakes.result(InvocationStatus.FAILED, new RuntimeException("stack me"), Map.of("$return", "x")),
                failed.build());
        assertThat(failed.status).isEqualTo(500);
        assertThat(failed.body.size()).isZero();

        Fakes.Response timedOut = new Fakes.Response();
        writer.write(route, Fakes.result(InvocationStatus.TIMED_OUT, null, Map.of()), timedOut.build());
        assertThat(timedOut.status).isEqualTo(500);

        Fakes.Response none = new Fakes.Response();
        writer.write(route, null, none.build());
        assertThat(none.status).isEqualTo(500);
    }

    @Test
    void unserializableBodyIsAnEmpty500() throws Exception {
        Fakes.GsonConverter failing = new Fakes.GsonConverter() {
            @Override
            public String toJson(Object value) {
                throw new IllegalArgumentException("cannot serialize");
            }
        };
        Fakes.Response r = new Fakes.Response();
        new ResponseWriter(failing).write(route, Fakes.ok(new Fakes.Person("x", 1)), r.build());
        assertThat(r.status).isEqualTo(500);
        assertThat(r.body.size()).isZero();
    }

    @Test
    void outputOfTheHttpBindingIsUsedNotOtherOutputs() throws Exception {
        Fakes.Fn fn = new Fakes.Fn("app", "named");
        fn.others.clear();
        fn.others.add(Fakes.binding("http", "out", "res"));
        FunctionRoute named = FunctionRoute.of(new Fakes.Invoker(fn), converter);
        Fakes.Response r = new Fakes.Response();
        writer.write(named, Fakes.result(InvocationStatus.SUCCEEDED, null, Map.of("$return", "queue message", "res", "http body")),
                r.build());
        assertThat(r.text()).isEqualTo("http body");

        fn.others.clear();
        FunctionRoute withoutOutput = FunctionRoute.of(new Fakes.Invoker(fn), converter);
        Fakes.Response empty = new Fakes.Response();
        writer.write(withoutOutput, Fakes.result(InvocationStatus.SUCCEEDED, null, Map.of("$return", "queue message")), empty.build());
        assertThat(empty.status).isEqualTo(200);
        assertThat(empty.body.size()).isZero();
    }
}
