package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.microsoft.azure.functions.HttpMethod;

import io.fnhost.spi.BindingException;

class RouteTableTest {
    private final Fakes.GsonConverter converter = new Fakes.GsonConverter();

    private FunctionRoute route(Fakes.Fn fn) throws BindingException {
        return FunctionRoute.of(new Fakes.Invoker(fn), converter);
    }

    private FunctionRoute route(String name, String template, String... methods) throws BindingException {
        Fakes.Fn fn = new Fakes.Fn("app", name).route(template);
        if (methods.length > 0) {
            fn.methods(methods);
        }
        return route(fn);
    }

    private RouteTable table(FunctionRoute... routes) {
        return RouteTable.build(List.of(routes));
    }

    private static String[] path(String p) {
        return HttpDispatcher.segments(p, 0);
    }

    private static String matched(RouteTable t, HttpMethod m, String p) {
        RouteTable.Match match = t.match(m, path(p));
        return match == null ? null : match.route.function;
    }

    @Test
    void defaultRouteIsPrefixPlusFunctionName() throws Exception {
        RouteTable t = table(route(new Fakes.Fn("app", "hello")));
        assertThat(matched(t, HttpMethod.GET, "/api/hello")).isEqualTo("hello");
        assertThat(matched(t, HttpMethod.GET, "/hello")).isNull();
        assertThat(matched(t, HttpMethod.GET, "/api/hello/x")).isNull();
        assertThat(matched(t, HttpMethod.GET, "/api")).isNull();
        assertThat(t.prefixes()).containsExactly("api");
    }

    @Test
    void matchingIsCaseInsensitiveAndHonoursEmptySegments() throws Exception {
        RouteTable t = table(route("f", "Products/List"));
        assertThat(matched(t, HttpMethod.GET, "/API/products/LIST")).isEqualTo("f");
        assertThat(matched(t, HttpMethod.GET, "/api/products/list/")).isEqualTo("f");
        assertThat(matched(t, HttpMethod.GET, "/api//products/list")).isNull();
        assertThat(matched(t, HttpMethod.GET, "/api/products/lists")).isNull();
    }

    @Test
    void prefixFromHostJsonAndEmptyPrefix() throws Exception {
        FunctionRoute custom = route(new Fakes.Fn("a", "f").prefix("/v1/fn/"));
        FunctionRoute none = route(new Fakes.Fn("b", "g").prefix(""));
        RouteTable t = table(custom, none);
        assertThat(matched(t, HttpMethod.GET, "/v1/fn/f")).isEqualTo("f");
        assertThat(matched(t, HttpMethod.GET, "/api/f")).isNull();
        assertThat(matched(t, HttpMethod.GET, "/g")).isEqualTo("g");
        assertThat(t.prefixes()).containsExactlyInAnyOrder("v1/fn", "");
    }

    @Test
    void invalidPrefixOrRouteOrMethodIsABindingError() {
        assertThatThrownBy(() -> route(new Fakes.Fn("a", "f").prefix(42))).isInstanceOf(BindingException.class)
                .hasMessageContaining("routePrefix");
        assertThatThrownBy(() -> route(new Fakes.Fn("a", "f").prefix("a/{x}"))).isInstanceOf(BindingException.class);
        assertThatThrownBy(() -> route("f", "a/{x:nope}")).isInstanceOf(BindingException.class)
                .hasMessageContaining("Function 'f'").hasMessageContaining("nope");
        assertThatThrownBy(() -> route("f", "a", "GET", "FETCH")).isInstanceOf(BindingException.class)
                .hasMessageContaining("FETCH");
    }

    @Test
    void parametersCaptureSegmentsDecoded() throws Exception {
        RouteTable t = table(route("f", "products/{category:alpha}/{id:int?}"));
        RouteTable.Match m = t.match(HttpMethod.GET, path("/api/products/Toys/42"));
        assertThat(m.route.function).isEqualTo("f");
        assertThat(m.routeValue("category")).isEqualTo("Toys");
        assertThat(m.routeValue("id")).isEqualTo("42");

        RouteTable.Match noId = t.match(HttpMethod.GET, path("/api/products/toys"));
        assertThat(noId).isNotNull();
        assertThat(noId.routeValue("id")).isNull();

        assertThat(t.match(HttpMethod.GET, path("/api/products/toys1/42"))).as("alpha").isNull();
        assertThat(t.match(HttpMethod.GET, path("/api/products/toys/4x"))).as("int").isNull();
        assertThat(t.match(HttpMethod.GET, path("/api/products"))).as("category is required").isNull();

        RouteTable decoded = table(route("g", "echo/{text}"));
        assertThat(decoded.match(HttpMethod.GET, path("/api/echo/a%20b%C3%A9")).routeValue("text")).isEqualTo("a bé");
    }

    @Test
    void defaultsAndCatchAll() throws Exception {
        RouteTable t = table(route("f", "files/{kind=all}/{*path}"));
        RouteTable.Match none = t.match(HttpMethod.GET, path("/api/files"));
        assertThat(none.routeValue("kind")).isEqualTo("all");
        assertThat(none.routeValue("path")).isNull();
        RouteTable.Match deep = t.match(HttpMethod.GET, path("/api/files/img/a/b/c.png"));
        assertThat(deep.routeValue("kind")).isEqualTo("img");
        assertThat(deep.routeValue("path")).isEqualTo("a/b/c.png");
    }

    @Test
    void literalBeatsConstrainedBeatsFreeParameterBeatsCatchAll() throws Exception {
        // registered in the "wrong" order on purpose: precedence does not depend on order
        RouteTable t = table(route("all", "items/{*rest}"), route("any", "items/{name}"),
                route("number", "items/{id:int}"), route("new", "items/new"));
        assertThat(matched(t, HttpMethod.GET, "/api/items/new")).isEqualTo("new");
        assertThat(matched(t, HttpMethod.GET, "/api/items/NEW")).isEqualTo("new");
        assertThat(matched(t, HttpMethod.GET, "/api/items/7")).isEqualTo("number");
        assertThat(matched(t, HttpMethod.GET, "/api/items/seven")).isEqualTo("any");
        assertThat(matched(t, HttpMethod.GET, "/api/items/a/b")).isEqualTo("all");
    }

    @Test
    void backtracksWhenTheLiteralBranchFailsDeeper() throws Exception {
        RouteTable t = table(route("lit", "users/me/settings"), route("param", "users/{id}/profile"));
        assertThat(matched(t, HttpMethod.GET, "/api/users/me/profile")).isEqualTo("param");
        assertThat(matched(t, HttpMethod.GET, "/api/users/me/settings")).isEqualTo("lit");
    }

    @Test
    void methodMismatchIsNoMatchAndOtherRoutesMayStillAnswer() throws Exception {
        RouteTable t = table(route("read", "orders/{id}", "get", "Head"), route("write", "orders/{id}", "POST"));
        assertThat(matched(t, HttpMethod.GET, "/api/orders/1")).isEqualTo("read");
        assertThat(matched(t, HttpMethod.HEAD, "/api/orders/1")).isEqualTo("read");
        assertThat(matched(t, HttpMethod.POST, "/api/orders/1")).isEqualTo("write");
        assertThat(matched(t, HttpMethod.DELETE, "/api/orders/1")).isNull();

        RouteTable fallback = table(route("lit", "x/special", "POST"), route("param", "x/{p}"));
        assertThat(matched(fallback, HttpMethod.GET, "/api/x/special")).isEqualTo("param");
    }

    @Test
    void emptyMethodsMeansAll() throws Exception {
        RouteTable t = table(route("f", "x"));
        for (HttpMethod m : HttpMethod.values()) {
            assertThat(matched(t, m, "/api/x")).as(m.name()).isEqualTo("f");
        }
    }

    @Test
    void sameShapeNewerGenerationWinsElseTheOrderGiven() throws Exception {
        FunctionRoute v1 = RouteCases.route("shop", "list", 1, "api/things/{id}", FunctionRoute.ALL_METHODS);
        FunctionRoute v2 = RouteCases.route("shop", "listAll", 2, "api/things/{thing}", FunctionRoute.ALL_METHODS);
        assertThat(RouteTable.build(List.of(v1, v2)).match(HttpMethod.GET, path("/api/things/1")).route).isSameAs(v2);
        assertThat(RouteTable.build(List.of(v2, v1)).match(HttpMethod.GET, path("/api/things/1")).route).isSameAs(v2);
        FunctionRoute first = route("first", "things/{id}");
        FunctionRoute second = route("second", "things/{other}", "GET");
        assertThat(matched(table(first, second), HttpMethod.GET, "/api/things/1")).isEqualTo("first");
    }

    @Test
    void manyRoutesStillMatchTheRightOne() throws Exception {
        List<FunctionRoute> routes = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            routes.add(route("f" + i, "svc" + i + "/{id:int}/detail"));
        }
        for (int i = 0; i < 2000; i++) {
            routes.add(route("g" + i, "files" + i + "/{name}.json"));
            routes.add(route("h" + i, "files" + i + "/{name}.{ext}"));
        }
        RouteTable t = RouteTable.build(routes);
        assertThat(matched(t, HttpMethod.GET, "/api/svc1999/5/detail")).isEqualTo("f1999");
        assertThat(matched(t, HttpMethod.GET, "/api/SVC7/5/detail")).isEqualTo("f7");
        assertThat(matched(t, HttpMethod.GET, "/api/svc7/x/detail")).isNull();
        assertThat(matched(t, HttpMethod.GET, "/api/files1500/a.json")).isEqualTo("g1500");
        assertThat(matched(t, HttpMethod.GET, "/api/files1500/a.xml")).isEqualTo("h1500");
    }
}
