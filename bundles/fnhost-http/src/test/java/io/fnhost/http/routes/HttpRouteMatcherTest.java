package io.fnhost.http.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class HttpRouteMatcherTest {

    private static String reached(HttpRouteMatcher m, String method, String path) {
        Optional<HttpRouteMatcher.Match> match = m.match(method, path);
        return match.map(x -> x.app() + "/" + x.function()).orElse(null);
    }

    @Test
    void defaultRouteIsTheFunctionNameUnderApi() {
        HttpRouteMatcher m = HttpRouteMatcher.builder().add("shop", "hello", null, null, null).build();
        assertThat(reached(m, "GET", "/api/hello")).isEqualTo("shop/hello");
        assertThat(reached(m, "GET", "/API/Hello/")).isEqualTo("shop/hello");
        assertThat(reached(m, "GET", "/hello")).isNull();
        assertThat(m.match("GET", "/api/hello").get().template()).isEqualTo("api/hello");
    }

    @Test
    void templatesWithOptionalCatchAllAndConstrainedParameters() {
        HttpRouteMatcher m = HttpRouteMatcher.builder()
                .add("shop", "byId", null, "products/{id:int}", null)
                .add("shop", "byName", null, "products/{name}", null)
                .add("files", "get", null, "files/{*path}", null)
                .add("shop", "list", null, "items/{page?}", null)
                .build();
        assertThat(reached(m, "GET", "/api/products/42")).isEqualTo("shop/byId");
        assertThat(reached(m, "GET", "/api/products/chair")).isEqualTo("shop/byName");
        assertThat(reached(m, "GET", "/api/files/a/b%2Fc/d.txt")).isEqualTo("files/get");
        assertThat(reached(m, "GET", "/api/items")).isEqualTo("shop/list");
        assertThat(reached(m, "GET", "/api/items/2")).isEqualTo("shop/list");
        assertThat(reached(m, "GET", "/api/items/2/3")).isNull();
    }

    @Test
    void aLiteralRouteOfOneAppBeatsAParameterRouteOfAnother() {
        HttpRouteMatcher m = HttpRouteMatcher.builder()
                .add("generic", "any", null, "orders/{id}", null)
                .add("special", "today", null, "orders/today", null)
                .build();
        assertThat(reached(m, "GET", "/api/orders/today")).isEqualTo("special/today");
        assertThat(reached(m, "GET", "/api/orders/7")).isEqualTo("generic/any");
    }

    @Test
    void aMethodTheRouteExcludesDoesNotMatchAndTheSearchGoesOn() {
        HttpRouteMatcher m = HttpRouteMatcher.builder()
                .add("shop", "create", null, "orders/{id}", List.of("post"))
                .add("shop", "read", null, "orders/{*rest}", List.of("GET", "HEAD"))
                .build();
        assertThat(reached(m, "POST", "/api/orders/1")).isEqualTo("shop/create");
        assertThat(reached(m, "GET", "/api/orders/1")).isEqualTo("shop/read");
        assertThat(reached(m, "DELETE", "/api/orders/1")).isNull();
        assertThat(reached(m, "PROPFIND", "/api/orders/1")).isNull();
        // HTTP methods are case-sensitive
        assertThat(reached(m, "get", "/api/orders/1")).isNull();
    }

    @Test
    void routePrefixesFromHostJson() {
        HttpRouteMatcher m = HttpRouteMatcher.builder()
                .add("a", "f", "/v1/", "things", null)
                .add("b", "g", "", "root", null)
                .build();
        assertThat(reached(m, "GET", "/v1/things")).isEqualTo("a/f");
        assertThat(reached(m, "GET", "/api/things")).isNull();
        assertThat(reached(m, "GET", "/root")).isEqualTo("b/g");
    }

    @Test
    void invalidRoutesAndMethodsAreRefusedWithTheReason() {
        HttpRouteMatcher.Builder b = HttpRouteMatcher.builder();
        assertThatThrownBy(() -> b.add("a", "bad", null, "x/{*rest}/y", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad").hasMessageContaining("catch-all");
        assertThatThrownBy(() -> b.add("a", "verb", null, "x", List.of("FETCH")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verb").hasMessageContaining("FETCH");
        assertThat(reached(b.build(), "GET", "/api/x")).isNull();
    }
}
