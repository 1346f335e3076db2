package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.microsoft.azure.functions.HttpMethod;

import io.fnhost.spi.BindingException;

class RouteRegistryTest {
    private final RouteRegistry registry = new RouteRegistry();
    private final Fakes.GsonConverter converter = new Fakes.GsonConverter();

    private FunctionRoute route(String app, String function, long generation, String template) throws BindingException {
        return FunctionRoute.of(new Fakes.Invoker(new Fakes.Fn(app, function).generation(generation).route(template)), converter);
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
    void betweenAppsTheFirstRegisteredKeepsTheRouteAcrossItsUpdates() throws Exception {
        FunctionRoute first = route("app-a", "f", 1, "same");
        FunctionRoute second = route("app-b", "g", 1, "same");
        registry.add(first);
        registry.add(second);
        assertThat(current("/api/same")).isSameAs(first);

        FunctionRoute firstV2 = route("app-a", "f", 2, "same");
        registry.add(firstV2);
        registry.remove(first);
        assertThat(current("/api/same")).as("app-a keeps its place through the update").isSameAs(firstV2);

        registry.remove(firstV2);
        assertThat(current("/api/same")).isSameAs(second);
    }
}
