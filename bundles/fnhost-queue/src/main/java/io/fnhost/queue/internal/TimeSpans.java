package io.fnhost.queue.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** .NET TimeSpan text as host.json uses it: {@code [d.]hh:mm:ss[.fffffff]}. */
final class TimeSpans {
    private static final Pattern TIME_SPAN = Pattern.compile("^(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,7}))?$");

    private TimeSpans() {
    }

    static Duration parse(String text) {
        Matcher m = TIME_SPAN.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a TimeSpan: write [d.]hh:mm:ss, e.g. 00:00:30");
        }
        long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        Duration d = Duration.ofDays(days).plusHours(Long.parseLong(m.group(2))).plusMinutes(Long.parseLong(m.group(3)))
                .plusSeconds(Long.parseLong(m.group(4)));
        if (m.group(5) != null) {
            String fraction = (m.group(5) + "0000000").substring(0, 7);
            d = d.plusNanos(Long.parseLong(fraction) * 100);
        }
        return d;
    }
}
