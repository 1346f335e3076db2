package io.fnhost.timer.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A constant interval between invocations, written as a .NET {@code TimeSpan} the way Azure's timer
 * trigger reads it ({@code TimeSpan.TryParse}, invariant culture): {@code hh:mm}, {@code hh:mm:ss},
 * {@code d.hh:mm[:ss[.fffffff]]}, {@code d:hh:mm:ss} or a bare number of days; in {@code hh:mm:ss} an
 * hour field of 24 or more makes .NET read the three fields as {@code dd:hh:mm} ({@code 24:00:00} is 24
 * days; one day is {@code 1.00:00:00}). The interval counts from the start of one run to the start of
 * the next; daylight saving does not change it (Azure's {@code AdjustForDST} is false).
 */
final class TimeSpanSchedule implements TimerSchedule {
    private static final Pattern DAYS_ONLY = Pattern.compile("(\\d+)");
    private static final Pattern DOTTED = Pattern.compile("(?:(\\d+)\\.)?(\\d+):(\\d+)(?::(\\d+)(?:\\.(\\d{1,7}))?)?");
    private static final Pattern FOUR_FIELDS = Pattern.compile("(\\d+):(\\d+):(\\d+):(\\d+)(?:\\.(\\d{1,7}))?");

    private final String expression;
    private final Duration interval;
    private final ZoneId zone;

    TimeSpanSchedule(String expression, Duration interval, ZoneId zone) {
        this.expression = expression;
        this.interval = interval;
        this.zone = zone;
    }

    /**
     * Parses {@code expression} as a TimeSpan, or returns {@code null} when it does not have a TimeSpan's shape.
     *
     * @throws IllegalArgumentException when it has the shape but a component is out of range or the interval is zero
     */
    static TimeSpanSchedule parse(String expression, ZoneId zone) {
        String text = expression.trim();
        Duration interval;
        Matcher m;
        if ((m = DAYS_ONLY.matcher(text)).matches()) {
            interval = Duration.ofDays(Long.parseLong(m.group(1)));
        } else if ((m = FOUR_FIELDS.matcher(text)).matches()) {
            interval = of(text, Long.parseLong(m.group(1)), number(m.group(2)), number(m.group(3)), number(m.group(4)),
                    m.group(5));
        } else if ((m = DOTTED.matcher(text)).matches()) {
            long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            int first = number(m.group(2));
            int second = number(m.group(3));
            if (m.group(1) == null && m.group(4) != null && m.group(5) == null && first >= 24) {
                // .NET: "hh:mm:ss" whose hours do not fit a day is read as "dd:hh:mm"
                interval = of(text, first, second, number(m.group(4)), 0, null);
            } else {
                interval = of(text, days, first, second, m.group(4) == null ? 0 : number(m.group(4)), m.group(5));
            }
        } else {
            return null;
        }
        if (interval.isZero()) {
            throw new IllegalArgumentException("the schedule '" + text + "' is an interval of zero; give a positive TimeSpan "
                    + "such as 00:05:00 (every five minutes)");
        }
        return new TimeSpanSchedule(text, interval, zone);
    }

    private static int number(String digits) {
        return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    private static Duration of(String text, long days, int hours, int minutes, int seconds, String fraction) {
        if (hours > 23 || minutes > 59 || seconds > 59) {
            throw new IllegalArgumentException("the schedule '" + text + "' is not a valid TimeSpan: hours must be 0-23 and "
                    + "minutes and seconds 0-59 (for days write d.hh:mm:ss, e.g. 1.00:00:00 for daily)");
        }
        long nanos = 0;
        if (fraction != null) {
            nanos = Long.parseLong((fraction + "000000000").substring(0, 9));
        }
        return Duration.ofDays(days).plusHours(hours).plusMinutes(minutes).plusSeconds(seconds).plusNanos(nanos);
    }

    Duration interval() {
        return interval;
    }

    @Override
    public Instant nextAfter(Instant now) {
        return now.plus(interval);
    }

    @Override
    public boolean moreFrequentThanOncePerMinute() {
        return interval.compareTo(Duration.ofMinutes(1)) < 0;
    }

    @Override
    public boolean adjustsForDaylightSaving() {
        return false;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return "Constant: " + expression;
    }
}
