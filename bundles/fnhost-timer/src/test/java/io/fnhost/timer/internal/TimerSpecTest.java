package io.fnhost.timer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fnhost.spi.BindingException;
import io.fnhost.spi.ScheduleStatusDTO;

class TimerSpecTest {
    private final TimeZones zones = TimeZones.load();

    @Test
    void settingsInTheScheduleAreResolved() throws Exception {
        TimerSpec spec = TimerSpec.of(Fakes.descriptor("%TickSchedule%", Map.of(), Map.of("TickSchedule", "0 30 9 * * *"), false),
                zones);
        assertThat(spec.schedule.expression()).isEqualTo("0 30 9 * * *");
        assertThatThrownBy(() -> TimerSpec.of(Fakes.descriptor("%Missing%"), zones))
                .isInstanceOf(BindingException.class).hasMessageContaining("app setting 'Missing'");
    }

    @Test
    void badSchedulesAreBindingExceptionsNamingTheField() {
        assertThatThrownBy(() -> TimerSpec.of(Fakes.descriptor("0 0 25 * * *"), zones))
                .isInstanceOf(BindingException.class).hasMessageContaining("tick").hasMessageContaining("hour field '25'");
        assertThatThrownBy(() -> TimerSpec.of(Fakes.descriptor("sometimes"), zones))
                .isInstanceOf(BindingException.class).hasMessageContaining("neither an NCRONTAB expression");
        assertThatThrownBy(() -> TimerSpec.of(Fakes.descriptor(null), zones))
                .isInstanceOf(BindingException.class).hasMessageContaining("no schedule");
    }

    @Test
    void runOnStartupAndUseMonitorAttributesAsAzure() throws Exception {
        TimerSpec defaults = TimerSpec.of(Fakes.descriptor("0 */5 * * * *"), zones);
        assertThat(defaults.runOnStartup).isFalse();
        assertThat(defaults.useMonitor).isTrue();
        TimerSpec set = TimerSpec.of(Fakes.descriptor("0 */5 * * * *", Map.of("runOnStartup", true, "useMonitor", "false"),
                Map.of(), false), zones);
        assertThat(set.runOnStartup).isTrue();
        assertThat(set.useMonitor).isFalse();
        // forced off for schedules firing more than once a minute
        assertThat(TimerSpec.of(Fakes.descriptor("*/10 * * * * *"), zones).useMonitor).isFalse();
        assertThat(TimerSpec.of(Fakes.descriptor("00:00:30"), zones).useMonitor).isFalse();
    }

    @Test
    void timeZoneComesFromWebsiteTimeZoneThenTz() throws Exception {
        TimerSpec windows = TimerSpec.of(Fakes.descriptor("0 30 9 * * *", Map.of(),
                Map.of("WEBSITE_TIME_ZONE", "Eastern Standard Time", "TZ", "Asia/Tokyo"), false), zones);
        assertThat(windows.schedule.zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(windows.schedule.nextAfter(Instant.parse("2024-01-06T00:00:00Z"))).isEqualTo(Instant.parse("2024-01-06T14:30:00Z"));
        TimerSpec iana = TimerSpec.of(Fakes.descriptor("0 30 9 * * *", Map.of(), Map.of("TZ", "Asia/Tokyo"), false), zones);
        assertThat(iana.schedule.nextAfter(Instant.parse("2024-01-06T01:00:00Z"))).isEqualTo(Instant.parse("2024-01-07T00:30:00Z"));
        assertThat(TimerSpec.of(Fakes.descriptor("0 30 9 * * *"), zones).schedule.zone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void windowsIdsMapThroughTheCldrTableCaseInsensitively() {
        assertThat(zones.zoneOf(Map.of("WEBSITE_TIME_ZONE", "w. europe standard time")::get)).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(zones.zoneOf(Map.of("WEBSITE_TIME_ZONE", "Tokyo Standard Time")::get)).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(zones.zoneOf(Map.of("WEBSITE_TIME_ZONE", "UTC")::get)).isEqualTo(ZoneId.of("Etc/UTC"));
        assertThat(zones.size()).isGreaterThan(130);
        assertThatThrownBy(() -> zones.zoneOf(Map.of("WEBSITE_TIME_ZONE", "Mars Standard Time")::get))
                .hasMessageContaining("WEBSITE_TIME_ZONE 'Mars Standard Time'");
        assertThatThrownBy(() -> zones.zoneOf(Map.of("TZ", "Mars/Olympus")::get)).hasMessageContaining("TZ 'Mars/Olympus'");
    }

    @Test
    void payloadTimestampsAreLocalWithOffsetAsJsonNetWritesThem() {
        TimerSchedule schedule = TimerSpec.parse("0 30 9 * * *", ZoneId.of("America/New_York"));
        ScheduleStatusDTO status = ScheduleMonitor.status(Instant.parse("2024-01-06T14:30:00.120Z"),
                Instant.parse("2024-07-07T13:30:00Z"), null);
        assertThat(TimerPayload.json(schedule, status, true)).isEqualTo("{\"Schedule\":{\"AdjustForDST\":true},"
                + "\"ScheduleStatus\":{\"Last\":\"2024-01-06T09:30:00.12-05:00\",\"Next\":\"2024-07-07T09:30:00-04:00\","
                + "\"LastUpdated\":\"0001-01-01T00:00:00-05:00\"},\"IsPastDue\":true}");
        assertThat(TimerPayload.json(TimerSpec.parse("00:00:10", ZoneOffset.UTC), null, false))
                .isEqualTo("{\"Schedule\":{\"AdjustForDST\":false},\"ScheduleStatus\":null,\"IsPastDue\":false}");
    }
}
