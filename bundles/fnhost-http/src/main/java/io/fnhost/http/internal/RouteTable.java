package io.fnhost.http.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import com.microsoft.azure.functions.HttpMethod;

/**
 * Immutable routing table over full request paths (route prefix included): a trie with one level
 * per path segment, so a lookup costs a hash look-up per literal segment plus a walk over the few
 * distinct parameter shapes at each level, independent of the number of routes.
 * <p>
 * Precedence, decided segment by segment from the left as ASP.NET Core does: a literal segment before
 * a constrained parameter before an unconstrained one before a catch-all; at the end of the path a
 * route that ends there before one whose remaining segments are optional. A route whose methods do
 * not include the request's method does not match (the search goes on; nothing matching is a 404).
 * Routes that share a node keep the order they were given to {@link #build}: the registry passes them
 * in registration order, so the first registered wins a conflict.
 * <p>
 * Built once per change by {@link RouteRegistry} and swapped atomically; lookups need no locking.
 */
final class RouteTable {


    /** A matched route plus the request's path segments, from which route values are read lazily. */
    static final class Match {
        final FunctionRoute route;
        final String[] segments;

        Match(FunctionRoute route, String[] segments) {
            this.route = route;
            this.segments = segments;
        }

        /** Value of route parameter {@code name}: the segment, its default, or {@code null} when absent. */
        String routeValue(String name) {
            RouteTemplate.Segment p = route.template.parameter(name);
            if (p == null) {
                return null;
            }
            if (p.catchAll) {
                if (p.index >= segments.length) {
                    return p.defaultValue;
                }
                return String.join("/", java.util.Arrays.asList(segments).subList(p.index, segments.length));
            }
            return p.index < segments.length ? segments[p.index] : p.defaultValue;
        }
    }

    private static final FunctionRoute[] NO_ROUTES = new FunctionRoute[0];
    private static final ParameterEdge[] NO_EDGES = new ParameterEdge[0];

    /** The table without routes (declared after the constants its construction uses). */
    static final RouteTable EMPTY = build(List.of(), (a, b) -> { });

    private static final class ParameterEdge {
        final RouteTemplate.Segment shape;
        final Node child;

        ParameterEdge(RouteTemplate.Segment shape, Node child) {
            this.shape = shape;
            this.child = child;
        }
    }

    private static final class Node {
        final Map<String, Node> literals;
        /** Constrained edges first, then the unconstrained one. */
        final ParameterEdge[] parameters;
        /** Routes whose last segment is this node. */
        final FunctionRoute[] terminals;
        /** Routes that may end here because their remaining segments are optional or defaulted. */
        final FunctionRoute[] optionalTerminals;
        /** Catch-all routes continuing from here, constrained edges first. */
        final ParameterEdge[] catchAlls;

        Node(Map<String, Node> literals, ParameterEdge[] parameters, FunctionRoute[] terminals,
                FunctionRoute[] optionalTerminals, ParameterEdge[] catchAlls) {
            this.literals = literals;
            this.parameters = parameters;
            this.terminals = terminals;
            this.optionalTerminals = optionalTerminals;
            this.catchAlls = catchAlls;
        }
    }

    private final Node root;
    private final List<FunctionRoute> routes;
    private final Set<String> prefixes;

    private RouteTable(Node root, List<FunctionRoute> routes, Set<String> prefixes) {
        this.root = root;
        this.routes = routes;
        this.prefixes = prefixes;
    }

    /** Route prefixes (as configured) in use: one dispatch servlet each. */
    Set<String> prefixes() {
        return prefixes;
    }

    /** The routes in precedence order. */
    List<FunctionRoute> routes() {
        return routes;
    }

    /**
     * The route for {@code method} and the decoded, non-empty path {@code segments}, or {@code null}.
     */
    Match match(HttpMethod method, String[] segments) {
        FunctionRoute r = find(root, segments, 0, 1 << method.ordinal());
        return r == null ? null : new Match(r, segments);
    }

    private static FunctionRoute find(Node node, String[] segments, int i, int methodBit) {
        if (i == segments.length) {
            FunctionRoute r = pick(node.terminals, methodBit);
            if (r == null) {
                r = pick(node.optionalTerminals, methodBit);
            }
            for (int k = 0; r == null && k < node.catchAlls.length; k++) {
                r = pick(node.catchAlls[k].child.terminals, methodBit);
            }
            return r;
        }
        String segment = segments[i];
        if (!node.literals.isEmpty()) {
            Node child = node.literals.get(lowerCase(segment));
            if (child != null) {
                FunctionRoute r = find(child, segments, i + 1, methodBit);
                if (r != null) {
                    return r;
                }
            }
        }
        for (ParameterEdge edge : node.parameters) {
            if (edge.shape.accepts(segment)) {
                FunctionRoute r = find(edge.child, segments, i + 1, methodBit);
                if (r != null) {
                    return r;
                }
            }
        }
        for (ParameterEdge edge : node.catchAlls) {
            if (edge.shape.constraints.length == 0 || edge.shape.accepts(join(segments, i))) {
                FunctionRoute r = pick(edge.child.terminals, methodBit);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static FunctionRoute pick(FunctionRoute[] candidates, int methodBit) {
        for (FunctionRoute r : candidates) {
            if ((r.methodMask & methodBit) != 0) {
                return r;
            }
        }
        return null;
    }

    private static String join(String[] segments, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < segments.length; i++) {
            if (i > from) {
                sb.append('/');
            }
            sb.append(segments[i]);
        }
        return sb.toString();
    }

    /** Lower-cases only when needed: most request paths are already lower case. */
    static String lowerCase(String s) {
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z' || c > 127) {
                return s.toLowerCase(java.util.Locale.ROOT);
            }
        }
        return s;
    }

    /**
     * Builds a table from {@code routes} in precedence order. {@code conflicts} hears of each pair of
     * routes that would both answer the same full path and method (the first of the pair wins).
     */
    static RouteTable build(List<FunctionRoute> routes, BiConsumer<FunctionRoute, FunctionRoute> conflicts) {
        MutableNode root = new MutableNode();
        Set<String> prefixes = new LinkedHashSet<>();
        for (FunctionRoute route : routes) {
            prefixes.add(route.prefix);
            MutableNode node = root;
            for (RouteTemplate.Segment seg : route.template.segments()) {
                if (seg.mayBeAbsent() && !seg.catchAll) {
                    node.optionalTerminals.add(route);
                }
                if (seg.catchAll) {
                    // a catch-all also matches nothing: the route may end at this node
                    node = node.catchAll(seg);
                    break;
                }
                node = seg.isLiteral() ? node.literal(seg.literal) : node.parameter(seg);
            }
            for (FunctionRoute other : node.terminals) {
                if ((other.methodMask & route.methodMask) != 0) {
                    conflicts.accept(other, route);
                }
            }
            node.terminals.add(route);
        }
        return new RouteTable(root.freeze(), Collections.unmodifiableList(new ArrayList<>(routes)),
                Collections.unmodifiableSet(prefixes));
    }

    private static final class MutableNode {
        final Map<String, MutableNode> literals = new LinkedHashMap<>();
        final Map<String, MutableNode> parameters = new LinkedHashMap<>();
        final Map<String, RouteTemplate.Segment> parameterShapes = new HashMap<>();
        final Map<String, MutableNode> catchAlls = new LinkedHashMap<>();
        final Map<String, RouteTemplate.Segment> catchAllShapes = new HashMap<>();
        final List<FunctionRoute> terminals = new ArrayList<>();
        final List<FunctionRoute> optionalTerminals = new ArrayList<>();

        MutableNode literal(String text) {
            return literals.computeIfAbsent(text, k -> new MutableNode());
        }

        MutableNode parameter(RouteTemplate.Segment seg) {
            parameterShapes.putIfAbsent(seg.constraintKey, seg);
            return parameters.computeIfAbsent(seg.constraintKey, k -> new MutableNode());
        }

        MutableNode catchAll(RouteTemplate.Segment seg) {
            catchAllShapes.putIfAbsent(seg.constraintKey, seg);
            return catchAlls.computeIfAbsent(seg.constraintKey, k -> new MutableNode());
        }

        Node freeze() {
            Map<String, Node> frozenLiterals = new HashMap<>();
            literals.forEach((k, v) -> frozenLiterals.put(k, v.freeze()));
            return new Node(frozenLiterals.isEmpty() ? Map.of() : Map.copyOf(frozenLiterals),
                    edges(parameters, parameterShapes), terminals.toArray(NO_ROUTES),
                    optionalTerminals.toArray(NO_ROUTES), edges(catchAlls, catchAllShapes));
        }

        private static ParameterEdge[] edges(Map<String, MutableNode> children, Map<String, RouteTemplate.Segment> shapes) {
            if (children.isEmpty()) {
                return NO_EDGES;
            }
            List<ParameterEdge> constrained = new ArrayList<>();
            List<ParameterEdge> free = new ArrayList<>();
            children.forEach((key, child) -> (key.isEmpty() ? free : constrained)
                    .add(new ParameterEdge(shapes.get(key), child.freeze())));
            constrained.addAll(free);
            return constrained.toArray(NO_EDGES);
        }
    }
}
