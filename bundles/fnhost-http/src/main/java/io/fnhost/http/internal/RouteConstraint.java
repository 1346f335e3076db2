package io.fnhost.http.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An inline route constraint of an ASP.NET Core route template ({@code {id:int}}). Instances are built
 * once when a template is parsed (regexes compiled there) and are thread-safe; {@link #test} runs per
 * request on a present segment value and allocates nothing for the common constraints.
 */
interface RouteConstraint {

    boolean test(String value);

    /**
     * The constraint written as {@code spec} ({@code int}, {@code min(3)}, {@code regex(^a.*$)}...).
     *
     * @throws IllegalArgumentException for an unknown constraint or bad arguments
     */
    static RouteConstraint parse(String spec) {
        int open = spec.indexOf('(');
        String name = (open < 0 ? spec : spec.substring(0, open)).trim().toLowerCase(Locale.ROOT);
        String args = null;
        if (open >= 0) {
            if (!spec.endsWith(")")) {
                throw new IllegalArgumentException("constraint '" + spec + "' lacks its closing ')'");
            }
            args = spec.substring(open + 1, spec.length() - 1);
        }
        switch (name) {
            case "int":
                noArgs(name, args);
                return v -> isInteger(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "long":
                noArgs(name, args);
                return v -> isInteger(v, Long.MIN_VALUE, Long.MAX_VALUE);
            case "bool":
                noArgs(name, args);
                return v -> "true".equalsIgnoreCase(v) || "false".equalsIgnoreCase(v);
            case "alpha":
                noArgs(name, args);
                return RouteConstraint::isAlpha;
            case "decimal":
                noArgs(name, args);
                return v -> isDecimal(v, false);
            case "double":
            case "float":
                noArgs(name, args);
                return v -> isDecimal(v, true);
            case "guid":
                noArgs(name, args);
                return RouteConstraint::isGuid;
            case "datetime":
                noArgs(name, args);
                return RouteConstraint::isDateTime;
            case "required":
                noArgs(name, args);
                return v -> !v.isEmpty();
            case "min": {
                long min = longArg(name, args);
                return v -> isInteger(v, min, Long.MAX_VALUE);
            }
            case "max": {
                long max = longArg(name, args);
                return v -> isInteger(v, Long.MIN_VALUE, max);
            }
            case "range": {
                long[] r = longArgs(name, args, 2);
                if (r[0] > r[1]) {
                    throw new IllegalArgumentException("range(" + args + "): min is larger than max");
                }
                return v -> isInteger(v, r[0], r[1]);
            }
            case "minlength": {
                long min = longArg(name, args);
                return v -> v.length() >= min;
            }
            case "maxlength": {
                long max = longArg(name, args);
                return v -> v.length() <= max;
            }
            case "length": {
                if (args != null && args.indexOf(',') >= 0) {
                    long[] r = longArgs(name, args, 2);
                    return v -> v.length() >= r[0] && v.length() <= r[1];
                }
                long len = longArg(name, args);
                return v -> v.length() == len;
            }
            case "regex": {
                if (args == null || args.isEmpty()) {
                    throw new IllegalArgumentException("regex constraint needs an expression: regex(...)");
                }
                Pattern pattern;
                try {
                    // ASP.NET Core: case-insensitive, culture-invariant, IsMatch (unanchored)
                    pattern = Pattern.compile(args, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("invalid regex constraint '" + args + "': " + e.getDescription());
                }
                return v -> pattern.matcher(v).find();
            }
            default:
                throw new IllegalArgumentException("unknown route constraint '" + name + "'");
        }
    }

    private static void noArgs(String name, String args) {
        if (args != null) {
            throw new IllegalArgumentException("constraint '" + name + "' takes no arguments");
        }
    }

    private static long longArg(String name, String args) {
        return longArgs(name, args, 1)[0];
    }

    private static long[] longArgs(String name, String args, int count) {
        if (args == null) {
            throw new IllegalArgumentException("constraint '" + name + "' needs " + count + " argument(s)");
        }
        String[] parts = args.split(",", -1);
        if (parts.length != count) {
            throw new IllegalArgumentException("constraint '" + name + "' needs " + count + " argument(s), got '" + args + "'");
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            try {
                values[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("constraint '" + name + "': '" + parts[i] + "' is not an integer");
            }
        }
        return values;
    }

    /** Optional sign and decimal digits whose value lies in [min, max]; no allocation. */
    static boolean isInteger(String v, long min, long max) {
        int len = v.length();
        int i = 0;
        boolean negative = false;
        if (len > 0 && (v.charAt(0) == '-' || v.charAt(0) == '+')) {
            negative = v.charAt(0) == '-';
            i = 1;
        }
        if (i == len) {
            return false;
        }
        // accumulate negatively so that Long.MIN_VALUE fits
        long result = 0;
        for (; i < len; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int digit = c - '0';
            if (result < (Long.MIN_VALUE + digit) / 10) {
                return false;
            }
            result = result * 10 - digit;
        }
        if (!negative) {
            if (result == Long.MIN_VALUE) {
                return false;
            }
            result = -result;
        }
        return result >= min && result <= max;
    }

    /** ASCII letters only, as ASP.NET Core's {@code alpha} ({@code ^[a-z]*$}, ignoring case). */
    static boolean isAlpha(String v) {
        for (int i = 0, len = v.length(); i < len; i++) {
            char c = v.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    /** {@code [+-]digits[.digits]} with an optional exponent when {@code exponent}; invariant culture. */
    static boolean isDecimal(String v, boolean exponent) {
        int len = v.length();
        int i = 0;
        if (i < len && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
            i++;
        }
        int digits = 0;
        while (i < len && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < len && v.charAt(i) == '.') {
            i++;
            while (i < len && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (exponent && i < len && (v.charAt(i) == 'e' || v.charAt(i) == 'E')) {
            i++;
            if (i < len && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
                i++;
            }
            int expDigits = 0;
            while (i < len && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == len;
    }

    /** {@code 8-4-4-4-12} hex digits, optionally in braces or parentheses, or 32 hex digits. */
    static boolean isGuid(String v) {
        String s = v;
        if (s.length() == 38 && ((s.charAt(0) == '{' && s.charAt(37) == '}') || (s.charAt(0) == '(' && s.charAt(37) == ')'))) {
            s = s.substring(1, 37);
        }
        if (s.length() == 32) {
            for (int i = 0; i < 32; i++) {
                if (Character.digit(s.charAt(i), 16) < 0) {
                    return false;
                }
            }
            return true;
        }
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** ISO-8601 date, local date-time or date-time with offset (a subset of .NET's invariant parsing). */
    static boolean isDateTime(String v) {
        if (v.isEmpty() || !Character.isDigit(v.charAt(0))) {
            return false;
        }
        try {
            if (v.length() <= 10) {
                LocalDate.parse(v);
            } else if (v.endsWith("Z") || v.endsWith("z") || v.lastIndexOf('+') > 10 || v.lastIndexOf('-') > 10) {
                OffsetDateTime.parse(v.replace('z', 'Z'));
            } else {
                LocalDateTime.parse(v);
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
