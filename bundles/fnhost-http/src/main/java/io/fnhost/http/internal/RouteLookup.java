package io.fnhost.http.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.microsoft.azure.functions.HttpMethod;

import io.fnhost.spi.BindingException;

/**
 * The route table and path splitting of this bundle's HTTP trigger, without invokers: the implementation
 * behind the exported {@link io.fnhost.http.routes.HttpRouteMatcher}. Public only so that the exported
 * package can reach it; not an API (the package is not exported).
 */
public final class RouteLookup {
    private final RouteTable table;

    private RouteLookup(RouteTable table) {
        this.table = table;
    }

    /** Collects routes, each checked exactly as {@link FunctionRoute#of} checks a function's binding. */
    public static final class Builder {
        private final List<FunctionRoute> routes = new ArrayList<>();

        /**
         * Adds a function's route.
         *
         * @param routePrefix the app's route prefix ({@code null}: {@code api}); surrounding slashes are ignored
         * @param route the {@code route} attribute ({@code null} or blank: the function's name)
         * @param methods the {@code methods} attribute's names ({@code null} or empty: every method)
         * @return the route's full template text, prefix included
         * @throws IllegalArgumentException when the template or a method is invalid, saying which and why
         */
        public String add(String app, String function, String routePrefix, String route, Collection<String> methods) {
            String prefix = FunctionRoute.stripSlashes(routePrefix == null ? FunctionRoute.DEFAULT_ROUTE_PREFIX : routePrefix.trim());
            String r = route == null || route.isBlank() ? function : route.trim();
            String full = prefix.isEmpty() ? r : prefix + "/" + FunctionRoute.stripSlashes(r);
            RouteTemplate template;
            int methodMask;
            try {
                template = RouteTemplate.parse(full);
                methodMask = FunctionRoute.methodMask(function, methods);
            } catch (BindingException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Function '" + function + "' has an invalid route: " + e.getMessage(), e);
            }
            if (template.segments().isEmpty()) {
                throw new IllegalArgumentException("Function '" + function + "' has an empty route and no route prefix");
            }
            routes.add(new FunctionRoute(app, function, 0, prefix, template, methodMask, null, null, null, null));
            return template.text();
        }

        public RouteLookup build() {
            return new RouteLookup(RouteTable.build(routes));
        }
    }

    /**
     * The route a request reaches, as the HTTP trigger's dispatcher would pick it.
     *
     * @param method the request's method (case-sensitive, as HTTP has it)
     * @param rawPath the request's path below the servlet context, not decoded
     * @return {@code {app, function, template text}}, or {@code null} when no route matches
     */
    public String[] match(String method, String rawPath) {
        HttpMethod m = HttpDispatcher.method(method);
        if (m == null) {
            return null;
        }
        RouteTable.Match match = table.match(m, HttpDispatcher.segments(rawPath, 0));
        return match == null ? null : new String[] {match.route.app, match.route.function, match.route.template.text()};
    }
}
