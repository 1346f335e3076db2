package io.fnhost.timer.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import io.fnhost.spi.ScheduleStatusDTO;

/**
 * The JSON a timer function's parameter receives, shaped as Azure's host serializes its
 * {@code TimerInfo} for the Java worker:
 * {@code {"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":...,"Next":...,"LastUpdated":...},"IsPastDue":false}}.
 * Timestamps are local times of the schedule's zone with their offset, fractional seconds only when
 * present ({@code 2016-10-04T10:15:00+00:00}), as Json.NET writes a local {@code DateTime};
 * "never" is {@code DateTime.MinValue}. {@code ScheduleStatus} is {@code null} when the monitor is off.
 */
final class TimerPayload {
    /** Json.NET's round-trip format: seconds, up to seven fraction digits without trailing zeros, "+hh:mm". */
    static final DateTimeFormatter DOTNET = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 7, true)
            .appendOffset("+HH:MM", "+00:00")
            .toFormatter();
    private static final String NEVER_LOCAL = "0001-01-01T00:00:00";

    private TimerPayload() {
    }

    static String json(TimerSchedule schedule, ScheduleStatusDTO status, boolean pastDue) {
        JsonObject root = new JsonObject();
        JsonObject scheduleJson = new JsonObject();
        scheduleJson.addProperty("AdjustForDST", schedule.adjustsForDaylightSaving());
        root.add("Schedule", scheduleJson);
        if (status == null) {
            root.add("ScheduleStatus", JsonNull.INSTANCE);
        } else {
            JsonObject statusJson = new JsonObject();
            statusJson.addProperty("Last", format(status.last, schedule.zone()));
            statusJson.addProperty("Next", format(status.next, schedule.zone()));
            statusJson.addProperty("LastUpdated", format(status.lastUpdated, schedule.zone()));
            root.add("ScheduleStatus", statusJson);
        }
        root.addProperty("IsPastDue", pastDue);
        return root.toString();
    }

    static String format(Instant instant, ZoneId zone) {
        if (instant == null) {
            String offset = DOTNET.format(Instant.EPOCH.atZone(zone.getRules().getStandardOffset(Instant.EPOCH)));
            return NEVER_LOCAL + offset.substring(offset.length() - 6);
        }
        return DOTNET.format(instant.atZone(zone));
    }
}
