package io.fnhost.timer.internal;

import java.time.ZoneId;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.BindingException;
import io.fnhost.spi.FunctionDescriptor;

/**
 * A timer function's trigger attributes, resolved and checked: the schedule (with {@code %Setting%}
 * replaced from app settings, in the app's time zone), {@code runOnStartup} and {@code useMonitor} (off
 * for schedules that can fire more than once a minute, as Azure forces it).
 */
final class TimerSpec {
    private static final Pattern SETTING = Pattern.compile("%([^%]+)%");

    final TimerSchedule schedule;
    final boolean runOnStartup;
    final boolean useMonitor;

    TimerSpec(TimerSchedule schedule, boolean runOnStartup, boolean useMonitor) {
        this.schedule = schedule;
        this.runOnStartup = runOnStartup;
        this.useMonitor = useMonitor && !schedule.moreFrequentThanOncePerMinute();
    }

    /** Reads the spec of {@code function}'s trigger; a BindingException says what to fix. */
    static TimerSpec of(FunctionDescriptor function, TimeZones zones) throws BindingException {
        BindingDTO trigger = function.trigger();
        String written = trigger.attribute("schedule", null);
        if (written == null || written.isBlank()) {
            throw new BindingException("timerTrigger of " + function.name() + " has no schedule: set @TimerTrigger(schedule = "
                    + "\"0 */5 * * * *\") (NCRONTAB) or a TimeSpan such as \"00:05:00\"");
        }
        UnaryOperator<String> settings = function::appSetting;
        try {
            String resolved = resolve(written, settings);
            TimerSchedule schedule = parse(resolved, zones.zoneOf(settings));
            return new TimerSpec(schedule, flag(trigger, "runOnStartup", false), flag(trigger, "useMonitor", true));
        } catch (IllegalArgumentException e) {
            throw new BindingException("timerTrigger of " + function.name() + ": " + e.getMessage(), e);
        }
    }

    /** Azure reads a schedule as NCRONTAB when it has five or six fields, else as a TimeSpan. */
    static TimerSchedule parse(String expression, ZoneId zone) {
        if (NcrontabSchedule.looksLikeCron(expression)) {
            return NcrontabSchedule.parse(expression, zone);
        }
        TimeSpanSchedule span = TimeSpanSchedule.parse(expression, zone);
        if (span == null) {
            throw new IllegalArgumentException("the schedule '" + expression.trim() + "' is neither an NCRONTAB expression "
                    + "(six fields: {second} {minute} {hour} {day} {month} {day-of-week}, e.g. '0 */5 * * * *') nor a "
                    + "TimeSpan (e.g. '00:05:00')");
        }
        return span;
    }

    /** Replaces each {@code %Name%} with app setting {@code Name}, as Azure's name resolver does. */
    static String resolve(String expression, UnaryOperator<String> settings) {
        Matcher m = SETTING.matcher(expression);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = settings.apply(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("the schedule '" + expression + "' names app setting '" + m.group(1)
                        + "', which is not set; add it to the app's settings");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean flag(BindingDTO trigger, String name, boolean fallback) {
        Object value = trigger.attributes.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        String text = String.valueOf(value).trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(name + " is '" + text + "'; it must be true or false");
    }
}
