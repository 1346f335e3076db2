package io.fnhost.http.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import com.microsoft.azure.functions.HttpMethod;

import io.fnhost.spi.BindingException;

/**
 * The started HTTP functions and the {@link RouteTable} built from them. Every change rebuilds the
 * table and publishes it with one volatile write, so requests see either the old or the new table,
 * never a partial one.
 * <p>
 * Versions side by side: routes are keyed by (app, function name ignoring case). While two
 * generations of an app register the same function, only the higher {@code generation} is in the
 * table (equal generations: the later start), so an update swaps the route without a 404 window;
 * removing a route removes only that registration, and the other generation takes over.
 * <p>
 * Conflicts: a route that has the same shape as one in the table (literals equal ignoring case,
 * parameters with the same constraints whatever their names, see {@link RouteTemplate#shape}) and
 * shares a method with it is refused by {@link #add}, so the function started later fails alone and
 * nothing else changes. Registrations of one app with different generations never conflict: that is a
 * version swap, even when a function was renamed between the versions, and the newer generation wins.
 */
final class RouteRegistry {

    private static final class Key {
        final long sequence;
        final List<FunctionRoute> registrations = new ArrayList<>(2);

        Key(long sequence) {
            this.sequence = sequence;
        }

        FunctionRoute effective() {
            FunctionRoute best = null;
            for (FunctionRoute r : registrations) {
                if (best == null || r.generation >= best.generation) {
                    best = r;
                }
            }
            return best;
        }
    }

    private final Object lock = new Object();
    private final Map<String, Key> keys = new HashMap<>();
    /** Routes in the table by shape (guarded by lock). */
    private Map<String, List<FunctionRoute>> byShape = Map.of();
    private long nextSequence;
    private volatile RouteTable table = RouteTable.EMPTY;

    RouteTable table() {
        return table;
    }

    /**
     * Adds {@code route} to the table.
     *
     * @throws BindingException when a route of another function already answers the same paths and a
     *         common method; the message names that function and both routes
     */
    void add(FunctionRoute route) throws BindingException {
        synchronized (lock) {
            FunctionRoute other = conflictWith(route);
            if (other != null) {
                throw new BindingException("Function '" + route.function + "' of app '" + route.app + "' claims the route /"
                        + route.template.text() + " (" + methods(route.methodMask) + "), but function '" + other.function
                        + "' of app '" + other.app + "' already serves the same route as /" + other.template.text() + " ("
                        + methods(other.methodMask) + "). Give one of them another route or other methods, "
                        + "or stop the other function; then restart this one.");
            }
            keys.computeIfAbsent(route.key(), k -> new Key(nextSequence++)).registrations.add(route);
            rebuild();
        }
    }

    /** Removes exactly this registration (by identity); other generations stay. */
    void remove(FunctionRoute route) {
        synchronized (lock) {
            String k = route.key();
            Key key = keys.get(k);
            if (key == null || !key.registrations.removeIf(r -> r == route)) {
                return;
            }
            if (key.registrations.isEmpty()) {
                keys.remove(k);
            }
            rebuild();
        }
    }

    private FunctionRoute conflictWith(FunctionRoute route) {
        String key = route.key();
        for (FunctionRoute other : byShape.getOrDefault(route.template.shape(), List.of())) {
            boolean versionSwap = other.app.equals(route.app) && other.generation != route.generation;
            if (!other.key().equals(key) && !versionSwap && (other.methodMask & route.methodMask) != 0) {
                return other;
            }
        }
        return null;
    }

    private void rebuild() {
        List<Key> ordered = new ArrayList<>(keys.values());
        ordered.sort((a, b) -> Long.compare(a.sequence, b.sequence));
        List<FunctionRoute> routes = new ArrayList<>(ordered.size());
        Map<String, List<FunctionRoute>> shapes = new HashMap<>();
        for (Key key : ordered) {
            FunctionRoute r = key.effective();
            routes.add(r);
            shapes.computeIfAbsent(r.template.shape(), s -> new ArrayList<>(1)).add(r);
        }
        byShape = shapes;
        table = RouteTable.build(routes);
    }

    static String methods(int mask) {
        if (mask == FunctionRoute.ALL_METHODS) {
            return "all methods";
        }
        StringJoiner names = new StringJoiner(", ");
        for (HttpMethod m : HttpMethod.values()) {
            if ((mask & (1 << m.ordinal())) != 0) {
                names.add(m.name());
            }
        }
        return names.toString();
    }
}
