package io.fnhost.management.internal.gateway;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;
import io.fnhost.http.routes.HttpRouteMatcher;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.NodeIdentity;

/**
 * Chooses the worker a gateway request goes to.
 * <p>
 * The candidates for a request are the {@link NodeDTO#UP UP} nodes on which the app owning the request's
 * route is {@link NodeAppDTO#RUNNING RUNNING} and whose function for that route is
 * {@link FunctionState#RUNNING RUNNING} and accepts the method. Routes are matched with the HTTP trigger's
 * own matcher ({@link HttpRouteMatcher}) over the HTTP functions running anywhere in the cluster, all under
 * the route prefix {@value HttpRouteMatcher#DEFAULT_ROUTE_PREFIX} (the cluster's node status does not carry
 * an app's host.json routePrefix, and {@code /api/*} is the only path the gateway serves). Routes are learnt
 * from every node reporting the function (in any state, also nodes that left), so a route whose app runs
 * nowhere right now has no candidates (the gateway answers 503) rather than none matching. A request
 * that matches no route may go to any UP node that runs functions: each answers 404 alike.
 * <p>
 * Among the candidates, {@link #pick} prefers nodes that are not suspect (a connect failure in the last
 * few seconds), then the fewest requests this gateway has outstanding on them, then round robin.
 * Thread-safe; the route matcher is rebuilt only when the set of running HTTP functions changes.
 */
final class WorkerSelector {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerSelector.class);

    /** A node to send requests to. */
    static final class Worker {
        final String node;
        /** Its HTTP base URL without a trailing slash, e.g. {@code http://127.0.0.1:8182}. */
        final String url;

        Worker(String node, String url) {
            this.node = node;
            this.url = url;
        }

        @Override
        public String toString() {
            return node + " (" + url + ")";
        }
    }

    /** Where one request may go. */
    static final class Targets {
        /** The function the request's route belongs to; {@code null} when no route matched. */
        final HttpRouteMatcher.Match route;
        /** The nodes that may take it, by name; empty when none can. */
        final List<Worker> candidates;

        Targets(HttpRouteMatcher.Match route, List<Worker> candidates) {
            this.route = route;
            this.candidates = candidates;
        }
    }

    /** A node's running HTTP function: for the candidate check. */
    private static final class Deployed {
        final Worker worker;
        /** Upper-case methods the function accepts; empty: all. */
        final Set<String> methods;

        Deployed(Worker worker, Set<String> methods) {
            this.worker = worker;
            this.methods = methods;
        }

        boolean accepts(String method) {
            return methods.isEmpty() || methods.contains(method);
        }
    }

    /** What the gateway knows from one {@code nodes()} answer. */
    private static final class Snapshot {
        final long fingerprint;
        /** app/function (lower case) -> where it runs. */
        final Map<String, List<Deployed>> functions;
        /** UP nodes that run functions: for requests that match no route. */
        final List<Worker> anyWorker;
        /** The routes the matcher was built from: equal sets share the matcher. */
        final Set<String> routeKeys;
        final HttpRouteMatcher matcher;

        Snapshot(long fingerprint, Map<String, List<Deployed>> functions, List<Worker> anyWorker,
                Set<String> routeKeys, HttpRouteMatcher matcher) {
            this.fingerprint = fingerprint;
            this.functions = functions;
            this.anyWorker = anyWorker;
            this.routeKeys = routeKeys;
            this.matcher = matcher;
        }
    }

    private final Supplier<List<NodeDTO>> nodes;
    private final LongSupplier nanoClock;
    private final long suspectNanos;
    private final Map<String, AtomicInteger> outstanding = new ConcurrentHashMap<>();
    /** Node name -> when (nano clock) it stops being suspect. */
    private final Map<String, Long> suspectUntil = new ConcurrentHashMap<>();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private volatile Snapshot snapshot;

    /**
     * @param nodes the cluster's nodes, asked once per request ({@code FunctionCluster::nodes})
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     * @param suspectMillis how long a node that failed to connect is avoided
     */
    WorkerSelector(Supplier<List<NodeDTO>> nodes, LongSupplier nanoClock, long suspectMillis) {
        this.nodes = nodes;
        this.nanoClock = nanoClock;
        this.suspectNanos = suspectMillis * 1_000_000L;
    }

    /**
     * The workers a request may go to.
     *
     * @param method the request's method
     * @param rawPath its path below the servlet context, not decoded, without the query
     */
    Targets targets(String method, String rawPath) {
        Snapshot s = snapshot();
        Optional<HttpRouteMatcher.Match> match = s.matcher.match(method, rawPath);
        if (match.isEmpty()) {
            return new Targets(null, s.anyWorker);
        }
        HttpRouteMatcher.Match m = match.get();
        List<Deployed> deployed = s.functions.getOrDefault(key(m.app(), m.function()), List.of());
        List<Worker> candidates = new ArrayList<>(deployed.size());
        for (Deployed d : deployed) {
            if (d.accepts(method)) {
                candidates.add(d.worker);
            }
        }
        return new Targets(m, candidates);
    }

    /**
     * The worker to try next among {@code targets}' candidates that are not in {@code tried}: not suspect
     * if possible, then the fewest outstanding requests, then round robin. Empty when all were tried.
     */
    Optional<Worker> pick(Targets targets, Collection<String> tried) {
        long now = nanoClock.getAsLong();
        List<Worker> best = new ArrayList<>(targets.candidates.size());
        boolean bestSuspect = true;
        int bestLoad = Integer.MAX_VALUE;
        for (Worker w : targets.candidates) {
            if (tried.contains(w.node)) {
                continue;
            }
            boolean suspect = isSuspect(w.node, now);
            int load = outstanding(w.node);
            // a healthy node beats a suspect one whatever their loads
            int order = best.isEmpty() ? -1
                    : suspect != bestSuspect ? (suspect ? 1 : -1) : Integer.compare(load, bestLoad);
            if (order < 0) {
                best.clear();
                bestSuspect = suspect;
                bestLoad = load;
            }
            if (order <= 0) {
                best.add(w);
            }
        }
        if (best.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(best.get(Math.floorMod(roundRobin.getAndIncrement(), best.size())));
    }

    /** A request was sent to {@code node}. */
    void acquire(String node) {
        outstanding.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
    }

    /** A request sent to {@code node} completed (answered or failed). */
    void release(String node) {
        AtomicInteger count = outstanding.get(node);
        if (count != null) {
            count.decrementAndGet();
        }
    }

    /** Requests this gateway has outstanding on {@code node}. */
    int outstanding(String node) {
        AtomicInteger count = outstanding.get(node);
        return count == null ? 0 : count.get();
    }

    /**
     * {@code node} failed to take a request: avoid it for the configured time.
     *
     * @return whether it was not suspect already (so the caller logs the first failure only)
     */
    boolean suspect(String node) {
        long now = nanoClock.getAsLong();
        Long previous = suspectUntil.put(node, now + suspectNanos);
        return previous == null || previous - now <= 0;
    }

    boolean isSuspect(String node) {
        return isSuspect(node, nanoClock.getAsLong());
    }

    private boolean isSuspect(String node, long now) {
        Long until = suspectUntil.get(node);
        return until != null && until - now > 0;
    }

    // ------------------------------------------------------------------------------------------ snapshot

    /**
     * The snapshot for the cluster's current node status: rebuilt only when what routing depends on
     * changed (heartbeats and load figures change every second and do not count).
     */
    private Snapshot snapshot() {
        List<NodeDTO> current = nodes.get();
        long fingerprint = fingerprint(current);
        Snapshot s = snapshot;
        if (s != null && s.fingerprint == fingerprint) {
            return s;
        }
        Snapshot next = build(current, fingerprint, s);
        snapshot = next;
        return next;
    }

    /** A hash of every field {@link #build} reads; no allocation, so it can run per request. */
    static long fingerprint(List<NodeDTO> nodes) {
        long h = 17;
        for (NodeDTO node : nodes) {
            h = mix(h, Objects.hashCode(node.name));
            h = mix(h, Objects.hashCode(node.state));
            h = mix(h, Objects.hashCode(node.role));
            h = mix(h, Objects.hashCode(node.httpUrl));
            for (NodeAppDTO app : node.apps) {
                h = mix(h, Objects.hashCode(app.app));
                h = mix(h, Objects.hashCode(app.state));
                h = mix(h, Objects.hashCode(app.sha256));
                for (FunctionDTO fn : app.functions) {
                    h = mix(h, Objects.hashCode(fn.name));
                    h = mix(h, Objects.hashCode(fn.state));
                    for (BindingDTO b : fn.bindings) {
                        h = mix(h, Objects.hashCode(b.type));
                        h = mix(h, Objects.hashCode(b.attributes.get("route")));
                        h = mix(h, methodsHash(b.attributes.get("methods")));
                    }
                }
                h = mix(h, -1);
            }
            h = mix(h, -2);
        }
        return h;
    }

    private static int methodsHash(Object methods) {
        return methods instanceof Object[] ? Arrays.hashCode((Object[]) methods) : Objects.hashCode(methods);
    }

    private static long mix(long h, int value) {
        // 64-bit multiply-xorshift: collisions between real node states are not a concern in practice
        long x = (h ^ value) * 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29);
    }

    private static Snapshot build(List<NodeDTO> nodes, long fingerprint, Snapshot previous) {
        Map<String, List<Deployed>> functions = new HashMap<>();
        List<Worker> anyWorker = new ArrayList<>();
        Set<String> routeKeys = new HashSet<>();
        List<FunctionDTO> routed = new ArrayList<>();
        for (NodeDTO node : nodes) {
            // routes are learnt from every node that reports the function, in any state, even one that
            // left: a request for an app whose only worker died gets a 503 naming it, not some node's 404
            Worker worker = isWorkerUp(node) ? new Worker(node.name, stripSlash(node.httpUrl)) : null;
            if (worker != null) {
                anyWorker.add(worker);
            }
            for (NodeAppDTO app : node.apps) {
                if (app.app == null) {
                    continue;
                }
                boolean serving = worker != null && NodeAppDTO.RUNNING.equals(app.state);
                for (FunctionDTO fn : app.functions) {
                    BindingDTO trigger = httpTrigger(fn);
                    if (trigger == null || fn.name == null) {
                        continue;
                    }
                    List<String> methods = methods(trigger.attributes.get("methods"));
                    if (serving && fn.state == FunctionState.RUNNING) {
                        functions.computeIfAbsent(key(app.app, fn.name), k -> new ArrayList<>())
                                .add(new Deployed(worker, Set.copyOf(methods)));
                    }
                    if (routeKeys.add(app.app + '\0' + fn.name + '\0' + trigger.attribute("route", "")
                            + '\0' + methods)) {
                        FunctionDTO r = new FunctionDTO();
                        r.app = app.app;
                        r.name = fn.name;
                        r.bindings = List.of(trigger);
                        routed.add(r);
                    }
                }
            }
        }
        HttpRouteMatcher matcher = previous != null && previous.routeKeys.equals(routeKeys) ? previous.matcher
                : matcher(routed);
        return new Snapshot(fingerprint, functions, List.copyOf(anyWorker), routeKeys, matcher);
    }

    /** An UP node that runs functions and has an HTTP address. */
    private static boolean isWorkerUp(NodeDTO node) {
        return NodeDTO.UP.equals(node.state) && node.httpUrl != null && !node.httpUrl.isBlank()
                && !NodeIdentity.MANAGEMENT.equals(node.role);
    }

    private static HttpRouteMatcher matcher(List<FunctionDTO> routed) {
        HttpRouteMatcher.Builder builder = HttpRouteMatcher.builder();
        for (FunctionDTO fn : routed) {
            BindingDTO trigger = fn.bindings.get(0);
            try {
                builder.add(fn.app, fn.name, HttpRouteMatcher.DEFAULT_ROUTE_PREFIX, trigger.attribute("route", null),
                        methods(trigger.attributes.get("methods")));
            } catch (IllegalArgumentException e) {
                // a worker runs it, so its route was valid there: a newer fnhost-http than this one's
                LOG.warn("The gateway cannot route to function {} of app {}: {}", fn.name, fn.app, e.getMessage());
            }
        }
        return builder.build();
    }

    private static BindingDTO httpTrigger(FunctionDTO fn) {
        for (BindingDTO b : fn.bindings) {
            if ("httpTrigger".equalsIgnoreCase(b.type)) {
                return b;
            }
        }
        return null;
    }

    /**
     * The {@code methods} attribute as upper-case names: an array or a list (after a JSON round trip), or
     * a comma-separated string; absent or empty means every method.
     */
    static List<String> methods(Object value) {
        List<String> names = new ArrayList<>();
        if (value instanceof Object[]) {
            for (Object o : (Object[]) value) {
                names.add(String.valueOf(o));
            }
        } else if (value instanceof Collection) {
            for (Object o : (Collection<?>) value) {
                names.add(String.valueOf(o));
            }
        } else if (value != null) {
            names.addAll(List.of(String.valueOf(value).split(",")));
        }
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            String m = n.trim().toUpperCase(Locale.ROOT);
            if (!m.isEmpty() && !out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    private static String key(String app, String function) {
        return app.toLowerCase(Locale.ROOT) + '/' + function.toLowerCase(Locale.ROOT);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
