package io.fnhost.management.internal.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Dispatches admin API requests to the endpoints the {@link AdminResource}s declared. Templates are
 * paths below {@code /admin} with literal segments (matched case-insensitively, as ASP.NET routes) and
 * {@code {name}} parameters; a template with more literal segments wins. Checks run in Azure's order:
 * no route 404, wrong method 405 (with {@code Allow}), missing or wrong key 401 with an empty body,
 * host not running 503, then the endpoint. Immutable once built: safe for concurrent requests.
 */
final class AdminRouter {
    private static final Logger LOG = LoggerFactory.getLogger(AdminRouter.class);
    /** How often a request waiting for the host to run looks again. */
    private static final long RUNNING_HOST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** One endpoint's work. */
    @FunctionalInterface
    interface Handler {
        void handle(AdminExchange exchange) throws IOException;
    }

    /** What a request must bring before its endpoint runs. */
    enum Access {
        /** Nothing: health probes. */
        ANONYMOUS,
        /** The master key. */
        MASTER_KEY,
        /** The master key, and the host must be running (Azure's {@code [RequiresRunningHost]}). */
        MASTER_KEY_RUNNING_HOST
    }

    private record Endpoint(Access access, Handler handler) {
    }

    private record Match(Route route, Map<String, String> values) {
    }

    private static final class Route {
        final String template;
        final String[] segments;
        final int literals;
        final Map<String, Endpoint> byMethod = new LinkedHashMap<>();

        Route(String template) {
            this.template = template;
            this.segments = template.split("/");
            int count = 0;
            for (String segment : segments) {
                if (!isParameter(segment)) {
                    count++;
                }
            }
            this.literals = count;
        }

        /** The route values when {@code path} matches, else {@code null}. */
        Map<String, String> match(String[] path) {
            if (path.length != segments.length) {
                return null;
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < segments.length; i++) {
                if (isParameter(segments[i])) {
                    values.put(segments[i].substring(1, segments[i].length() - 1), path[i]);
                } else if (!segments[i].equalsIgnoreCase(path[i])) {
                    return null;
                }
            }
            return values;
        }

        String allow() {
            return String.join(", ", byMethod.keySet());
        }

        private static boolean isParameter(String segment) {
            return segment.startsWith("{") && segment.endsWith("}");
        }
    }

    /** Collects the endpoints of all resources. */
    static final class Builder {
        private final Map<String, Route> routes = new LinkedHashMap<>();

        /**
         * Adds an endpoint.
         *
         * @param method HTTP method, upper case
         * @param template path below {@code /admin}, e.g. {@code functions/{name}/keys}
         */
        Builder add(String method, String template, Access access, Handler handler) {
            Route route = routes.computeIfAbsent(template.toLowerCase(Locale.ROOT), t -> new Route(template));
            if (route.byMethod.putIfAbsent(method, new Endpoint(access, handler)) != null) {
                throw new IllegalArgumentException(method + " " + template + " is declared twice");
            }
            return this;
        }

        AdminRouter build(Predicate<String> isMasterKey, BooleanSupplier hostRunning, Duration runningHostWait,
                ObjectMapper mapper, long maxRequestBodyBytes) {
            List<Route> ordered = new ArrayList<>(routes.values());
            ordered.sort(Comparator.comparingInt((Route r) -> r.literals).reversed());
            return new AdminRouter(List.copyOf(ordered), isMasterKey, hostRunning, runningHostWait, mapper,
                    maxRequestBodyBytes);
        }
    }

    private final List<Route> routes;
    private final Predicate<String> isMasterKey;
    private final BooleanSupplier hostRunning;
    private final long runningHostWaitNanos;
    private final ObjectMapper mapper;
    private final long maxRequestBodyBytes;

    private AdminRouter(List<Route> routes, Predicate<String> isMasterKey, BooleanSupplier hostRunning,
            Duration runningHostWait, ObjectMapper mapper, long maxRequestBodyBytes) {
        this.routes = routes;
        this.isMasterKey = isMasterKey;
        this.hostRunning = hostRunning;
        this.runningHostWaitNanos = runningHostWait.toNanos();
        this.mapper = mapper;
        this.maxRequestBodyBytes = maxRequestBodyBytes;
    }

    /** Serves one request; {@code pathBelowAdmin} is the servlet's path info, e.g. {@code /host/status}. */
    void handle(String pathBelowAdmin, HttpServletRequest request, HttpServletResponse response) throws IOException {
        AdminExchange exchange = new AdminExchange(request, response, mapper, maxRequestBodyBytes);
        exchange.setHeader("Cache-Control", "no-store");
        try {
            Match match = find(pathBelowAdmin);
            if (match == null) {
                throw ApiProblem.notFound("not found", "There is no admin API endpoint at /admin"
                        + (pathBelowAdmin == null ? "" : pathBelowAdmin) + ". docs/admin-api.md lists the endpoints.");
            }
            Route route = match.route();
            Endpoint endpoint = route.byMethod.get(request.getMethod());
            if (endpoint == null) {
                exchange.setHeader("Allow", route.allow());
                throw new ApiProblem(405, "method not allowed", "/admin/" + route.template + " accepts "
                        + route.allow() + ", not " + request.getMethod() + ".");
            }
            if (endpoint.access() != Access.ANONYMOUS && !isMasterKey.test(exchange.presentedKey())) {
                // as Azure: 401 with an empty body, whatever was wrong with the key
                exchange.empty(401);
                return;
            }
            if (endpoint.access() == Access.MASTER_KEY_RUNNING_HOST && !awaitRunningHost()) {
                exchange.setHeader("Retry-After", "5");
                throw new ApiProblem(503, "host not running", "The function host is not running yet (it is "
                        + "starting or stopping, or its apps are still being deployed). Retry in a few seconds; "
                        + "GET /admin/host/status shows its state.");
            }
            exchange.routeValues(match.values());
            endpoint.handler().handle(exchange);
        } catch (ApiProblem problem) {
            exchange.problem(problem);
        } catch (RuntimeException e) {
            LOG.warn("Admin API {} /admin{} failed", request.getMethod(), pathBelowAdmin, e);
            exchange.problem(new ApiProblem(500, "internal error", "The request failed inside fnhost ("
                    + e.getClass().getSimpleName() + "). The node's log (karaf.log) has the details."));
        }
    }

    private Match find(String pathBelowAdmin) {
        String[] path = split(pathBelowAdmin);
        if (path.length == 0) {
            return null;
        }
        for (Route route : routes) {
            Map<String, String> values = route.match(path);
            if (values != null) {
                return new Match(route, values);
            }
        }
        return null;
    }

    /** Path segments; one trailing slash is ignored, as ASP.NET routing does. */
    private static String[] split(String pathBelowAdmin) {
        if (pathBelowAdmin == null || pathBelowAdmin.isEmpty() || pathBelowAdmin.equals("/")) {
            return new String[0];
        }
        String path = pathBelowAdmin.startsWith("/") ? pathBelowAdmin.substring(1) : pathBelowAdmin;
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return new String[0];
            }
        }
        return segments;
    }

    /** Azure waits for a starting host before failing with 503; fnhost waits a shorter, configured time. */
    private boolean awaitRunningHost() {
        if (hostRunning.getAsBoolean()) {
            return true;
        }
        long deadline = System.nanoTime() + runningHostWaitNanos;
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(remaining, RUNNING_HOST_POLL_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (hostRunning.getAsBoolean()) {
                return true;
            }
        }
        return hostRunning.getAsBoolean();
    }
}
