package io.fnhost.http.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed ASP.NET Core route template, e.g. {@code api/products/{category:alpha}/{id:int?}}.
 * <p>
 * Supported: literal segments, parameters {@code {p}}, optional {@code {p?}}, defaults
 * {@code {p=v}}, catch-all {@code {*rest}} / {@code {**rest}} (last segment only), chained inline
 * constraints ({@code {p:int:min(1)}}, see {@link RouteConstraint}) and the {@code {{ }}} brace
 * escapes. Not supported yet: complex segments mixing literals and parameters ({@code {a}.{b}});
 * they are refused with a message. Once a segment is optional (or has a default), every following
 * segment must be optional, defaulted or a catch-all, so a route ends at any of those positions.
 * <p>
 * Immutable; each template segment matches exactly one path segment (a catch-all matches the rest),
 * so a parameter's value is the path segment at its {@link Segment#index}.
 */
final class RouteTemplate {

    /** One segment of a template. */
    static final class Segment {
        final int index;
        /** Lower-cased literal text, or {@code null} for a parameter. */
        final String literal;
        final String name;
        final boolean optional;
        final boolean catchAll;
        /** Default value ({@code {p=v}}), or {@code null}. */
        final String defaultValue;
        final RouteConstraint[] constraints;
        /** Canonical constraint text: segments with equal keys share a trie edge. */
        final String constraintKey;

        private Segment(int index, String literal, String name, boolean optional, boolean catchAll,
                String defaultValue, RouteConstraint[] constraints, String constraintKey) {
            this.index = index;
            this.literal = literal;
            this.name = name;
            this.optional = optional;
            this.catchAll = catchAll;
            this.defaultValue = defaultValue;
            this.constraints = constraints;
            this.constraintKey = constraintKey;
        }

        boolean isLiteral() {
            return literal != null;
        }

        /** May the path end before this segment? */
        boolean mayBeAbsent() {
            return optional || defaultValue != null || catchAll;
        }

        boolean accepts(String value) {
            for (RouteConstraint c : constraints) {
                if (!c.test(value)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final RouteConstraint[] NONE = new RouteConstraint[0];

    private final String text;
    private final List<Segment> segments;
    private final Map<String, Segment> parameters;

    private RouteTemplate(String text, List<Segment> segments, Map<String, Segment> parameters) {
        this.text = text;
        this.segments = segments;
        this.parameters = parameters;
    }

    String text() {
        return text;
    }

    List<Segment> segments() {
        return segments;
    }

    /** The parameter named {@code name} (case-sensitive), or {@code null}. */
    Segment parameter(String name) {
        return parameters.get(name);
    }

    Map<String, Segment> parameters() {
        return parameters;
    }

    /**
     * Parses {@code template} (no leading or trailing slash expected; they are ignored).
     *
     * @throws IllegalArgumentException with a message a user can act on
     */
    static RouteTemplate parse(String template) {
        String t = template.trim();
        int start = 0;
        int end = t.length();
        if (t.startsWith("~/")) {
            start = 2;
        }
        while (start < end && t.charAt(start) == '/') {
            start++;
        }
        while (end > start && t.charAt(end - 1) == '/') {
            end--;
        }
        List<String> raw = splitSegments(t, start, end);
        List<Segment> segments = new ArrayList<>(raw.size());
        Map<String, Segment> parameters = new LinkedHashMap<>();
        Map<String, String> lowerNames = new LinkedHashMap<>();
        boolean absentAllowed = false;
        for (int i = 0; i < raw.size(); i++) {
            String s = raw.get(i);
            if (s.isEmpty()) {
                throw new IllegalArgumentException("route '" + template + "' has an empty segment ('//')");
            }
            Segment seg = parseSegment(i, s, template);
            if (seg.isLiteral() || (!seg.mayBeAbsent())) {
                if (absentAllowed) {
                    throw new IllegalArgumentException("route '" + template + "': segment '" + s
                            + "' follows an optional parameter; only optional, defaulted or catch-all segments may follow one");
                }
            }
            if (seg.catchAll && i != raw.size() - 1) {
                throw new IllegalArgumentException("route '" + template + "': catch-all parameter '" + s + "' must be the last segment");
            }
            if (!seg.isLiteral()) {
                String previous = lowerNames.put(seg.name.toLowerCase(Locale.ROOT), seg.name);
                if (previous != null) {
                    throw new IllegalArgumentException("route '" + template + "' uses parameter name '" + seg.name + "' twice");
                }
                parameters.put(seg.name, seg);
            }
            absentAllowed |= seg.mayBeAbsent();
            segments.add(seg);
        }
        return new RouteTemplate(t.substring(start, end), Collections.unmodifiableList(segments),
                Collections.unmodifiableMap(parameters));
    }

    /** Splits at '/' outside parameters, so a regex constraint may contain a slash; honours '{{' '}}'. */
    private static List<String> splitSegments(String t, int start, int end) {
        List<String> out = new ArrayList<>();
        if (start == end) {
            return out;
        }
        boolean inParameter = false;
        int from = start;
        for (int i = start; i < end; i++) {
            char c = t.charAt(i);
            boolean doubled = i + 1 < end && t.charAt(i + 1) == c;
            if (c == '{' || c == '}') {
                if (doubled) {
                    i++;
                } else {
                    inParameter = c == '{';
                }
            } else if (c == '/' && !inParameter) {
                out.add(t.substring(from, i));
                from = i + 1;
            }
        }
        out.add(t.substring(from, end));
        return out;
    }

    private static Segment parseSegment(int index, String s, String template) {
        if (s.charAt(0) != '{') {
            if (s.indexOf('{') >= 0 || s.indexOf('}') >= 0) {
                String unescaped = s.replace("{{", "").replace("}}", "");
                if (unescaped.indexOf('{') >= 0 || unescaped.indexOf('}') >= 0) {
                    throw new IllegalArgumentException("route '" + template + "': segment '" + s
                            + "' mixes literal text and parameters (complex segments are not supported yet)");
                }
            }
            if (s.indexOf('?') >= 0 || s.indexOf('*') >= 0) {
                throw new IllegalArgumentException("route '" + template + "': literal segment '" + s + "' may not contain '?' or '*'");
            }
            String literal = s.replace("{{", "{").replace("}}", "}");
            return new Segment(index, literal.toLowerCase(Locale.ROOT), null, false, false, null, NONE, null);
        }
        if (s.equals("{}")) {
            throw new IllegalArgumentException("route '" + template + "': parameter '{}' has no name");
        }
        if (!hasUnescapedBrace(s.substring(1).replace("}}", ""))) {
            throw new IllegalArgumentException("route '" + template + "': parameter '" + s + "' is unclosed (missing '}')");
        }
        if (!s.endsWith("}")) {
            throw new IllegalArgumentException("route '" + template + "': segment '" + s
                    + "' is not a parameter '{name}' (complex segments are not supported yet)");
        }
        String body = s.substring(1, s.length() - 1);
        if (hasUnescapedBrace(body)) {
            throw new IllegalArgumentException("route '" + template + "': segment '" + s
                    + "' holds more than one parameter (complex segments are not supported yet)");
        }
        body = body.replace("{{", "{").replace("}}", "}");

        boolean catchAll = false;
        if (body.startsWith("**")) {
            catchAll = true;
            body = body.substring(2);
        } else if (body.startsWith("*")) {
            catchAll = true;
            body = body.substring(1);
        }
        // name ends at the first ':', '=' or '?'
        int i = 0;
        while (i < body.length() && ":=?".indexOf(body.charAt(i)) < 0) {
            i++;
        }
        String name = body.substring(0, i).trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("route '" + template + "': parameter '" + s + "' has no name");
        }
        for (int k = 0; k < name.length(); k++) {
            if ("/{}*&\"".indexOf(name.charAt(k)) >= 0) {
                throw new IllegalArgumentException("route '" + template + "': invalid parameter name '" + name + "'");
            }
        }
        List<RouteConstraint> constraints = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        while (i < body.length() && body.charAt(i) == ':') {
            int from = i + 1;
            int j = from;
            int parens = 0;
            while (j < body.length()) {
                char c = body.charAt(j);
                if (c == '(') {
                    parens++;
                } else if (c == ')') {
                    parens--;
                } else if (parens == 0 && (c == ':' || c == '=' || (c == '?' && j == body.length() - 1))) {
                    break;
                }
                j++;
            }
            String spec = body.substring(from, j).trim();
            if (spec.isEmpty()) {
                throw new IllegalArgumentException("route '" + template + "': parameter '" + name + "' has an empty constraint");
            }
            try {
                constraints.add(RouteConstraint.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("route '" + template + "', parameter '" + name + "': " + e.getMessage());
            }
            int paren = spec.indexOf('(');
            key.append(':').append(paren < 0 ? spec.toLowerCase(Locale.ROOT)
                    : spec.substring(0, paren).toLowerCase(Locale.ROOT) + spec.substring(paren));
            i = j;
        }
        boolean optional = false;
        String defaultValue = null;
        if (i < body.length() && body.charAt(i) == '=') {
            defaultValue = body.substring(i + 1);
            if (defaultValue.endsWith("?")) {
                throw new IllegalArgumentException("route '" + template + "': parameter '" + name
                        + "' cannot be both optional and have a default value");
            }
            i = body.length();
        } else if (i < body.length() && body.charAt(i) == '?') {
            optional = true;
            i++;
        }
        if (i != body.length()) {
            throw new IllegalArgumentException("route '" + template + "': cannot parse parameter '" + s + "'");
        }
        if (catchAll && optional) {
            throw new IllegalArgumentException("route '" + template + "': catch-all parameter '" + name + "' cannot be optional");
        }
        return new Segment(index, null, name, optional, catchAll, defaultValue,
                constraints.toArray(NONE), key.toString());
    }

    private static boolean hasUnescapedBrace(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '{' || c == '}') {
                if (i + 1 < body.length() && body.charAt(i + 1) == c) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
