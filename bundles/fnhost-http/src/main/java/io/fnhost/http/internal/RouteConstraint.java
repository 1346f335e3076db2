package io.fnhost.http.internal;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An inline route constraint of an ASP.NET Core route template ({@code {id:int}}), with the semantics
 * of ASP.NET Core's constraint classes and their default constraint map: names in any case, numbers and
 * dates parsed as .NET parses them with the invariant culture ({@link InvariantParsing}), lengths in
 * UTF-16 units, {@code regex} case-insensitive and not anchored (write {@code ^...$} to anchor it).
 * <p>
 * Built once when a template is parsed (regexes compiled there); {@link #test} runs per request on a
 * present value, is thread-safe and allocates nothing for the common constraints.
 */
final class RouteConstraint {
    static final String KNOWN = "int, long, bool, datetime, decimal, double, float, guid, alpha, file, nonfile, "
            + "min(n), max(n), range(min,max), minlength(n), maxlength(n), length(n), length(min,max), regex(expression), required";

    /** Canonical text: lower-case name and normalised arguments, so equal constraints have equal keys. */
    final String key;
    private final Predicate<String> predicate;

    private RouteConstraint(String key, Predicate<String> predicate) {
        this.key = key;
        this.predicate = predicate;
    }

    boolean test(String value) {
        return predicate.test(value);
    }

    @Override
    public String toString() {
        return key;
    }

    /**
     * The constraint written as {@code text} in a template ({@code int}, {@code min(3)}, {@code regex(^a.*$)}),
     * resolved as ASP.NET Core's {@code DefaultInlineConstraintResolver} does: {@code name(arguments)} only
     * when the text ends with {@code )}; {@code regex} takes its whole argument text, the others split it
     * at commas and trim each argument.
     *
     * @throws IllegalArgumentException for an unknown constraint or bad arguments
     */
    static RouteConstraint parse(String text) {
        int open = text.indexOf('(');
        String name = text;
        String args = null;
        if (open >= 0 && text.endsWith(")")) {
            name = text.substring(0, open);
            args = text.substring(open + 1, text.length() - 1);
        }
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "int":
                noArguments(n, args);
                return new RouteConstraint(n, v -> InvariantParsing.isInteger(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case "long":
                noArguments(n, args);
                return new RouteConstraint(n, v -> InvariantParsing.isInteger(v, Long.MIN_VALUE, Long.MAX_VALUE));
            case "bool":
                noArguments(n, args);
                return new RouteConstraint(n, InvariantParsing::isBoolean);
            case "decimal":
                noArguments(n, args);
                return new RouteConstraint(n, InvariantParsing::isDecimal);
            case "double":
            case "float":
                noArguments(n, args);
                return new RouteConstraint(n, InvariantParsing::isFloatingPoint);
            case "guid":
                noArguments(n, args);
                return new RouteConstraint(n, InvariantParsing::isGuid);
            case "datetime":
                noArguments(n, args);
                return new RouteConstraint(n, InvariantParsing::isDateTime);
            case "alpha":
                noArguments(n, args);
                return new RouteConstraint(n, RouteConstraint::isAlpha);
            case "required":
                noArguments(n, args);
                return new RouteConstraint(n, v -> !v.isEmpty());
            case "file":
                noArguments(n, args);
                return new RouteConstraint(n, RouteConstraint::isFileName);
            case "nonfile":
                noArguments(n, args);
                return new RouteConstraint(n, v -> !isFileName(v));
            case "min": {
                long min = longArguments(n, args, 1)[0];
                return new RouteConstraint(n + "(" + min + ")", v -> InvariantParsing.isInteger(v, min, Long.MAX_VALUE));
            }
            case "max": {
                long max = longArguments(n, args, 1)[0];
                return new RouteConstraint(n + "(" + max + ")", v -> InvariantParsing.isInteger(v, Long.MIN_VALUE, max));
            }
            case "range": {
                long[] r = longArguments(n, args, 2);
                if (r[0] > r[1]) {
                    throw new IllegalArgumentException("constraint 'range(" + args + ")': min " + r[0]
                            + " must be less than or equal to max " + r[1]);
                }
                return new RouteConstraint(n + "(" + r[0] + "," + r[1] + ")", v -> InvariantParsing.isInteger(v, r[0], r[1]));
            }
            case "minlength": {
                int min = lengthArguments(n, args, 1)[0];
                return new RouteConstraint(n + "(" + min + ")", v -> v.length() >= min);
            }
            case "maxlength": {
                int max = lengthArguments(n, args, 1)[0];
                return new RouteConstraint(n + "(" + max + ")", v -> v.length() <= max);
            }
            case "length": {
                if (args != null && args.indexOf(',') >= 0) {
                    int[] r = lengthArguments(n, args, 2);
                    if (r[0] > r[1]) {
                        throw new IllegalArgumentException("constraint 'length(" + args + ")': min " + r[0]
                                + " must be less than or equal to max " + r[1]);
                    }
                    return new RouteConstraint(n + "(" + r[0] + "," + r[1] + ")", v -> v.length() >= r[0] && v.length() <= r[1]);
                }
                int len = lengthArguments(n, args, 1)[0];
                return new RouteConstraint(n + "(" + len + ")", v -> v.length() == len);
            }
            case "regex": {
                if (args == null) {
                    throw new IllegalArgumentException("constraint 'regex' needs an expression: regex(...)");
                }
                Pattern pattern;
                try {
                    // .NET: IgnoreCase | CultureInvariant, '.' and '$' know only '\n', \d and \w are Unicode
                    pattern = Pattern.compile(args, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE
                            | Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("constraint 'regex(" + args + ")' is not a valid regular expression: "
                            + e.getDescription());
                }
                // Regex.IsMatch: the expression may match anywhere in the value
                return new RouteConstraint(n + "(" + args + ")", v -> pattern.matcher(v).find());
            }
            default:
                throw new IllegalArgumentException("unknown route constraint '" + name + "'; known constraints: " + KNOWN);
        }
    }

    private static void noArguments(String name, String args) {
        if (args != null) {
            throw new IllegalArgumentException("constraint '" + name + "' takes no arguments, but got (" + args + ")");
        }
    }

    private static String[] split(String name, String args, int count) {
        if (args == null) {
            throw new IllegalArgumentException("constraint '" + name + "' needs " + count + " argument"
                    + (count == 1 ? "" : "s") + ", e.g. " + name + (count == 1 ? "(1)" : "(1,10)"));
        }
        String[] parts = args.split(",", -1);
        if (parts.length != count) {
            throw new IllegalArgumentException("constraint '" + name + "(" + args + ")' needs " + count + " argument"
                    + (count == 1 ? "" : "s") + ", not " + parts.length);
        }
        return parts;
    }

    private static long[] longArguments(String name, String args, int count) {
        String[] parts = split(name, args, count);
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = integerArgument(name, args, parts[i].trim(), Long.MIN_VALUE, Long.MAX_VALUE);
        }
        return values;
    }

    private static int[] lengthArguments(String name, String args, int count) {
        String[] parts = split(name, args, count);
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = (int) integerArgument(name, args, parts[i].trim(), Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (values[i] < 0) {
                throw new IllegalArgumentException("constraint '" + name + "(" + args + ")': a length must be 0 or more, not "
                        + values[i]);
            }
        }
        return values;
    }

    private static long integerArgument(String name, String args, String text, long min, long max) {
        if (!InvariantParsing.isInteger(text, min, max)) {
            throw new IllegalArgumentException("constraint '" + name + "(" + args + ")': '" + text
                    + "' is not an integer" + (max == Integer.MAX_VALUE ? " (32-bit)" : " (64-bit)"));
        }
        return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
    }

    /**
     * ASP.NET Core's {@code alpha}, the regex {@code ^[a-z]*$} with IgnoreCase | CultureInvariant:
     * ASCII letters, plus the two characters .NET's case-insensitive matching takes for ASCII letters
     * (KELVIN SIGN for k, LATIN SMALL LETTER LONG S for s); {@code $} also matches before a final newline.
     */
    static boolean isAlpha(String v) {
        int len = v.length();
        if (len > 0 && v.charAt(len - 1) == '\n') {
            len--;
        }
        for (int i = 0; i < len; i++) {
            char c = v.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\u212A' || c == '\u017F')) {
                return false;
            }
        }
        return true;
    }

    /** ASP.NET Core's {@code file}: after the last '/', a '.' followed somewhere by a character other than '.'. */
    static boolean isFileName(String v) {
        int from = v.lastIndexOf('/') + 1;
        int dot = v.indexOf('.', from);
        if (dot < 0) {
            return false;
        }
        for (int i = dot + 1; i < v.length(); i++) {
            if (v.charAt(i) != '.') {
                return true;
            }
        }
        return false;
    }
}
