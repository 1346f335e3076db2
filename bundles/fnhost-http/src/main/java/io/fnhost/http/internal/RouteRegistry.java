package io.fnhost.http.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The started HTTP functions and the {@link RouteTable} built from them. Every change rebuilds the
 * table and publishes it with one volatile write, so requests see either the old or the new table,
 * never a partial one.
 * <p>
 * Versions side by side: routes are keyed by (app, function name ignoring case). While two
 * generations of an app register the same function, only the higher {@code generation} is in the
 * table (equal generations: the later start), so an update swaps the route without a 404 window;
 * removing a route removes only that registration, and the other generation takes over. Across keys,
 * the key registered first precedes (its position survives generation swaps); two keys that answer
 * the same path and method are a conflict, logged once while it lasts.
 */
final class RouteRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(RouteRegistry.class);

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
    private long nextSequence;
    private Set<String> conflicts = new HashSet<>();
    private volatile RouteTable table = RouteTable.EMPTY;

    RouteTable table() {
        return table;
    }

    void add(FunctionRoute route) {
        synchronized (lock) {
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

    private void rebuild() {
        List<Key> ordered = new ArrayList<>(keys.values());
        ordered.sort((a, b) -> Long.compare(a.sequence, b.sequence));
        List<FunctionRoute> routes = new ArrayList<>(ordered.size());
        for (Key key : ordered) {
            routes.add(key.effective());
        }
        Set<String> seen = new HashSet<>();
        table = RouteTable.build(routes, (winner, loser) -> {
            String id = winner.key() + '\u0001' + loser.key();
            seen.add(id);
            if (!conflicts.contains(id)) {
                LOG.warn("HTTP route conflict: {}/{} and {}/{} both answer /{} for the same method(s); {}/{} was registered first and wins",
                        winner.app, winner.function, loser.app, loser.function, loser.template.text(), winner.app, winner.function);
            }
        });
        conflicts = seen;
    }
}
