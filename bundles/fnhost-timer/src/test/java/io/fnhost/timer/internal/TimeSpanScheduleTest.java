package io.fnhost.timer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeSpanScheduleTest {
    @ParameterizedTest
    @CsvSource({
        "01:00:00, PT1H",
        "00:01:00, PT1M",
        "00:00:30, PT30S",
        "1.00:00:00, PT24H",
        "2.12:30:00, PT60H30M",
        "24:00:00, PT576H", // .NET reads hh >= 24 as dd:hh:mm: 24 days
        "25:00:00:00, PT600H",
        "7, PT168H",
        "00:00:01.5, PT1.5S",
        "12:30, PT12H30M",
    })
    void parsesAsDotNetTimeSpanDoes(String text, String expected) {
        assertThat(TimeSpanSchedule.parse(text, ZoneOffset.UTC).interval()).isEqualTo(Duration.parse(expected));
    }

    @Test
    void intervalCountsFromTheLastStartAndIgnoresDaylightSaving() {
        TimeSpanSchedule schedule = TimeSpanSchedule.parse("01:00:00", ZoneId.of("America/New_York"));
        Instant before = Instant.parse("2024-03-10T06:30:00Z");
        assertThat(schedule.nextAfter(before)).isEqualTo(before.plus(Duration.ofHours(1)));
        assertThat(schedule.adjustsForDaylightSaving()).isFalse();
    }

    @Test
    void subMinuteIntervalsTurnTheMonitorOff() {
        assertThat(TimeSpanSchedule.parse("00:00:59", ZoneOffset.UTC).moreFrequentThanOncePerMinute()).isTrue();
        assertThat(TimeSpanSchedule.parse("00:01:00", ZoneOffset.UTC).moreFrequentThanOncePerMinute()).isFalse();
    }

    @Test
    void outOfRangeAndZeroAreRefusedWithTheFix() {
        assertThatThrownBy(() -> TimeSpanSchedule.parse("00:61:00", ZoneOffset.UTC)).hasMessageContaining("minutes");
        assertThatThrownBy(() -> TimeSpanSchedule.parse("00:00:00", ZoneOffset.UTC)).hasMessageContaining("zero");
        assertThat(TimeSpanSchedule.parse("every hour", ZoneOffset.UTC)).isNull();
    }
}
