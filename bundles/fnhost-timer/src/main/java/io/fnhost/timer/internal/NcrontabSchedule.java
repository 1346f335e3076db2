package io.fnhost.timer.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * An NCRONTAB schedule ({@code {second} {minute} {hour} {day} {month} {day-of-week}}, or five fields
 * without seconds) evaluated as Azure's timer trigger does with NCrontab:
 * <ul>
 * <li>day-of-week is 0-6 with 0 = Sunday (7 is refused, as NCrontab refuses it);</li>
 * <li>day and day-of-week are ANDed ({@code 0 30 9 1 * 1} is a Monday that is the 1st), unlike Vixie
 * cron, which ORs them when both are restricted;</li>
 * <li>month and day names match case-insensitively by prefix ({@code Jan}, {@code january},
 * {@code Mon}), as NCrontab matches them;</li>
 * <li>{@code n/step} means from {@code n} to the field's maximum in steps;</li>
 * <li>no {@code ?}, {@code L}, {@code W}, {@code #} or nicknames ({@code @daily}).</li>
 * </ul>
 * The expression is parsed and matched by cron-utils with a definition of that dialect; what cron-utils
 * cannot express (names by prefix, {@code n/step}) is rewritten to numbers first.
 * <p>
 * Time zones follow Azure's {@code CronSchedule}: the schedule is matched against the wall clock of
 * {@link #zone()}. A wall-clock time skipped by a spring-forward transition runs once, at the instant
 * the skipped time maps to when shifted by the gap (02:30 becomes 03:30 on a one-hour gap); only the
 * first such time in a gap runs. In the repeated hour of an autumn transition, an interval schedule
 * (one whose second, minute or hour field is a wildcard or a range) runs through both hours, while a
 * point-in-time schedule runs its time once, in the earlier (daylight) offset.
 */
final class NcrontabSchedule implements TimerSchedule {
    /** Field names in NCRONTAB order, as messages and Azure's docs call them. */
    static final String[] FIELD_NAMES = {"second", "minute", "hour", "day", "month", "day-of-week"};
    private static final int[] MIN = {0, 0, 0, 1, 1, 0};
    private static final int[] MAX = {59, 59, 23, 31, 12, 6};
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday"};

    /** NCRONTAB as a cron-utils definition: seconds first, 0-6 days of week from Sunday, day AND weekday. */
    private static final CronDefinition NCRONTAB = CronDefinitionBuilder.defineCron()
            .withSeconds().withValidRange(0, 59).and()
            .withMinutes().withValidRange(0, 59).and()
            .withHours().withValidRange(0, 23).and()
            .withDayOfMonth().withValidRange(1, 31).and()
            .withMonth().withValidRange(1, 12).and()
            .withDayOfWeek().withValidRange(0, 6).withMondayDoWValue(1).and()
            .matchDayOfWeekAndDayOfMonth()
            .instance();
    private static final CronParser PARSER = new CronParser(NCRONTAB);
    /** A Sunday, 1 January of a leap year: the reference calendar used to expand fields. */
    private static final LocalDate REFERENCE_SUNDAY = LocalDate.of(2017, 1, 1);

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;
    private final boolean interval;
    private final boolean subMinute;

    private NcrontabSchedule(String expression, ZoneId zone, ExecutionTime executionTime, boolean interval,
            boolean subMinute) {
        this.expression = expression;
        this.zone = zone;
        this.executionTime = executionTime;
        this.interval = interval;
        this.subMinute = subMinute;
    }

    /** Whether {@code expression} has the shape of a cron expression (five or six fields), as Azure decides. */
    static boolean looksLikeCron(String expression) {
        int fields = expression.trim().split("\\s+").length;
        return fields == 5 || fields == 6;
    }

    /**
     * Parses a five- or six-field NCRONTAB expression.
     *
     * @throws IllegalArgumentException naming the field and value that are wrong
     */
    static NcrontabSchedule parse(String expression, ZoneId zone) {
        String[] given = expression.trim().split("\\s+");
        if (given.length != 5 && given.length != 6) {
            throw new IllegalArgumentException("the schedule '" + expression + "' has " + given.length
                    + " fields; NCRONTAB has six ({second} {minute} {hour} {day} {month} {day-of-week}) or five (without seconds)");
        }
        String[] fields = new String[6];
        fields[0] = "0"; // NCrontab without seconds runs at second 0
        System.arraycopy(given, 0, fields, 6 - given.length, given.length);
        for (int i = 0; i < 6; i++) {
            fields[i] = normalize(i, fields[i], expression);
            check(i, fields[i], expression);
        }
        Cron cron = PARSER.parse(String.join(" ", fields));
        BitSet seconds = expand(fields, 0);
        BitSet minutes = expand(fields, 1);
        BitSet hours = expand(fields, 2);
        // Azure's CronSchedule.IsInterval: NCrontab writes a time field with '*' or a range 'a-b'
        boolean interval = (given.length == 6 && looksLikeInterval(seconds, 0)) || looksLikeInterval(minutes, 1)
                || looksLikeInterval(hours, 2);
        // Azure's ShouldDisableScheduleMonitor: every field but seconds is '*' and a minute has several occurrences
        boolean subMinute = seconds.cardinality() > 1;
        for (int i = 1; i < 6 && subMinute; i++) {
            subMinute = expand(fields, i).cardinality() == MAX[i] - MIN[i] + 1;
        }
        NcrontabSchedule schedule = new NcrontabSchedule(expression.trim(), zone, ExecutionTime.forCron(cron), interval,
                subMinute);
        if (schedule.nextWallClock(LocalDateTime.of(2000, 1, 1, 0, 0), 8 * 366).isEmpty()) {
            throw new IllegalArgumentException("the schedule '" + expression.trim() + "' never occurs: no date "
                    + "matches its day, month and day-of-week fields together (NCRONTAB requires all three)");
        }
        return schedule;
    }

    /** Rewrites names to numbers and {@code n/step} to {@code n-max/step}, the forms cron-utils reads as NCrontab does. */
    private static String normalize(int field, String text, String expression) {
        List<String> parts = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String step = "";
            int slash = part.indexOf('/');
            String base = part;
            if (slash > 0) {
                step = part.substring(slash);
                base = part.substring(0, slash);
            }
            String normalized;
            int dash = base.indexOf('-');
            if (base.equals("*")) {
                normalized = base;
            } else if (dash > 0) {
                normalized = value(field, base.substring(0, dash), expression) + "-"
                        + value(field, base.substring(dash + 1), expression);
            } else {
                normalized = value(field, base, expression);
                if (!step.isEmpty()) {
                    normalized += "-" + MAX[field];
                }
            }
            parts.add(normalized + step);
        }
        return String.join(",", parts);
    }

    private static String value(int field, String value, String expression) {
        if (value.isEmpty() || Character.isDigit(value.charAt(0))) {
            return value;
        }
        String[] names = field == 4 ? MONTHS : field == 5 ? DAYS : null;
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].toLowerCase(Locale.ROOT).startsWith(value.toLowerCase(Locale.ROOT))) {
                    return Integer.toString(i + MIN[field]);
                }
            }
            throw fieldError(field, value, expression, "is not a " + FIELD_NAMES[field] + " name; use one of "
                    + String.join(", ", names) + " (or a prefix, e.g. " + names[0].substring(0, 3) + ")");
        }
        throw fieldError(field, value, expression, "is not a number");
    }

    /** Parses one field on its own (the others '*') so that an error names the field. */
    private static void check(int field, String normalized, String expression) {
        String[] probe = {"*", "*", "*", "*", "*", "*"};
        probe[field] = normalized;
        try {
            PARSER.parse(String.join(" ", probe));
        } catch (IllegalArgumentException e) {
            throw fieldError(field, normalized, expression, "is not valid here: allowed are " + MIN[field] + "-"
                    + MAX[field] + (field == 5 ? " (0 = Sunday)" : "") + ", '*', ranges a-b, lists a,b and steps */n ("
                    + e.getMessage() + ")");
        }
    }

    private static IllegalArgumentException fieldError(int field, String value, String expression, String problem) {
        return new IllegalArgumentException("the " + FIELD_NAMES[field] + " field '" + value + "' of schedule '"
                + expression.trim() + "' " + problem);
    }

    /** The values field {@code field} matches, found with cron-utils on a calendar where the other fields are free. */
    private static BitSet expand(String[] fields, int field) {
        String[] probe = {"0", "0", "0", "*", "*", "*"};
        probe[field] = fields[field];
        ExecutionTime time = ExecutionTime.forCron(PARSER.parse(String.join(" ", probe)));
        BitSet values = new BitSet();
        for (int v = MIN[field]; v <= MAX[field]; v++) {
            LocalDateTime at = switch (field) {
                case 0 -> REFERENCE_SUNDAY.atTime(0, 0, v);
                case 1 -> REFERENCE_SUNDAY.atTime(0, v, 0);
                case 2 -> REFERENCE_SUNDAY.atTime(v, 0, 0);
                case 3 -> REFERENCE_SUNDAY.withDayOfMonth(v).atStartOfDay();
                case 4 -> REFERENCE_SUNDAY.withMonth(v).atStartOfDay();
                default -> REFERENCE_SUNDAY.plusDays(v).atStartOfDay();
            };
            if (time.isMatch(at.atZone(ZoneOffset.UTC))) {
                values.set(v);
            }
        }
        return values;
    }

    /** NCrontab's formatting writes '*' for a full field and 'a-b' for two or more consecutive values. */
    private static boolean looksLikeInterval(BitSet values, int field) {
        if (values.cardinality() == MAX[field] - MIN[field] + 1) {
            return true;
        }
        for (int v = values.nextSetBit(0); v >= 0; v = values.nextSetBit(v + 1)) {
            if (values.get(v + 1)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Instant nextAfter(Instant now) {
        ZoneRules rules = zone.getRules();
        Instant cursor = now;
        boolean strict = true;
        // one pass per stretch of constant offset; 1000 transitions are centuries
        for (int pass = 0; pass < 1000; pass++) {
            ZoneOffset offset = rules.getOffset(cursor);
            ZoneOffsetTransition end = rules.nextTransition(cursor);
            LocalDateTime wall = LocalDateTime.ofInstant(cursor, offset);
            Optional<LocalDateTime> found = strict ? nextWallClock(wall, 0) : atOrAfter(wall);
            if (found.isPresent() && !interval) {
                found = skipRepeatedHour(found.get(), rules, cursor);
            }
            if (found.isEmpty()) {
                return null;
            }
            LocalDateTime candidate = found.get();
            if (end == null || candidate.isBefore(end.getDateTimeBefore())) {
                return candidate.toInstant(offset);
            }
            if (end.isGap() && candidate.isBefore(end.getDateTimeAfter())) {
                // a wall-clock time the clock skips: run at the instant it maps to, shifted by the gap
                return candidate.toInstant(offset);
            }
            cursor = end.getInstant();
            strict = false;
        }
        return null;
    }

    /**
     * After an autumn transition the wall clock repeats an hour; a point-in-time schedule already ran
     * those times in the earlier offset, so it skips them in the later one.
     */
    private Optional<LocalDateTime> skipRepeatedHour(LocalDateTime candidate, ZoneRules rules, Instant cursor) {
        ZoneOffsetTransition last = rules.previousTransition(cursor.plusNanos(1));
        if (last != null && last.isOverlap() && !candidate.isBefore(last.getDateTimeAfter())
                && candidate.isBefore(last.getDateTimeBefore())) {
            return atOrAfter(last.getDateTimeBefore());
        }
        return Optional.of(candidate);
    }

    private Optional<LocalDateTime> atOrAfter(LocalDateTime wall) {
        return nextWallClock(wall.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1), 0);
    }

    /** The first matching wall-clock time strictly after {@code wall}; with {@code withinDays} > 0, only that far. */
    private Optional<LocalDateTime> nextWallClock(LocalDateTime wall, int withinDays) {
        // cron-utils on a zone without transitions matches pure wall-clock time
        Optional<ZonedDateTime> next = executionTime.nextExecution(wall.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC));
        Optional<LocalDateTime> local = next.map(ZonedDateTime::toLocalDateTime);
        if (withinDays > 0) {
            LocalDateTime limit = wall.plusDays(withinDays);
            return local.filter(t -> t.isBefore(limit));
        }
        return local;
    }

    /** Whether Azure treats this schedule as an interval (see the class comment on the repeated hour). */
    boolean interval() {
        return interval;
    }

    @Override
    public boolean moreFrequentThanOncePerMinute() {
        return subMinute;
    }

    @Override
    public boolean adjustsForDaylightSaving() {
        return true;
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
        return "Cron: '" + expression + "' (" + zone + ")";
    }
}
