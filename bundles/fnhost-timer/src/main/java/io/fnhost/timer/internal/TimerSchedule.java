package io.fnhost.timer.internal;

import java.time.Instant;
import java.time.ZoneId;

/** When a timer function runs: an NCRONTAB expression or a constant interval, in the app's time zone. */
interface TimerSchedule {
    /** The first occurrence strictly after {@code now}, or {@code null} when there is none. */
    Instant nextAfter(Instant now);

    /**
     * Whether occurrences can come more often than once a minute. Azure turns the schedule monitor off
     * for such schedules (persisting the status of every run would cost more than a missed run).
     */
    boolean moreFrequentThanOncePerMinute();

    /** Azure's {@code Schedule.AdjustForDST}: true for cron schedules, false for constant intervals. */
    boolean adjustsForDaylightSaving();

    /** The time zone occurrences are computed in. */
    ZoneId zone();

    /** The expression as written (after {@code %Setting%} resolution), for logs and messages. */
    String expression();
}
