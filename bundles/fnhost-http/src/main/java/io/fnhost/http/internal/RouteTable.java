package io.fnhost.http.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.microsoft.azure.functions.HttpMethod;

/**
 * Immutable routing table over full request paths (route prefix included): a trie with one level per
 * path segment. A lookup costs one hash look-up per literal segment plus a test per distinct parameter
 * shape (constraints, complex-segment pattern) present at the levels it walks, independent of the number
 * of routes; complex segments are indexed by their literal suffix or prefix.
 * <p>
 * Precedence is ASP.NET Core's inbound route precedence ({@code RoutePrecedence.ComputeInbound}): each
 * segment of a template has a digit (1 literal, 2 complex segment or constrained parameter, 3 parameter,
 * 4 constrained catch-all, 5 catch-all) and of all routes matching a path the one with the smallest
 * digits, compared from the left, wins; a route that ends where the path ends beats one that needs its
 * optional segments. Digit 2 holds several kinds of edge, so the search explores every matching edge of
 * that kind and keeps the best. Remaining ties (same digits), where ASP.NET Core would fall back to
 * registration order: more literal characters in complex segments, then more constraints, then the
 * shape text, then the newer generation (two versions of one app side by side), then the order given
 * to {@link #build}. A route whose methods
 * exclude the request's does not match; the search goes on (nothing matching is a 404, as in Azure).
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

        /**
         * Value of route parameter {@code name} (ignoring case): the path text it matched, its default, or
         * {@code null} when absent.
         */
        String routeValue(String name) {
            RouteTemplate.Parameter p = route.template.parameter(name);
            if (p == null) {
                return null;
            }
            int index = p.segmentIndex;
            if (p.catchAll) {
                return index >= segments.length ? p.defaultValue : join(segments, index);
            }
            if (index >= segments.length) {
                return p.defaultValue;
            }
            RouteTemplate.Segment segment = route.template.segments().get(index);
            if (segment.kind == RouteTemplate.Kind.PARAMETER) {
                return segments[index];
            }
            String[] values = new String[segment.parts.length];
            if (!segment.matchComplex(segments[index], RouteTemplate.foldCase(segments[index]), values)) {
                return null;
            }
            for (int i = 0; i < values.length; i++) {
                if (segment.parts[i].parameter == p) {
                    return values[i];
                }
            }
            return null;
        }
    }

    /** A route in the trie with its global rank: lower ranks win ties between subtrees. */
    private static final class Entry {
        final FunctionRoute route;
        final int rank;

        Entry(FunctionRoute route, int rank) {
            this.route = route;
            this.rank = rank;
        }
    }

    private static final class Edge {
        final RouteTemplate.Segment shape;
        final Node child;

        Edge(RouteTemplate.Segment shape, Node child) {
            this.shape = shape;
            this.child = child;
        }
    }

    /** Complex-segment edges of one node, indexed by the literal their pattern ends (or else starts) with. */
    private static final class ComplexEdges {
        final int[] suffixLengths;
        final Map<String, Edge[]> bySuffix;
        final int[] prefixLengths;
        final Map<String, Edge[]> byPrefix;
        final Edge[] others;

        ComplexEdges(int[] suffixLengths, Map<String, Edge[]> bySuffix, int[] prefixLengths, Map<String, Edge[]> byPrefix,
                Edge[] others) {
            this.suffixLengths = suffixLengths;
            this.bySuffix = bySuffix;
            this.prefixLengths = prefixLengths;
            this.byPrefix = byPrefix;
            this.others = others;
        }
    }

    private static final class Node {
        final Map<String, Node> literals;
        final Edge[] constrained;
        final ComplexEdges complex;
        final Node parameter;
        final Edge[] constrainedCatchAlls;
        final Node catchAll;
        /** Routes whose last segment is this node (or, below a catch-all edge, the catch-all), best first. */
        final Entry[] terminals;
        /** Routes that may end here because their remaining segments are optional, defaulted or a catch-all, best first. */
        final Entry[] optionalEnds;

        Node(Map<String, Node> literals, Edge[] constrained, ComplexEdges complex, Node parameter,
                Edge[] constrainedCatchAlls, Node catchAll, Entry[] terminals, Entry[] optionalEnds) {
            this.literals = literals;
            this.constrained = constrained;
            this.complex = complex;
            this.parameter = parameter;
            this.constrainedCatchAlls = constrainedCatchAlls;
            this.catchAll = catchAll;
            this.terminals = terminals;
            this.optionalEnds = optionalEnds;
        }
    }

    private static final Entry[] NO_ENTRIES = new Entry[0];
    private static final Edge[] NO_EDGES = new Edge[0];

    /** The table without routes (declared after the constants its construction uses). */
    static final RouteTable EMPTY = build(List.of());

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
        Entry e = find(root, segments, 0, 1 << method.ordinal());
        return e == null ? null : new Match(e.route, segments);
    }

    private static Entry find(Node node, String[] segments, int i, int methodBit) {
        if (i == segments.length) {
            Entry e = pick(node.terminals, methodBit);
            return e != null ? e : pick(node.optionalEnds, methodBit);
        }
        String segment = segments[i];
        String folded = null;
        // digit 1: a literal
        if (!node.literals.isEmpty()) {
            folded = RouteTemplate.foldCase(segment);
            Node child = node.literals.get(folded);
            if (child != null) {
                Entry e = find(child, segments, i + 1, methodBit);
                if (e != null) {
                    return e;
                }
            }
        }
        // an empty segment (from "//") matches no parameter or complex segment, as in ASP.NET Core
        boolean empty = segment.isEmpty();
        // digit 2: constrained parameters and complex segments; all of them tie here, so keep the best
        Entry best = null;
        for (Edge edge : empty ? NO_EDGES : node.constrained) {
            if (edge.shape.parameter.accepts(segment)) {
                best = better(best, find(edge.child, segments, i + 1, methodBit));
            }
        }
        if (node.complex != null && !empty) {
            if (folded == null) {
                folded = RouteTemplate.foldCase(segment);
            }
            best = better(best, findComplex(node.complex, segment, folded, segments, i, methodBit));
        }
        if (best != null) {
            return best;
        }
        // digit 3: a parameter
        if (node.parameter != null && !empty) {
            Entry e = find(node.parameter, segments, i + 1, methodBit);
            if (e != null) {
                return e;
            }
        }
        // digits 4 and 5: catch-alls take the rest of the path
        if (node.constrainedCatchAlls.length > 0) {
            String rest = join(segments, i);
            for (Edge edge : node.constrainedCatchAlls) {
                if (edge.shape.parameter.accepts(rest)) {
                    best = better(best, pick(edge.child.terminals, methodBit));
                }
            }
            if (best != null) {
                return best;
            }
        }
        return node.catchAll == null ? null : pick(node.catchAll.terminals, methodBit);
    }

    private static Entry findComplex(ComplexEdges complex, String segment, String folded, String[] segments, int i,
            int methodBit) {
        Entry best = null;
        int len = folded.length();
        for (int l : complex.suffixLengths) {
            if (l < len) {
                Edge[] edges = complex.bySuffix.get(folded.substring(len - l));
                if (edges != null) {
                    best = better(best, tryComplex(edges, segment, folded, segments, i, methodBit));
                }
            }
        }
        for (int l : complex.prefixLengths) {
            if (l < len) {
                Edge[] edges = complex.byPrefix.get(folded.substring(0, l));
                if (edges != null) {
                    best = better(best, tryComplex(edges, segment, folded, segments, i, methodBit));
                }
            }
        }
        return better(best, tryComplex(complex.others, segment, folded, segments, i, methodBit));
    }

    private static Entry tryComplex(Edge[] edges, String segment, String folded, String[] segments, int i, int methodBit) {
        Entry best = null;
        for (Edge edge : edges) {
            if (edge.shape.matchComplex(segment, folded, new String[edge.shape.parts.length])) {
                best = better(best, find(edge.child, segments, i + 1, methodBit));
            }
        }
        return best;
    }

    private static Entry better(Entry a, Entry b) {
        if (a == null) {
            return b;
        }
        return b == null || a.rank <= b.rank ? a : b;
    }

    private static Entry pick(Entry[] candidates, int methodBit) {
        for (Entry e : candidates) {
            if ((e.route.methodMask & methodBit) != 0) {
                return e;
            }
        }
        return null;
    }

    private static String join(String[] segments, int from) {
        if (from == segments.length - 1) {
            return segments[from];
        }
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
     * ASP.NET Core's precedence digits compared from the left (a missing digit is 0: the shorter route
     * wins), then the more specific (literal characters in complex segments, then constraints), then the
     * shape text, then the newer generation, then nothing: {@link #build} keeps list order.
     */
    static final Comparator<FunctionRoute> PRECEDENCE = (a, b) -> {
        int[] x = a.template.precedence();
        int[] y = b.template.precedence();
        for (int i = 0, n = Math.max(x.length, y.length); i < n; i++) {
            int dx = i < x.length ? x[i] : 0;
            int dy = i < y.length ? y[i] : 0;
            if (dx != dy) {
                return Integer.compare(dx, dy);
            }
        }
        int specific = Integer.compare(b.template.complexLiteralChars(), a.template.complexLiteralChars());
        if (specific != 0) {
            return specific;
        }
        specific = Integer.compare(b.template.constraintCount(), a.template.constraintCount());
        if (specific != 0) {
            return specific;
        }
        int shape = a.template.shape().compareTo(b.template.shape());
        if (shape != 0) {
            return shape;
        }
        return Long.compare(b.generation, a.generation);
    };

    /** Builds a table from {@code routes}; equal routes (see {@link #PRECEDENCE}) keep their order in the list. */
    static RouteTable build(List<FunctionRoute> routes) {
        List<FunctionRoute> ranked = new ArrayList<>(routes);
        ranked.sort(PRECEDENCE);
        Map<FunctionRoute, Entry> entries = new IdentityHashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            entries.put(ranked.get(i), new Entry(ranked.get(i), i));
        }
        MutableNode root = new MutableNode();
        Set<String> prefixes = new LinkedHashSet<>();
        for (FunctionRoute route : ranked) {
            Entry entry = entries.get(route);
            prefixes.add(route.prefix);
            MutableNode node = root;
            List<RouteTemplate.Segment> segments = route.template.segments();
            for (int k = 0; k < segments.size(); k++) {
                if (route.template.mayEndAt(k)) {
                    node.optionalEnds.add(entry);
                }
                RouteTemplate.Segment seg = segments.get(k);
                node = node.child(seg);
                if (seg.isCatchAll()) {
                    break;
                }
            }
            node.terminals.add(entry);
        }
        return new RouteTable(root.freeze(), Collections.unmodifiableList(ranked), Collections.unmodifiableSet(prefixes));
    }

    private static final class MutableNode {
        final Map<String, MutableNode> literals = new LinkedHashMap<>();
        /** Non-literal children by segment key (parameter shapes, complex patterns, catch-alls). */
        final Map<String, MutableNode> children = new LinkedHashMap<>();
        final Map<String, RouteTemplate.Segment> shapes = new HashMap<>();
        final List<Entry> terminals = new ArrayList<>();
        final List<Entry> optionalEnds = new ArrayList<>();

        MutableNode child(RouteTemplate.Segment seg) {
            if (seg.isLiteral()) {
                return literals.computeIfAbsent(seg.literal, k -> new MutableNode());
            }
            shapes.putIfAbsent(seg.key, seg);
            return children.computeIfAbsent(seg.key, k -> new MutableNode());
        }

        Node freeze() {
            Map<String, Node> frozenLiterals = new HashMap<>();
            literals.forEach((k, v) -> frozenLiterals.put(k, v.freeze()));
            List<Edge> constrained = new ArrayList<>();
            List<Edge> complex = new ArrayList<>();
            List<Edge> constrainedCatchAlls = new ArrayList<>();
            Node parameter = null;
            Node catchAll = null;
            for (Map.Entry<String, MutableNode> e : children.entrySet()) {
                RouteTemplate.Segment shape = shapes.get(e.getKey());
                Node child = e.getValue().freeze();
                if (shape.kind == RouteTemplate.Kind.COMPLEX) {
                    complex.add(new Edge(shape, child));
                } else if (shape.parameter.catchAll) {
                    if (shape.parameter.constraints.length == 0) {
                        catchAll = child;
                    } else {
                        constrainedCatchAlls.add(new Edge(shape, child));
                    }
                } else if (shape.parameter.constraints.length == 0) {
                    parameter = child;
                } else {
                    constrained.add(new Edge(shape, child));
                }
            }
            return new Node(frozenLiterals.isEmpty() ? Map.of() : Map.copyOf(frozenLiterals), constrained.toArray(NO_EDGES),
                    complex.isEmpty() ? null : index(complex), parameter, constrainedCatchAlls.toArray(NO_EDGES), catchAll,
                    sorted(terminals), sorted(optionalEnds));
        }

        private static Entry[] sorted(List<Entry> entries) {
            Entry[] out = entries.toArray(NO_ENTRIES);
            Arrays.sort(out, Comparator.comparingInt(e -> e.rank));
            return out;
        }

        private static ComplexEdges index(List<Edge> edges) {
            Map<String, List<Edge>> bySuffix = new HashMap<>();
            Map<String, List<Edge>> byPrefix = new HashMap<>();
            TreeMap<Integer, Boolean> suffixLengths = new TreeMap<>();
            TreeMap<Integer, Boolean> prefixLengths = new TreeMap<>();
            List<Edge> others = new ArrayList<>();
            for (Edge edge : edges) {
                RouteTemplate.Part[] parts = edge.shape.parts;
                RouteTemplate.Part last = parts[parts.length - 1];
                RouteTemplate.Part first = parts[0];
                if (last.parameter == null) {
                    bySuffix.computeIfAbsent(last.folded, k -> new ArrayList<>()).add(edge);
                    suffixLengths.put(last.folded.length(), true);
                } else if (first.parameter == null && !last.parameter.optional) {
                    byPrefix.computeIfAbsent(first.folded, k -> new ArrayList<>()).add(edge);
                    prefixLengths.put(first.folded.length(), true);
                } else {
                    others.add(edge);
                }
            }
            return new ComplexEdges(suffixLengths.keySet().stream().mapToInt(Integer::intValue).toArray(), frozen(bySuffix),
                    prefixLengths.keySet().stream().mapToInt(Integer::intValue).toArray(), frozen(byPrefix),
                    others.toArray(NO_EDGES));
        }

        private static Map<String, Edge[]> frozen(Map<String, List<Edge>> map) {
            Map<String, Edge[]> out = new HashMap<>();
            map.forEach((k, v) -> out.put(k, v.toArray(NO_EDGES)));
            return out;
        }
    }
}
