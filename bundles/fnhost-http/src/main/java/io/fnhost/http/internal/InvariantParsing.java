package io.fnhost.http.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * The acceptance rules of .NET's {@code TryParse} methods with {@code CultureInfo.InvariantCulture},
 * which ASP.NET Core's route constraints call, rewritten for Java: only "would it parse", never the value.
 * Numbers follow .NET's number parser exactly (styles, ASCII white space, signs, group separators,
 * trailing NUL characters); {@link #isDateTime} accepts a documented subset of .NET's lenient date parser.
 * Stateless; the numeric checks allocate nothing.
 */
final class InvariantParsing {
    private InvariantParsing() {
    }

    /** {@code decimal.MaxValue}: 2^96 - 1. */
    private static final BigDecimal DECIMAL_MAX = new BigDecimal("79228162514264337593543950335");

    /** White space as .NET's number parser sees it: tab, LF, VT, FF, CR and space. */
    static boolean isNumberWhite(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** .NET's {@code char.IsWhiteSpace}: Unicode space separators, line/paragraph separators, U+0009-U+000D, U+0085. */
    static boolean isDotNetWhiteSpace(char c) {
        return (c >= '\t' && c <= '\r') || c == 0x85 || Character.isSpaceChar(c);
    }

    /** .NET accepts trailing NUL characters after any number. */
    private static boolean onlyNulsFrom(String v, int i) {
        for (; i < v.length(); i++) {
            if (v.charAt(i) != '\0') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code long.TryParse(v, NumberStyles.Integer, invariant)} with the result in [min, max]: optional
     * leading/trailing ASCII white space, one leading {@code +} or {@code -}, ASCII digits, no group
     * separators; overflow fails.
     */
    static boolean isInteger(String v, long min, long max) {
        int len = v.length();
        int i = 0;
        while (i < len && isNumberWhite(v.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < len && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
            negative = v.charAt(i) == '-';
            i++;
        }
        int digitsFrom = i;
        // accumulate negatively so that Long.MIN_VALUE fits
        long result = 0;
        for (; i < len; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            int digit = c - '0';
            if (result < (Long.MIN_VALUE + digit) / 10) {
                return false;
            }
            result = result * 10 - digit;
        }
        if (i == digitsFrom) {
            return false;
        }
        while (i < len && isNumberWhite(v.charAt(i))) {
            i++;
        }
        if (!onlyNulsFrom(v, i)) {
            return false;
        }
        if (!negative) {
            if (result == Long.MIN_VALUE) {
                return false;
            }
            result = -result;
        }
        return result >= min && result <= max;
    }

    /**
     * {@code decimal.TryParse(v, NumberStyles.Number, invariant)}: white space around, a leading or a
     * trailing sign, {@code ,} group separators after the first digit, one {@code .}, no exponent, and a
     * value within +-79228162514264337593543950335.
     */
    static boolean isDecimal(String v) {
        return scanNumber(v, false);
    }

    /**
     * {@code double.TryParse} / {@code float.TryParse} with {@code NumberStyles.Float | AllowThousands},
     * invariant: white space around, a leading sign, group separators, a decimal point and an exponent;
     * out-of-range values parse (to infinity); {@code NaN}, {@code Infinity}, {@code -Infinity},
     * {@code +Infinity}, {@code +NaN} and {@code -NaN} in any case.
     */
    static boolean isFloatingPoint(String v) {
        if (scanNumber(v, true)) {
            return true;
        }
        String t = trimDotNet(v);
        if (t.equalsIgnoreCase("Infinity") || t.equalsIgnoreCase("-Infinity") || t.equalsIgnoreCase("NaN")) {
            return true;
        }
        if (t.startsWith("+")) {
            String rest = t.substring(1);
            return rest.equalsIgnoreCase("Infinity") || rest.equalsIgnoreCase("NaN");
        }
        return t.startsWith("-") && t.substring(1).equalsIgnoreCase("NaN");
    }

    /** .NET's number state machine for {@code Number} (decimal) or {@code Float|AllowThousands} (floating). */
    private static boolean scanNumber(String v, boolean floating) {
        int len = v.length();
        int i = 0;
        while (i < len && isNumberWhite(v.charAt(i))) {
            i++;
        }
        boolean leadingSign = false;
        if (i < len && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
            leadingSign = true;
            i++;
        }
        int digits = 0;
        int integerDigitsFrom = -1;
        boolean decimalPoint = false;
        for (; i < len; i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 0) {
                    integerDigitsFrom = i;
                }
                digits++;
            } else if (c == '.' && !decimalPoint) {
                decimalPoint = true;
            } else if (c == ',' && digits > 0 && !decimalPoint) {
                // group separators: anywhere after the first digit, sizes not checked
                continue;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        int numberEnd = i;
        if (floating && i < len && (v.charAt(i) == 'e' || v.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < len && (v.charAt(j) == '+' || v.charAt(j) == '-')) {
                j++;
            }
            if (j < len && v.charAt(j) >= '0' && v.charAt(j) <= '9') {
                while (j < len && v.charAt(j) >= '0' && v.charAt(j) <= '9') {
                    j++;
                }
                i = j;
            }
            // an 'e' without digits is not consumed: the trailing check below fails on it
        }
        boolean trailingSign = false;
        while (i < len) {
            char c = v.charAt(i);
            if (isNumberWhite(c)) {
                i++;
            } else if (!floating && !leadingSign && !trailingSign && (c == '-' || c == '+')) {
                trailingSign = true;
                i++;
            } else {
                break;
            }
        }
        if (!onlyNulsFrom(v, i)) {
            return false;
        }
        return floating || fitsDecimal(v, integerDigitsFrom, numberEnd);
    }

    /** Only long numbers can overflow decimal: check those exactly (rounded to an integer as .NET does). */
    private static boolean fitsDecimal(String v, int from, int end) {
        int significant = 0;
        boolean leading = true;
        for (int i = from; i < end; i++) {
            char c = v.charAt(i);
            if (c == '.') {
                break;
            }
            if (c >= '0' && c <= '9') {
                if (leading && c == '0') {
                    continue;
                }
                leading = false;
                significant++;
            }
        }
        if (significant < 29) {
            return true;
        }
        StringBuilder plain = new StringBuilder(end - from);
        for (int i = from; i < end; i++) {
            char c = v.charAt(i);
            if (c != ',') {
                plain.append(c);
            }
        }
        if (plain.charAt(plain.length() - 1) == '.') {
            plain.setLength(plain.length() - 1);
        }
        return new BigDecimal(plain.toString()).setScale(0, RoundingMode.HALF_EVEN).compareTo(DECIMAL_MAX) <= 0;
    }

    /** {@code bool.TryParse}: {@code true} or {@code false} in any case, with white space and NULs around. */
    static boolean isBoolean(String v) {
        int start = 0;
        int end = v.length();
        while (start < end && (isDotNetWhiteSpace(v.charAt(start)) || v.charAt(start) == '\0')) {
            start++;
        }
        while (end > start && (isDotNetWhiteSpace(v.charAt(end - 1)) || v.charAt(end - 1) == '\0')) {
            end--;
        }
        int n = end - start;
        return (n == 4 && v.regionMatches(true, start, "true", 0, 4)) || (n == 5 && v.regionMatches(true, start, "false", 0, 5));
    }

    static String trimDotNet(String v) {
        int start = 0;
        int end = v.length();
        while (start < end && isDotNetWhiteSpace(v.charAt(start))) {
            start++;
        }
        while (end > start && isDotNetWhiteSpace(v.charAt(end - 1))) {
            end--;
        }
        return v.substring(start, end);
    }

    // ------------------------------------------------------------------------------------------ Guid

    private static final Pattern GUID_X = Pattern.compile(
            "\\{0[xX]\\p{XDigit}{1,8},0[xX]\\p{XDigit}{1,4},0[xX]\\p{XDigit}{1,4},"
            + "\\{0[xX]\\p{XDigit}{1,2}(?:,0[xX]\\p{XDigit}{1,2}){7}\\}\\}");

    /**
     * {@code Guid.TryParse}: after trimming white space, format N (32 hex digits), D (8-4-4-4-12), B
     * ({@code {D}}), P ({@code (D)}) or X ({@code {0x..,0x..,0x..,{0x..,...}}}, white space ignored).
     * D's groups may also carry .NET's legacy {@code +} and {@code 0x} prefixes.
     */
    static boolean isGuid(String v) {
        String s = trimDotNet(v);
        if (s.isEmpty()) {
            return false;
        }
        boolean dashes = s.indexOf('-') >= 0;
        char first = s.charAt(0);
        if (first == '(') {
            return s.length() == 38 && s.charAt(37) == ')' && isGuidD(s.substring(1, 37));
        }
        if (first == '{') {
            if (dashes) {
                return s.length() == 38 && s.charAt(37) == '}' && isGuidD(s.substring(1, 37));
            }
            StringBuilder compact = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                if (!isDotNetWhiteSpace(s.charAt(i))) {
                    compact.append(s.charAt(i));
                }
            }
            return GUID_X.matcher(compact).matches();
        }
        return dashes ? isGuidD(s) : s.length() == 32 && allHex(s, 0, 32);
    }

    private static boolean isGuidD(String s) {
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
            return false;
        }
        return hexGroup(s, 0, 8) && hexGroup(s, 9, 13) && hexGroup(s, 14, 18)
                && allHex(s, 19, 23) && allHex(s, 24, 36);
    }

    /** A hex group of the D format; .NET's compatibility path also takes a leading '+' and/or "0x". */
    private static boolean hexGroup(String s, int from, int to) {
        if (from < to && s.charAt(from) == '+') {
            from++;
        }
        if (to - from > 2 && s.charAt(from) == '0' && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X')) {
            from += 2;
        }
        return from < to && allHex(s, from, to);
    }

    private static boolean allHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------ DateTime

    private static final String MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            + "|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
    private static final String WEEKDAY = "(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?";
    private static final Pattern DATE = Pattern.compile(
            "(?<y1>\\d{4})(?<sep1>[-/.])(?<m1>\\d{1,2})\\k<sep1>(?<d1>\\d{1,2})"
            + "|(?<m2>\\d{1,2})(?<sep2>[-/.])(?<d2>\\d{1,2})\\k<sep2>(?<y2>\\d{4}|\\d{2})"
            + "|(?<y3>\\d{4})[-/](?<m3>\\d{1,2})"
            + "|(?<m4>\\d{1,2})/(?<d4>\\d{1,2})"
            + "|" + WEEKDAY + "(?:(?<d5>\\d{1,2})[\\s-](?<mon5>" + MONTHS + ")\\.?(?:,?[\\s-](?<y5>\\d{4}))?"
            + "|(?<mon7>" + MONTHS + ")\\.?\\s+(?<y7>\\d{4})(?!\\d)"
            + "|(?<mon6>" + MONTHS + ")\\.?\\s+(?<d6>\\d{1,2})(?:,?\\s+(?<y6>\\d{4}))?)",
            Pattern.CASE_INSENSITIVE);
    /** A time of day with an optional zone ({@code Z}, {@code GMT}, {@code +hh[:mm]}). */
    private static final Pattern TIME = Pattern.compile(
            "(?<h>\\d{1,2})(?::(?<mi>\\d{1,2})(?::(?<s>\\d{1,2})(?:\\.\\d+)?)?\\s*(?<ap>am|pm|a|p)?|\\s*(?<ap2>am|pm))"
            + "(?:\\s*(?:z|gmt|(?<oh>[+-]\\d{1,2})(?::?(?<om>\\d{2}))?))?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ZONE_ONLY = Pattern.compile("\\s*(?:z|gmt|[+-]\\d{1,2}(?::?\\d{2})?)", Pattern.CASE_INSENSITIVE);

    /**
     * A subset of {@code DateTime.TryParse(v, invariant, DateTimeStyles.None)}: ISO 8601 dates and
     * date-times ({@code 2024-02-29}, {@code 2024-02-29T10:15:30.5Z}, {@code +02:00} offsets),
     * {@code M/d/yyyy} and {@code M-d-yyyy} (month first, as the invariant culture reads it), {@code yyyy/M/d},
     * {@code yyyy-MM}, {@code M/d}, English month names ({@code 29 Feb 2024}, {@code February 29, 2024},
     * an optional weekday), times alone ({@code 10:15}, {@code 7pm}) and AM/PM. Fields are range-checked
     * (leap years included).
     */
    static boolean isDateTime(String v) {
        String s = trimDotNet(v);
        if (s.isEmpty() || s.length() > 64) {
            return false;
        }
        java.util.regex.Matcher m = DATE.matcher(s);
        String time = s;
        if (m.lookingAt()) {
            if (!validDate(m)) {
                return false;
            }
            String rest = s.substring(m.end());
            if (rest.isEmpty() || ZONE_ONLY.matcher(rest).matches()) {
                return true;
            }
            boolean iso = m.group("y1") != null;
            if (iso && (rest.charAt(0) == 'T' || rest.charAt(0) == 't')) {
                time = rest.substring(1);
            } else if (isDotNetWhiteSpace(rest.charAt(0))) {
                time = trimDotNet(rest);
            } else {
                return false;
            }
        }
        m = TIME.matcher(time);
        if (!m.matches()) {
            return false;
        }
        if (m.group("h") != null) {
            int hour = Integer.parseInt(m.group("h"));
            boolean ampm = m.group("ap") != null || m.group("ap2") != null;
            if (hour > (ampm ? 12 : 23)) {
                return false;
            }
            if (m.group("mi") != null && Integer.parseInt(m.group("mi")) > 59) {
                return false;
            }
            if (m.group("s") != null && Integer.parseInt(m.group("s")) > 59) {
                return false;
            }
        }
        if (m.group("oh") != null) {
            int offsetHours = Math.abs(Integer.parseInt(m.group("oh")));
            if (offsetHours > 14 || (m.group("om") != null && Integer.parseInt(m.group("om")) > 59)) {
                return false;
            }
        }
        return true;
    }

    private static boolean validDate(java.util.regex.Matcher m) {
        int year = 2000;
        int month;
        int day = 1;
        if (m.group("y1") != null) {
            year = Integer.parseInt(m.group("y1"));
            month = Integer.parseInt(m.group("m1"));
            day = Integer.parseInt(m.group("d1"));
        } else if (m.group("m2") != null) {
            year = Integer.parseInt(m.group("y2")) + (m.group("y2").length() == 2 ? 2000 : 0);
            month = Integer.parseInt(m.group("m2"));
            day = Integer.parseInt(m.group("d2"));
        } else if (m.group("y3") != null) {
            year = Integer.parseInt(m.group("y3"));
            month = Integer.parseInt(m.group("m3"));
        } else if (m.group("m4") != null) {
            month = Integer.parseInt(m.group("m4"));
            day = Integer.parseInt(m.group("d4"));
        } else if (m.group("mon5") != null) {
            month = monthNumber(m.group("mon5"));
            day = Integer.parseInt(m.group("d5"));
            year = m.group("y5") == null ? 2000 : Integer.parseInt(m.group("y5"));
        } else if (m.group("mon6") != null) {
            month = monthNumber(m.group("mon6"));
            day = Integer.parseInt(m.group("d6"));
            year = m.group("y6") == null ? 2000 : Integer.parseInt(m.group("y6"));
        } else {
            month = monthNumber(m.group("mon7"));
            year = Integer.parseInt(m.group("y7"));
        }
        // .NET reads a date without a year in the current year; here any leap year will do, so 2/29 passes
        return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
    }

    private static int monthNumber(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        String[] prefixes = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
        for (int i = 0; i < prefixes.length; i++) {
            if (n.startsWith(prefixes[i])) {
                return i + 1;
            }
        }
        return 0;
    }

    private static int daysIn(int year, int month) {
        switch (month) {
            case 2:
                return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }
}
