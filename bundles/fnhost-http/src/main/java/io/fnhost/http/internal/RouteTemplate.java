package io.fnhost.http.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed ASP.NET Core route template, e.g. {@code api/products/{category:alpha}/{id:int?}}, with the
 * syntax and rules of ASP.NET Core's {@code RoutePatternParser}: literal segments, parameters {@code {p}},
 * optional {@code {p?}}, defaults {@code {p=v}}, catch-all {@code {*rest}} / {@code {**rest}}, chained
 * inline constraints ({@code {p:int:min(1)}}, see {@link RouteConstraint}), {@code {{ }}} brace escapes,
 * and complex segments mixing literals and parameters ({@code {name}.{ext?}}, {@code v{version:int}}).
 * Invalid templates are refused with ASP.NET's reason, in words a user can act on.
 * <p>
 * Immutable. Each template segment matches exactly one path segment, except a catch-all, which takes the
 * rest of the path (possibly nothing).
 */
final class RouteTemplate {

    /** A route parameter wherever it appears. */
    static final class Parameter {
        final String name;
        final int segmentIndex;
        final boolean optional;
        final boolean catchAll;
        /** Default value ({@code {p=v}}), or {@code null}. */
        final String defaultValue;
        final RouteConstraint[] constraints;
        /** The constraints' canonical texts, sorted and joined: equal keys constrain alike. */
        final String constraintKey;

        Parameter(String name, int segmentIndex, boolean optional, boolean catchAll, String defaultValue,
                RouteConstraint[] constraints) {
            this.name = name;
            this.segmentIndex = segmentIndex;
            this.optional = optional;
            this.catchAll = catchAll;
            this.defaultValue = defaultValue;
            this.constraints = constraints;
            String[] keys = new String[constraints.length];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = constraints[i].key;
            }
            java.util.Arrays.sort(keys);
            this.constraintKey = keys.length == 0 ? "" : ":" + String.join(":", keys);
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

    /** One part of a complex segment: a literal (or the '.' before a trailing optional parameter) or a parameter. */
    static final class Part {
        /** Case-folded literal text ({@link #foldCase}), or {@code null} for a parameter. */
        final String folded;
        final Parameter parameter;
        /** The literal "." before a trailing optional parameter: {@code {name}.{ext?}} */
        final boolean separator;

        Part(String folded, Parameter parameter, boolean separator) {
            this.folded = folded;
            this.parameter = parameter;
            this.separator = separator;
        }
    }

    enum Kind { LITERAL, PARAMETER, COMPLEX }

    /** One segment of a template. */
    static final class Segment {
        final int index;
        final Kind kind;
        /** Case-folded literal text of a {@link Kind#LITERAL} segment. */
        final String literal;
        /** The parameter of a {@link Kind#PARAMETER} segment. */
        final Parameter parameter;
        /** The parts of a {@link Kind#COMPLEX} segment. */
        final Part[] parts;
        /**
         * What this segment accepts, independent of parameter names: segments with equal keys match the
         * same path segments, so they share a trie edge and make routes "the same route".
         */
        final String key;

        private Segment(int index, Kind kind, String literal, Parameter parameter, Part[] parts) {
            this.index = index;
            this.kind = kind;
            this.literal = literal;
            this.parameter = parameter;
            this.parts = parts;
            switch (kind) {
                case LITERAL:
                    key = "L" + literal;
                    break;
                case PARAMETER:
                    key = (parameter.catchAll ? "*" : "P") + parameter.constraintKey;
                    break;
                default:
                    StringBuilder k = new StringBuilder("X");
                    for (Part p : parts) {
                        k.append('\u0000');
                        if (p.parameter == null) {
                            k.append(p.separator ? "S" : "L").append(p.folded);
                        } else {
                            k.append(p.parameter.optional ? "?" : "P").append(p.parameter.constraintKey);
                        }
                    }
                    key = k.toString();
            }
        }

        boolean isLiteral() {
            return kind == Kind.LITERAL;
        }

        boolean isCatchAll() {
            return kind == Kind.PARAMETER && parameter.catchAll;
        }

        /** May the path end before this segment (optional or defaulted parameter, or a catch-all)? */
        boolean mayBeAbsent() {
            return kind == Kind.PARAMETER && (parameter.optional || parameter.defaultValue != null || parameter.catchAll);
        }

        /**
         * ASP.NET Core's inbound precedence digit: 1 literal, 2 complex segment or constrained parameter,
         * 3 parameter, 4 constrained catch-all, 5 catch-all (lower wins).
         */
        int precedenceDigit() {
            switch (kind) {
                case LITERAL:
                    return 1;
                case COMPLEX:
                    return 2;
                default:
                    int digit = parameter.catchAll ? 5 : 3;
                    return parameter.constraints.length > 0 ? digit - 1 : digit;
            }
        }

        /**
         * Matches a complex segment against a path segment as ASP.NET Core does (literals searched from
         * the right, ignoring case; each parameter gets at least one character; no backtracking), then
         * checks the parameters' constraints.
         *
         * @param values receives the parameters' values by their position in {@link #parts} (absent optional: null)
         */
        boolean matchComplex(String value, String folded, String[] values) {
            int last = parts.length - 1;
            boolean matched;
            if (parts[last].parameter != null && parts[last].parameter.optional && parts[last - 1].separator) {
                // {name}.{ext?}: with the extension, else without it (unless the value ends with the '.')
                matched = matchComplexFrom(value, folded, values, last);
                if (!matched) {
                    if (folded.endsWith(parts[last - 1].folded)) {
                        return false;
                    }
                    matched = matchComplexFrom(value, folded, values, last - 2);
                }
            } else {
                matched = matchComplexFrom(value, folded, values, last);
            }
            if (!matched) {
                return false;
            }
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].parameter != null && values[i] != null && !parts[i].parameter.accepts(values[i])) {
                    return false;
                }
            }
            return true;
        }

        private boolean matchComplexFrom(String value, String folded, String[] values, int lastPart) {
            java.util.Arrays.fill(values, null);
            int lastIndex = value.length();
            int pending = -1;
            Part lastLiteral = null;
            for (int k = lastPart; k >= 0; k--) {
                int newLastIndex = lastIndex;
                Part part = parts[k];
                if (part.parameter != null) {
                    pending = k;
                } else {
                    lastLiteral = part;
                    int end = lastIndex;
                    if (pending >= 0) {
                        // leave at least one character for the parameter on the right
                        end--;
                    }
                    if (end <= 0) {
                        return false;
                    }
                    int found = folded.lastIndexOf(part.folded, end - part.folded.length());
                    if (found < 0) {
                        return false;
                    }
                    // a literal at the end of the segment must end the value ("/Foo" must not match "/somethingFoo")
                    if (k == parts.length - 1 && found + part.folded.length() != value.length()) {
                        return false;
                    }
                    newLastIndex = found;
                }
                if (pending >= 0 && ((lastLiteral != null && part.parameter == null) || k == 0)) {
                    int from;
                    int to = lastIndex;
                    if (lastLiteral == null || part.parameter != null) {
                        from = 0;
                    } else {
                        from = newLastIndex + lastLiteral.folded.length();
                    }
                    if (to - from <= 0) {
                        // two literals back to back in the value: not a match
                        return false;
                    }
                    values[pending] = value.substring(from, to);
                    pending = -1;
                    lastLiteral = null;
                }
                lastIndex = newLastIndex;
            }
            // a leading literal must have consumed the value up to its start
            return lastIndex == 0 || parts[0].parameter != null;
        }
    }

    private final String text;
    private final List<Segment> segments;
    private final List<Parameter> parameters;
    /** By {@link #foldCase folded} name: names are unique ignoring case. */
    private final Map<String, Parameter> byName;
    private final int[] precedence;
    private final String shape;
    private final int complexLiteralChars;
    private final int constraintCount;

    private RouteTemplate(String text, List<Segment> segments, List<Parameter> parameters, Map<String, Parameter> byName) {
        this.text = text;
        this.segments = segments;
        this.parameters = parameters;
        this.byName = byName;
        this.precedence = new int[segments.size()];
        for (int i = 0; i < precedence.length; i++) {
            precedence[i] = segments.get(i).precedenceDigit();
        }
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            sb.append(s.key).append('\u0001');
        }
        this.shape = sb.toString();
        int literalChars = 0;
        for (Segment s : segments) {
            if (s.kind == Kind.COMPLEX) {
                for (Part p : s.parts) {
                    literalChars += p.parameter == null ? p.folded.length() : 0;
                }
            }
        }
        this.complexLiteralChars = literalChars;
        int constraintTotal = 0;
        for (Parameter p : parameters) {
            constraintTotal += p.constraints.length;
        }
        this.constraintCount = constraintTotal;
    }

    /** Literal characters inside complex segments: more is more specific ({@code {a}.json} before {@code {a}.{b}}). */
    int complexLiteralChars() {
        return complexLiteralChars;
    }

    /** Inline constraints of all parameters: more is more specific. */
    int constraintCount() {
        return constraintCount;
    }

    String text() {
        return text;
    }

    List<Segment> segments() {
        return segments;
    }

    List<Parameter> parameters() {
        return parameters;
    }

    /** The parameter named {@code name}, ignoring case, or {@code null}. */
    Parameter parameter(String name) {
        return byName.get(foldCase(name));
    }

    /** ASP.NET Core's inbound precedence, one digit per segment (see {@link Segment#precedenceDigit}). */
    int[] precedence() {
        return precedence;
    }

    /** The route's shape: segment keys without parameter names or optional/default markers. */
    String shape() {
        return shape;
    }

    /**
     * Can a path of {@code length} segments end this route? Only when every segment from there on is a
     * simple parameter that is optional or has a default (whose constraints accept it), up to a catch-all.
     */
    boolean mayEndAt(int length) {
        for (int i = length; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.kind != Kind.PARAMETER) {
                return false;
            }
            Parameter p = s.parameter;
            if (p.catchAll) {
                return p.defaultValue == null || p.accepts(p.defaultValue);
            }
            if (p.defaultValue != null) {
                if (!p.accepts(p.defaultValue)) {
                    return false;
                }
            } else if (!p.optional) {
                return false;
            }
        }
        return true;
    }

    /**
     * Case folding as .NET's {@code OrdinalIgnoreCase} compares: two strings are equal ignoring case
     * exactly when their folded forms are equal. Each character maps to its simple upper case, ASCII
     * letters then to lower case, so the usual lower-case ASCII path comes back as is, unallocated.
     */
    static String foldCase(String s) {
        int len = s.length();
        int i = 0;
        while (i < len) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || c >= 128) {
                break;
            }
            i++;
        }
        if (i == len) {
            return s;
        }
        char[] out = s.toCharArray();
        for (; i < len; i++) {
            char c = out[i];
            if (c >= 'A' && c <= 'Z') {
                out[i] = (char) (c + 32);
            } else if (c >= 128) {
                char upper = Character.toUpperCase(c);
                out[i] = upper >= 'A' && upper <= 'Z' ? (char) (upper + 32) : upper;
            }
        }
        return new String(out);
    }

    // ------------------------------------------------------------------------------------------ parsing

    /**
     * Parses {@code template} as ASP.NET Core does: an optional leading {@code /} or {@code ~/}, segments
     * separated by single slashes (one trailing slash is ignored).
     *
     * @throws IllegalArgumentException with a message naming the template and what is wrong with it
     */
    static RouteTemplate parse(String template) {
        return new Parser(template).parse();
    }

    private static final class RawParameter {
        final String name;
        final boolean optional;
        final boolean catchAll;
        final String defaultValue;
        final List<String> constraints;

        RawParameter(String name, boolean optional, boolean catchAll, String defaultValue, List<String> constraints) {
            this.name = name;
            this.optional = optional;
            this.catchAll = catchAll;
            this.defaultValue = defaultValue;
            this.constraints = constraints;
        }
    }

    private static final class Parser {
        private final String template;
        private final String t;
        private final int len;
        private int pos;

        Parser(String template) {
            this.template = template;
            String trimmed = template;
            if (template.startsWith("~/")) {
                trimmed = template.substring(2);
            } else if (template.startsWith("/")) {
                trimmed = template.substring(1);
            } else if (template.startsWith("~")) {
                throw error("a route cannot start with '~' unless '/' follows it");
            }
            this.t = trimmed;
            this.len = trimmed.length();
        }

        IllegalArgumentException error(String reason) {
            return new IllegalArgumentException("route '" + template + "' is invalid: " + reason);
        }

        RouteTemplate parse() {
            List<List<Object>> rawSegments = new ArrayList<>();
            while (pos < len) {
                if (t.charAt(pos) == '/') {
                    throw error("it has an empty segment ('//'); separate segments with a single '/'");
                }
                rawSegments.add(segment());
                if (pos < len) {
                    pos++; // the '/'
                }
            }
            List<Segment> segments = new ArrayList<>(rawSegments.size());
            List<Parameter> parameters = new ArrayList<>();
            Map<String, Parameter> byName = new HashMap<>();
            for (int i = 0; i < rawSegments.size(); i++) {
                List<Object> raw = rawSegments.get(i);
                Segment segment = build(i, raw, rawSegments.size());
                for (Parameter p : segment.kind == Kind.PARAMETER ? List.of(segment.parameter) : parametersOf(segment)) {
                    if (byName.put(foldCase(p.name), p) != null) {
                        throw error("the parameter name '" + p.name + "' appears more than once (names are compared ignoring case)");
                    }
                    parameters.add(p);
                }
                segments.add(segment);
            }
            String text = t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
            return new RouteTemplate(text, Collections.unmodifiableList(segments), Collections.unmodifiableList(parameters),
                    byName);
        }

        private static List<Parameter> parametersOf(Segment segment) {
            List<Parameter> out = new ArrayList<>();
            if (segment.parts != null) {
                for (Part p : segment.parts) {
                    if (p.parameter != null) {
                        out.add(p.parameter);
                    }
                }
            }
            return out;
        }

        /** The parts of one segment: decoded literal Strings and RawParameters; stops at '/' or the end. */
        private List<Object> segment() {
            List<Object> parts = new ArrayList<>();
            while (pos < len && t.charAt(pos) != '/') {
                if (t.charAt(pos) == '{' && !(pos + 1 < len && t.charAt(pos + 1) == '{')) {
                    if (pos + 1 >= len) {
                        throw unclosed();
                    }
                    parts.add(parameter());
                } else {
                    parts.add(literal());
                }
            }
            return parts;
        }

        private IllegalArgumentException unclosed() {
            return error("a parameter is incomplete; every '{' needs a matching '}' (write '{{' and '}}' for literal braces)");
        }

        private String literal() {
            StringBuilder sb = new StringBuilder();
            while (pos < len) {
                char c = t.charAt(pos);
                if (c == '/') {
                    break;
                }
                if (c == '{') {
                    if (pos + 1 >= len) {
                        throw unclosed();
                    }
                    if (t.charAt(pos + 1) != '{') {
                        break;
                    }
                    pos++;
                } else if (c == '}') {
                    if (pos + 1 >= len || t.charAt(pos + 1) != '}') {
                        throw error("it has a '}' without a matching '{' (write '}}' for a literal brace)");
                    }
                    pos++;
                }
                sb.append(c);
                pos++;
            }
            String literal = sb.toString();
            if (literal.indexOf('?') >= 0) {
                throw error("the literal '" + literal + "' contains '?'; only a parameter may be marked optional, as {name?}");
            }
            return literal;
        }

        private RawParameter parameter() {
            int start = pos;
            int j = pos + 1;
            while (true) {
                if (j >= len) {
                    throw unclosed();
                }
                char c = t.charAt(j);
                if (c == '{') {
                    if (j + 1 >= len) {
                        throw unclosed();
                    }
                    if (t.charAt(j + 1) != '{') {
                        throw error("in a parameter, '{' and '}' must be escaped as '{{' and '}}' (in '"
                                + t.substring(start, Math.min(len, j + 2)) + "...')");
                    }
                    j += 2;
                } else if (c == '}') {
                    if (j + 1 < len && t.charAt(j + 1) == '}') {
                        j += 2;
                    } else {
                        j++;
                        break;
                    }
                } else {
                    j++;
                }
            }
            pos = j;
            String raw = t.substring(start, j);
            if (raw.equals("{}")) {
                throw invalidName("");
            }
            String decoded = raw.substring(1, raw.length() - 1).replace("}}", "}").replace("{{", "{");
            RawParameter p = parseParameterText(decoded);
            if (decoded.startsWith("*") && decoded.endsWith("?")) {
                throw error("the catch-all parameter '" + raw + "' cannot be optional (a catch-all already matches nothing)");
            }
            if (p.optional && p.defaultValue != null) {
                throw error("the parameter '" + raw + "' cannot be both optional and have a default value");
            }
            if (p.name.isEmpty() || p.name.chars().anyMatch(ch -> "/{}?*".indexOf(ch) >= 0)) {
                throw invalidName(p.name);
            }
            return p;
        }

        private IllegalArgumentException invalidName(String name) {
            return error("the parameter name '" + name + "' is invalid: names must be non-empty and cannot contain "
                    + "'{', '}', '/', '?' or '*' ('?' may only end a parameter to make it optional, '*' only start it as a catch-all)");
        }

        /** ASP.NET Core's RouteParameterParser: name, constraints, default, optional and catch-all markers. */
        private static RawParameter parseParameterText(String p) {
            int start = 0;
            int end = p.length() - 1;
            boolean catchAll = false;
            boolean optional = false;
            if (p.startsWith("**")) {
                catchAll = true;
                start = 2;
            } else if (p.startsWith("*")) {
                catchAll = true;
                start = 1;
            }
            if (end >= 0 && p.charAt(end) == '?') {
                optional = true;
                end--;
            }
            int cur = start;
            String name = "";
            while (cur <= end) {
                char c = p.charAt(cur);
                // a name may start with ':' or '=': "{=x}" is a parameter named "=x"
                if ((c == ':' || c == '=') && cur != start) {
                    name = p.substring(start, cur);
                    cur--;
                    break;
                } else if (cur == end) {
                    name = p.substring(start, cur + 1);
                }
                cur++;
            }
            List<String> constraints = new ArrayList<>();
            cur = parseConstraints(p, cur, end, constraints);
            String defaultValue = null;
            if (cur <= end && p.charAt(cur) == '=') {
                defaultValue = p.substring(cur + 1, end + 1);
            }
            return new RawParameter(name, optional, catchAll, defaultValue, constraints);
        }

        private static final int START = 0;
        private static final int NAME = 1;
        private static final int PARENTHESIS = 2;
        private static final int END = 3;

        /** ASP.NET Core's constraint scanner: ':'-separated, a ')' closes only before ':', '=' or the end. */
        private static int parseConstraints(String p, int cur, int end, List<String> out) {
            int state = START;
            int from = cur;
            do {
                int c = cur > end ? -1 : p.charAt(cur);
                switch (state) {
                    case START:
                        if (c == -1) {
                            state = END;
                        } else if (c == ':') {
                            state = NAME;
                            from = cur + 1;
                        } else if (c == '(') {
                            state = PARENTHESIS;
                        } else if (c == '=') {
                            state = END;
                            cur--;
                        }
                        break;
                    case PARENTHESIS:
                        if (c == -1) {
                            state = END;
                            out.add(p.substring(from, cur));
                        } else if (c == ')') {
                            int next = cur + 1 > end ? -1 : p.charAt(cur + 1);
                            if (next == -1 || next == ':' || next == '=') {
                                out.add(p.substring(from, cur + 1));
                                state = next == ':' ? START : END;
                            }
                        } else if (c == ':' || c == '=') {
                            int close = p.indexOf(')', cur + 1);
                            if (close < 0) {
                                out.add(p.substring(from, cur));
                                if (c == ':') {
                                    state = NAME;
                                    from = cur + 1;
                                } else {
                                    state = END;
                                    cur--;
                                }
                            } else {
                                cur = close - 1;
                            }
                        }
                        break;
                    default: // NAME
                        if (c == -1 || c == ':' || c == '=') {
                            String constraint = p.substring(from, cur);
                            if (!constraint.isEmpty()) {
                                out.add(constraint);
                            }
                            if (c == ':') {
                                from = cur + 1;
                            } else {
                                state = END;
                                if (c == '=') {
                                    cur--;
                                }
                            }
                        } else if (c == '(') {
                            state = PARENTHESIS;
                        }
                        break;
                }
                cur++;
            } while (state != END);
            return cur;
        }

        private Segment build(int index, List<Object> raw, int segmentCount) {
            // IsSegmentValid and IsAllValid of ASP.NET Core's parser
            for (int i = 0; i < raw.size(); i++) {
                if (raw.get(i) instanceof RawParameter) {
                    RawParameter p = (RawParameter) raw.get(i);
                    if (p.catchAll && raw.size() > 1) {
                        throw error("the catch-all parameter '" + p.name + "' must be a segment of its own");
                    }
                    if (p.catchAll && index != segmentCount - 1) {
                        throw error("the catch-all parameter '" + p.name + "' must be the last segment");
                    }
                    if (p.optional && raw.size() > 1) {
                        if (i != raw.size() - 1) {
                            throw error("in the segment '" + describe(raw) + "', the optional parameter '" + p.name
                                    + "' must be at the end of the segment");
                        }
                        Object before = raw.get(i - 1);
                        if (!".".equals(before)) {
                            throw error("in the segment '" + describe(raw) + "', the optional parameter '" + p.name
                                    + "' is preceded by '" + describe(List.of(before))
                                    + "'; only a period (.) can precede an optional parameter, as in {name}.{ext?}");
                        }
                    }
                    if (i > 0 && raw.get(i - 1) instanceof RawParameter) {
                        throw error("the segment '" + describe(raw) + "' has two consecutive parameters; "
                                + "separate them with a literal, e.g. {a}-{b}, or a '/'");
                    }
                }
            }
            if (raw.size() == 1 && raw.get(0) instanceof String) {
                return new Segment(index, Kind.LITERAL, foldCase((String) raw.get(0)), null, null);
            }
            if (raw.size() == 1) {
                return new Segment(index, Kind.PARAMETER, null, parameterOf((RawParameter) raw.get(0), index), null);
            }
            Part[] parts = new Part[raw.size()];
            for (int i = 0; i < parts.length; i++) {
                Object o = raw.get(i);
                if (o instanceof String) {
                    boolean separator = i == parts.length - 2 && raw.get(i + 1) instanceof RawParameter
                            && ((RawParameter) raw.get(i + 1)).optional;
                    parts[i] = new Part(foldCase((String) o), null, separator);
                } else {
                    parts[i] = new Part(null, parameterOf((RawParameter) o, index), false);
                }
            }
            return new Segment(index, Kind.COMPLEX, null, null, parts);
        }

        private Parameter parameterOf(RawParameter p, int index) {
            RouteConstraint[] constraints = new RouteConstraint[p.constraints.size()];
            for (int i = 0; i < constraints.length; i++) {
                try {
                    constraints[i] = RouteConstraint.parse(p.constraints.get(i));
                } catch (IllegalArgumentException e) {
                    throw error("parameter '" + p.name + "': " + e.getMessage());
                }
            }
            return new Parameter(p.name, index, p.optional, p.catchAll, p.defaultValue, constraints);
        }

        private static String describe(List<Object> raw) {
            StringBuilder sb = new StringBuilder();
            for (Object o : raw) {
                if (o instanceof String) {
                    sb.append(((String) o).replace("{", "{{").replace("}", "}}"));
                } else {
                    RawParameter p = (RawParameter) o;
                    sb.append('{').append(p.catchAll ? "*" : "").append(p.name);
                    for (String c : p.constraints) {
                        sb.append(':').append(c);
                    }
                    sb.append(p.defaultValue != null ? "=" + p.defaultValue : "").append(p.optional ? "?" : "").append('}');
                }
            }
            return sb.toString();
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
