package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;

class HttpRequestAdapterTest {
    private final Fakes.GsonConverter converter = new Fakes.GsonConverter();
    private final HttpDispatcher dispatcher = new HttpDispatcher(() -> RouteTable.EMPTY, new ResponseWriter(converter), new TestKeys(), () -> true, 1 << 20);

    private HttpRequestAdapter adapt(Fakes.Request r, Type bodyType) throws Exception {
        BodyPlan plan = BodyPlan.forTriggerParameter(bodyType == null ? HttpRequestMessage.class : Fakes.requestOf(bodyType), converter);
        return new HttpRequestAdapter(r.build(), HttpDispatcher.method(r.method), dispatcher.readBody(r.build()), plan);
    }

    @Test
    void headersAreLowerCasedAndRepeatedValuesJoined() throws Exception {
        Fakes.Request r = new Fakes.Request("GET", "/api/x")
                .header("X-Custom-Header", "One")
                .header("Accept", "text/html")
                .header("Accept", "application/json");
        HttpRequestAdapter req = adapt(r, null);
        assertThat(req.getHeaders())
                .containsEntry("x-custom-header", "One")
                .containsEntry("accept", "text/html, application/json")
                .containsEntry("host", "localhost:8181")
                .doesNotContainKey("X-Custom-Header");
    }

    @Test
    void queryOmitsEmptyValuesKeepsFirstAndDecodes() throws Exception {
        HttpRequestAdapter req = adapt(new Fakes.Request("GET", "/api/x?a=1&a=2&empty=&flag&b=x%20y+z&%C3%A9=%C3%A8&=v&&c=3"), null);
        assertThat(req.getQueryParameters())
                .containsEntry("a", "1")
                .containsEntry("b", "x y z")
                .containsEntry("é", "è")
                .containsEntry("c", "3")
                .doesNotContainKeys("empty", "flag", "");
        assertThat(HttpRequestAdapter.parseQuery(null)).isEmpty();
        assertThat(HttpRequestAdapter.parseQuery("bad=%zz")).containsEntry("bad", "%zz");
    }

    @Test
    void uriMethodAndResponseBuilder() throws Exception {
        HttpRequestAdapter req = adapt(new Fakes.Request("DELETE", "/api/items/1?force=true"), null);
        assertThat(req.getUri()).hasToString("http://localhost:8181/api/items/1?force=true");
        assertThat(req.getHttpMethod()).isEqualTo(HttpMethod.DELETE);

        HttpResponseMessage built = req.createResponseBuilder(HttpStatus.CREATED).header("A", "1").header("a", "2").body("x").build();
        assertThat(built.getStatus()).isEqualTo(HttpStatus.CREATED);
        assertThat(built.getStatusCode()).isEqualTo(201);
        assertThat(built.getHeader("A")).isEqualTo("2");
        assertThat(((HttpResponse) built).headers()).containsExactly("A", "2");
        assertThat(built.getBody()).isEqualTo("x");

        HttpResponseMessage custom = req.createResponseBuilder(HttpStatusType.custom(299)).build();
        assertThat(custom.getStatusCode()).isEqualTo(299);
        assertThat(((HttpResponse.Builder) req.createResponseBuilder(HttpStatus.OK)).status(HttpStatus.ACCEPTED).build().getStatusCode())
                .isEqualTo(202);
        assertThat(req.createResponseBuilder(HttpStatus.OK).build().getBody()).isNull();
    }

    @Test
    void uriWithoutHostHeaderUsesServerNameAndPort() throws Exception {
        Fakes.Request r = new Fakes.Request("GET", "/api/x");
        r.headers.clear();
        assertThat(adapt(r, null).getUri()).hasToString("http://localhost:8181/api/x");
    }

    @Test
    void textBodyIsAStringDecodedWithTheRequestCharset() throws Exception {
        Object utf8 = adapt(new Fakes.Request("POST", "/x").body("application/json", "{\"n\":\"é\"}"), null).getBody();
        assertThat(utf8).isEqualTo("{\"n\":\"é\"}");

        Fakes.Request latin = new Fakes.Request("POST", "/x").body("text/plain; charset=ISO-8859-1", "é".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(adapt(latin, null).getBody()).isEqualTo("é");

        Fakes.Request noType = new Fakes.Request("POST", "/x").body(null, "plain");
        assertThat(adapt(noType, null).getBody()).isEqualTo("plain");

        Fakes.Request image = new Fakes.Request("POST", "/x").body("image/jpeg", "abc");
        assertThat(adapt(image, null).getBody()).as("as in Azure, only octet-stream and multipart are bytes").isEqualTo("abc");
    }

    @Test
    void octetStreamAndMultipartBodiesAreBytes() throws Exception {
        byte[] payload = {1, 2, (byte) 0xff};
        assertThat(adapt(new Fakes.Request("POST", "/x").body("application/octet-stream", payload), null).getBody())
                .isEqualTo(payload);
        assertThat(adapt(new Fakes.Request("POST", "/x").body("Multipart/Form-Data; boundary=b", payload), null).getBody())
                .isEqualTo(payload);
    }

    @Test
    void noBodyIsNullOrEmptyOptional() throws Exception {
        assertThat(adapt(new Fakes.Request("GET", "/x"), null).getBody()).isNull();
        assertThat(adapt(new Fakes.Request("POST", "/x").body("text/plain", ""), null).getBody()).isNull();
        assertThat(adapt(new Fakes.Request("GET", "/x"), Fakes.optionalOf(String.class)).getBody()).isEqualTo(Optional.empty());
        assertThat(adapt(new Fakes.Request("GET", "/x"), String.class).getBody()).isNull();
        assertThat(adapt(new Fakes.Request("GET", "/x"), Fakes.Person.class).getBody()).isNull();
        assertThat(converter.conversions).isEmpty();
    }

    @Test
    void optionalStringAndStringAndBytesBodies() throws Exception {
        assertThat(adapt(new Fakes.Request("POST", "/x").body("text/plain", "hi"), Fakes.optionalOf(String.class)).getBody())
                .isEqualTo(Optional.of("hi"));
        assertThat(adapt(new Fakes.Request("POST", "/x").body("text/plain", "hi"), String.class).getBody()).isEqualTo("hi");
        assertThat(converter.conversions).as("String to String needs no converter").isEmpty();

        assertThat(adapt(new Fakes.Request("POST", "/x").body("text/plain", "hi"), byte[].class).getBody())
                .isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(adapt(new Fakes.Request("POST", "/x").body("application/octet-stream", "hi"), String.class).getBody())
                .isEqualTo("hi");
        assertThat(converter.conversions).containsExactly(byte[].class, String.class);
    }

    @Test
    void pojoBodiesGoThroughTheConverterOnceAndLazily() throws Exception {
        HttpRequestAdapter req = adapt(new Fakes.Request("POST", "/x").body("application/json", "{\"name\":\"Ada\",\"age\":36}"),
                Fakes.Person.class);
        assertThat(converter.conversions).as("nothing converted before getBody()").isEmpty();
        Fakes.Person p = (Fakes.Person) req.getBody();
        assertThat(p.name).isEqualTo("Ada");
        assertThat(p.age).isEqualTo(36);
        assertThat(req.getBody()).isSameAs(p);
        assertThat(converter.conversions).hasSize(1);

        Object optional = adapt(new Fakes.Request("POST", "/x").body("application/json", "{\"name\":\"Bo\"}"),
                Fakes.optionalOf(Fakes.Person.class)).getBody();
        assertThat(optional).isInstanceOf(Optional.class);
        assertThat(((Fakes.Person) ((Optional<?>) optional).get()).name).isEqualTo("Bo");
    }

    @Test
    void unconvertibleBodyFailsInsideTheFunction() throws Exception {
        HttpRequestAdapter req = adapt(new Fakes.Request("POST", "/x").body("application/json", "[1,2"), Fakes.Person.class);
        assertThatThrownBy(req::getBody).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wildcardAndRawRequestsGetTheRawBody() throws Exception {
        Fakes.Request r = new Fakes.Request("POST", "/x").body("text/plain", "raw");
        HttpRequestAdapter raw = new HttpRequestAdapter(r.build(), HttpMethod.POST, "raw",
                BodyPlan.forTriggerParameter(HttpRequestMessage.class, converter));
        assertThat(raw.getBody()).isEqualTo("raw");
        HttpRequestAdapter object = new HttpRequestAdapter(r.build(), HttpMethod.POST, "raw",
                BodyPlan.forTriggerParameter(Fakes.requestOf(Object.class), converter));
        assertThat(object.getBody()).isEqualTo("raw");
        assertThat(converter.conversions).isEmpty();
    }

    @Test
    void pathSegmentsAreSplitAndDecoded() {
        // as ASP.NET Core: %2F stays encoded, empty interior segments count, one trailing slash does not
        assertThat(HttpDispatcher.segments("/api/a%2Fb/%E2%82%AC//c/", 0)).containsExactly("api", "a%2Fb", "€", "", "c");
        assertThat(HttpDispatcher.segments("/api/a%2fb%20c", 0)).containsExactly("api", "a%2fb c");
        assertThat(HttpDispatcher.segments("/", 0)).isEmpty();
        assertThat(HttpDispatcher.segments("", 0)).isEmpty();
        assertThat(HttpDispatcher.segments("/api/x", 0)).containsExactly("api", "x");
        assertThat(HttpDispatcher.segments("/api/x/", 0)).containsExactly("api", "x");
        assertThat(HttpDispatcher.segments("/api/x//", 0)).containsExactly("api", "x", "");
        assertThat(HttpDispatcher.segments("/x/%zz%4", 0)).containsExactly("x", "%zz%4");
        assertThat(HttpDispatcher.segments("/ctx/api/x", 4)).containsExactly("api", "x");
    }
}
