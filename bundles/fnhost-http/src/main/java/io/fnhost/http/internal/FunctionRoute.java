package io.fnhost.http.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

import com.microsoft.azure.functions.HttpMethod;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.BindingException;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.ValueConverter;

/**
 * Everything the dispatcher needs for one started function, computed once in
 * {@link HttpTriggerProvider#start}: the parsed template (route prefix included), the methods as a
 * bit mask, the body conversion plan and the binding names. Immutable.
 */
final class FunctionRoute {
    static final String DEFAULT_ROUTE_PREFIX = "api";
    static final int ALL_METHODS = -1;

    final String app;
    final String function;
    final long generation;
    /** Route prefix as configured in host.json, without surrounding slashes ({@code ""} for none). */
    final String prefix;
    final RouteTemplate template;
    /** Bit {@code 1 << HttpMethod.ordinal()} per accepted method. */
    final int methodMask;
    final FunctionInvoker invoker;
    final BodyPlan body;
    final String triggerName;
    /** Name of the {@code http} output binding, or {@code null} when the function has none. */
    final String outputName;
    /** {@code authLevel}: {@code anonymous}, {@code function} or {@code admin} (lower case). */
    final String authLevel;
    /** Disabled by app setting: 404 unless called with the master key. */
    final boolean disabled;
    /** The app version's throttle, or {@code null} when host.json sets no limit. */
    final RequestThrottle throttle;

    FunctionRoute(String app, String function, long generation, String prefix, RouteTemplate template, int methodMask,
            FunctionInvoker invoker, BodyPlan body, String triggerName, String outputName) {
        this(app, function, generation, prefix, template, methodMask, invoker, body, triggerName, outputName,
                AUTH_ANONYMOUS, false, null);
    }

    FunctionRoute(String app, String function, long generation, String prefix, RouteTemplate template, int methodMask,
            FunctionInvoker invoker, BodyPlan body, String triggerName, String outputName, String authLevel,
            boolean disabled, RequestThrottle throttle) {
        this.app = app;
        this.function = function;
        this.generation = generation;
        this.prefix = prefix;
        this.template = template;
        this.methodMask = methodMask;
        this.invoker = invoker;
        this.body = body;
        this.triggerName = triggerName;
        this.outputName = outputName;
        this.authLevel = authLevel;
        this.disabled = disabled;
        this.throttle = throttle;
    }

    static final String AUTH_ANONYMOUS = "anonymous";
    static final String AUTH_FUNCTION = "function";
    static final String AUTH_ADMIN = "admin";

    /** Whether a request must present a key (so the dispatcher looks one up). */
    boolean needsKey() {
        return disabled || !AUTH_ANONYMOUS.equals(authLevel);
    }

    /** The (app, function) identity that generations of one app share. */
    String key() {
        return app + '\u0000' + function.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return app + "/" + function + " (generation " + generation + ", /" + template.text() + ")";
    }

    /**
     * Plans the route of {@code invoker}'s function.
     *
     * @throws BindingException when the route prefix, route template or methods are invalid
     */
    static FunctionRoute of(FunctionInvoker invoker, ValueConverter converter) throws BindingException {
        return of(invoker, converter, null);
    }

    /**
     * Plans the route of {@code invoker}'s function, taking the app version's throttle from
     * {@code throttles} when host.json sets limits ({@code null}: no throttling).
     */
    static FunctionRoute of(FunctionInvoker invoker, ValueConverter converter, AppThrottles throttles) throws BindingException {
        FunctionDescriptor d = invoker.function();
        BindingDTO trigger = d.trigger();
        String prefix = routePrefix(d);
        String route = trigger.attribute("route", "").trim();
        if (route.isEmpty()) {
            route = d.name();
        }
        String full = prefix.isEmpty() ? route : prefix + "/" + stripSlashes(route);
        RouteTemplate template;
        try {
            template = RouteTemplate.parse(full);
        } catch (IllegalArgumentException e) {
            throw new BindingException("Function '" + d.name() + "' has an invalid route: " + e.getMessage());
        }
        if (template.segments().isEmpty()) {
            throw new BindingException("Function '" + d.name() + "' has an empty route and no route prefix");
        }
        int methods = methodMask(d.name(), trigger.attributes.get("methods"));
        BindingDTO out = d.binding("http", BindingDTO.DIRECTION_OUT);
        String authLevel = authLevel(d.name(), trigger.attribute("authLevel", AUTH_FUNCTION));
        BodyPlan body = BodyPlan.forTriggerParameter(d.parameterType(trigger.name), converter);
        int maxConcurrent = limit(d, "maxConcurrentRequests");
        int maxOutstanding = limit(d, "maxOutstandingRequests");
        RequestThrottle throttle = throttles == null ? null
                : throttles.acquire(d.app(), d.generation(), maxConcurrent, maxOutstanding);
        return new FunctionRoute(d.app(), d.name(), d.generation(), prefix, template, methods, invoker, body,
                trigger.name, out == null ? null : out.name, authLevel, d.disabled(), throttle);
    }

    /** Azure's {@code AuthorizationLevel} names (any case); {@code System} is not a level Java functions can use. */
    static String authLevel(String function, String value) throws BindingException {
        String level = value.trim().toLowerCase(Locale.ROOT);
        switch (level) {
            case AUTH_ANONYMOUS:
            case AUTH_FUNCTION:
            case AUTH_ADMIN:
                return level;
            default:
                throw new BindingException("Function '" + function + "' has authLevel '" + value
                        + "'; use ANONYMOUS, FUNCTION or ADMIN");
        }
    }

    /** A host.json {@code extensions.http} limit: a whole number, -1 (or absent) for unbounded. */
    static int limit(FunctionDescriptor d, String name) throws BindingException {
        Map<String, Object> http = d.hostExtension("http");
        Object value = http == null ? null : http.get(name);
        if (value == null) {
            return RequestThrottle.UNBOUNDED;
        }
        if (value instanceof Number) {
            double v = ((Number) value).doubleValue();
            if (v == Math.rint(v) && v >= -1 && v <= Integer.MAX_VALUE && v != 0) {
                return (int) v;
            }
        }
        throw new BindingException("host.json extensions.http." + name + " of app '" + d.app() + "' is " + value
                + "; use a positive whole number, or -1 for no limit");
    }

    static String routePrefix(FunctionDescriptor d) throws BindingException {
        Map<String, Object> http = d.hostExtension("http");
        Object value = http == null ? null : http.get("routePrefix");
        if (value == null) {
            return DEFAULT_ROUTE_PREFIX;
        }
        if (!(value instanceof String)) {
            throw new BindingException("host.json extensions.http.routePrefix of app '" + d.app() + "' must be a string, not " + value);
        }
        String prefix = stripSlashes(((String) value).trim());
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '{' || c == '}' || c == '*' || c == '?' || c == '#' || c == '%' || c == '\\' || c <= ' ') {
                throw new BindingException("host.json extensions.http.routePrefix '" + value + "' of app '" + d.app()
                        + "' may hold only path segments of plain characters");
            }
        }
        if (prefix.contains("//")) {
            throw new BindingException("host.json extensions.http.routePrefix '" + value + "' of app '" + d.app() + "' has an empty segment");
        }
        return prefix;
    }

    /** {@code s} without leading and trailing slashes. */
    static String stripSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    /** Bit mask of the {@code methods} attribute (enum names, any case); absent or empty means all. */
    static int methodMask(String function, Object methods) throws BindingException {
        String[] names;
        if (methods == null) {
            return ALL_METHODS;
        } else if (methods instanceof String[]) {
            names = (String[]) methods;
        } else if (methods instanceof Collection) {
            names = ((Collection<?>) methods).stream().map(String::valueOf).toArray(String[]::new);
        } else {
            names = String.valueOf(methods).split(",");
        }
        int mask = 0;
        for (String name : names) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            try {
                mask |= 1 << HttpMethod.valueOf(n.toUpperCase(Locale.ROOT)).ordinal();
            } catch (IllegalArgumentException e) {
                throw new BindingException("Function '" + function + "' lists unknown HTTP method '" + n + "' in methods");
            }
        }
        return mask == 0 ? ALL_METHODS : mask;
    }
}
