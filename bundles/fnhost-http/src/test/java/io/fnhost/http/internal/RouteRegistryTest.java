package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.microsoft.azure.functions.HttpMethod;

import io.fnhost.spi.BindingException;

class RouteRegistryTest {
    private final RouteRegistry registry = new RouteRegistry();
    private final Fakes.GsonConverter converter = new Fakes.GsonConverter();

    private FunctionRoute route(String app, String function, long generation, String template, String... methods)
            throws BindingException {
        Fakes.Fn fn = new Fakes.Fn(app, function).generation(generation).route(template);
        if (methods.length > 0) {
            fn.methods(methods);
        }
        return FunctionRoute.of(new Fakes.Invoker(fn), converter);
    }

    private FunctionRoute current(String path) {
        RouteTable.Match m = registry.table().match(HttpMethod.GET, HttpDispatcher.segments(path, 0));
        return m == null ? null : m.route;
    }

    @Test
    void higherGenerationWinsAndTheSwapHasNoGap() throws Exception {
        FunctionRoute v1 = route("shop", "list", 1, "items");
        FunctionRoute v2 = route("shop", "list", 2, "items");
        registry.add(v1);
        assertThat(current("/api/items")).isSameAs(v1);
        registry.add(v2);
        assertThat(current("/api/items")).isSameAs(v2);
        registry.remove(v1);
        assertThat(current("/api/items")).isSameAs(v2);
        registry.remove(v2);
        assertThat(current("/api/items")).isNull();
        assertThat(registry.table().prefixes()).isEmpty();
    }

    @Test
    void olderGenerationStartingLaterDoesNotWin() throws Exception {
        FunctionRoute v2 = route("shop", "list", 2, "items");
        FunctionRoute v1 = route("shop", "LIST", 1, "items");
        registry.add(v2);
        registry.add(v1);
        assertThat(current("/api/items")).isSameAs(v2);
    }

    @Test
    void stoppingTheNewGenerationRestoresTheOldOne() throws Exception {
        FunctionRoute v1 = route("shop", "list", 1, "items");
        FunctionRoute v2 = route("shop", "list", 2, "goods");
        registry.add(v1);
        registry.add(v2);
        assertThat(current("/api/items")).as("the new generation's route replaces the old one").isNull();
        assertThat(current("/api/goods")).isSameAs(v2);
        registry.remove(v2);
        assertThat(current("/api/items")).isSameAs(v1);
        assertThat(current("/api/goods")).isNull();
    }

    @Test
    void removingRemovesOnlyThatRegistration() throws Exception {
        FunctionRoute a = route("shop", "list", 1, "items");
        FunctionRoute aAgain = route("shop", "list", 1, "items");
        FunctionRoute other = route("shop", "detail", 1, "items/{id}");
        registry.add(a);
        registry.add(other);
        registry.add(aAgain);
        registry.remove(a);
        assertThat(current("/api/items")).isSameAs(aAgain);
        assertThat(current("/api/items/3")).isSameAs(other);
        registry.remove(a); // twice: nothing happens
        assertThat(current("/api/items")).isSameAs(aAgain);
    }

    @Test
    void aSecondAppClaimingTheSameRouteIsRefusedAndNothingElseChanges() throws Exception {
        FunctionRoute first = route("app-a", "f", 1, "items/{id:int}");
        FunctionRoute second = route("app-b", "g", 1, "Items/{other:INT}");
        registry.add(first);
        RouteTable before = registry.table();
        assertThatThrownBy(() -> registry.add(second)).isInstanceOf(BindingException.class)
                .hasMessageContaining("Function 'g' of app 'app-b' claims the route /api/Items/{other:INT}")
                .hasMessageContaining("function 'f' of app 'app-a' already serves the same route as /api/items/{id:int}")
                .hasMessageContaining("all methods");
        assertThat(registry.table()).as("the table is untouched").isSameAs(before);
        assertThat(current("/api/items/1")).isSameAs(first);
        registry.remove(second); // never added: harmless
        assertThat(current("/api/items/1")).isSameAs(first);

        registry.remove(first);
        registry.add(second);
        assertThat(current("/api/items/1")).as("free again once the first is gone").isSameAs(second);
    }

    @Test
    void twoFunctionsOfOneVersionCannotShareARoute() throws Exception {
        registry.add(route("shop", "list", 1, "items"));
        assertThatThrownBy(() -> registry.add(route("shop", "other", 1, "ITEMS"))).isInstanceOf(BindingException.class)
                .hasMessageContaining("function 'list' of app 'shop'");
    }

    @Test
    void overlappingMethodsConflictDisjointOnesDoNot() throws Exception {
        registry.add(route("a", "read", 1, "orders/{id}", "GET", "HEAD"));
        registry.add(route("b", "write", 1, "orders/{n}", "POST"));
        assertThatThrownBy(() -> registry.add(route("c", "any", 1, "orders/{x}"))).isInstanceOf(BindingException.class)
                .hasMessageContaining("(all methods)").hasMessageContaining("(GET, HEAD)");
        assertThatThrownBy(() -> registry.add(route("c", "put", 1, "orders/{x}", "PUT", "POST")))
                .isInstanceOf(BindingException.class).hasMessageContaining("function 'write' of app 'b'");
        registry.add(route("c", "delete", 1, "orders/{x}", "DELETE"));
    }

    @Test
    void differentShapesDoNotConflict() throws Exception {
        registry.add(route("a", "f", 1, "x/{id:int}"));
        registry.add(route("b", "g", 1, "x/{id:alpha}"));
        registry.add(route("c", "h", 1, "x/{id}"));
        registry.add(route("d", "i", 1, "x/{*rest}"));
        registry.add(route("e", "j", 1, "x/{name}.{ext}"));
        registry.add(route("f", "k", 1, "x/y"));
        assertThat(current("/api/x/5").function).isEqualTo("f");
        assertThat(current("/api/x/five").function).isEqualTo("g");
        assertThat(current("/api/x/a.b").function).isEqualTo("j");
        assertThat(current("/api/x/a-b").function).isEqualTo("h");
        assertThat(current("/api/x/a/b").function).isEqualTo("i");
        assertThat(current("/api/x/y").function).isEqualTo("k");
    }

    @Test
    void aNewVersionMayRenameTheFunctionOnTheSameRouteAndWins() throws Exception {
        FunctionRoute v1 = route("shop", "list", 1, "items/{id}");
        FunctionRoute v2 = route("shop", "listItems", 2, "items/{itemId}");
        registry.add(v1);
        registry.add(v2);
        assertThat(current("/api/items/1")).isSameAs(v2);
        registry.remove(v2);
        assertThat(current("/api/items/1")).as("rolling back restores the old version").isSameAs(v1);
        registry.add(v2);
        registry.remove(v1);
        assertThat(current("/api/items/1")).isSameAs(v2);
    }
}
