package io.fnhost.http.routes;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

import io.fnhost.http.internal.RouteLookup;

/**
 * Finds the function an HTTP request reaches, by the rules fnhost's HTTP trigger dispatches with:
 * the route prefix, then the function's {@code route} (its name when empty) as an ASP.NET Core route
 * template ({@code {id}}, {@code {id?}}, {@code {*rest}}, constraints such as {@code {id:int}}), matched
 * ignoring case, with ASP.NET Core's precedence between routes; a route whose {@code methods} exclude
 * the request's method does not match, and the search goes on (as in Azure, nothing matching is a 404).
 * <p>
 * Immutable and thread-safe. Building one parses every template: build it when the routes change, not
 * per request.
 */
public final class HttpRouteMatcher {
    /** The route prefix of an app whose host.json sets none. */
    public static final String DEFAULT_ROUTE_PREFIX = "api";

    private final RouteLookup lookup;

    private HttpRouteMatcher(RouteLookup lookup) {
        this.lookup = lookup;
    }

    /** A builder without routes. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the routes of the functions to match against. Not thread-safe. */
    public static final class Builder {
        private final RouteLookup.Builder routes = new RouteLookup.Builder();

        private Builder() {
        }

        /**
         * Adds a function's HTTP route, as its {@code httpTrigger} binding and its app's host.json declare it.
         *
         * @param app the function app's name
         * @param function the function's name
         * @param routePrefix host.json's {@code extensions.http.routePrefix}; {@code null} for the default
         *        {@value #DEFAULT_ROUTE_PREFIX}, {@code ""} for none
         * @param route the binding's {@code route} attribute; {@code null} or blank for the function's name
         * @param methods the binding's {@code methods} ({@code GET}, {@code POST}..., any case); {@code null}
         *        or empty for every method
         * @return this builder
         * @throws IllegalArgumentException when the route template or a method is invalid (the HTTP trigger
         *         refuses such a function too); the message names the function and the problem
         */
        public Builder add(String app, String function, String routePrefix, String route, Collection<String> methods) {
            routes.add(Objects.requireNonNull(app, "app"), Objects.requireNonNull(function, "function"), routePrefix,
                    route, methods);
            return this;
        }

        /** The matcher over the routes added so far. */
        public HttpRouteMatcher build() {
            return new HttpRouteMatcher(routes.build());
        }
    }

    /** The function a request reaches. */
    public static final class Match {
        private final String app;
        private final String function;
        private final String template;

        private Match(String app, String function, String template) {
            this.app = app;
            this.function = function;
            this.template = template;
        }

        /** The app the function belongs to, as given to {@link Builder#add}. */
        public String app() {
            return app;
        }

        /** The function's name, as given to {@link Builder#add}. */
        public String function() {
            return function;
        }

        /** The route template that matched, prefix included, e.g. {@code api/products/{id:int}}. */
        public String template() {
            return template;
        }

        @Override
        public String toString() {
            return app + "/" + function + " (/" + template + ")";
        }
    }

    /**
     * The function that a request with {@code method} and {@code rawPath} reaches.
     *
     * @param method the request's method, case-sensitive as in HTTP ({@code GET}); a method Azure's
     *        {@code HttpMethod} lacks matches nothing
     * @param rawPath the request's path below the servlet context, as sent (percent-encoded), without
     *        the query, e.g. {@code /api/products/42}
     * @return the match, or empty when no route matches
     */
    public Optional<Match> match(String method, String rawPath) {
        String[] found = lookup.match(method, rawPath);
        return found == null ? Optional.empty() : Optional.of(new Match(found[0], found[1], found[2]));
    }
}
