package io.fnhost.timer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NcrontabScheduleTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant next(String expression, String now) {
        return NcrontabSchedule.parse(expression, ZoneOffset.UTC).nextAfter(Instant.parse(now));
    }

    private static List<Instant> occurrences(NcrontabSchedule schedule, String from, int count) {
        List<Instant> out = new ArrayList<>();
        Instant at = Instant.parse(from);
        for (int i = 0; i < count; i++) {
            at = schedule.nextAfter(at);
            out.add(at);
        }
        return out;
    }

    /** The examples of Azure's timer trigger documentation. 2024-01-06 is a Saturday. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 */5 * * * *    | 2024-01-06T10:02:30Z | 2024-01-06T10:05:00Z",
        "0 0 * * * *      | 2024-01-06T10:02:30Z | 2024-01-06T11:00:00Z",
        "0 0 */2 * * *    | 2024-01-06T10:02:30Z | 2024-01-06T12:00:00Z",
        "0 0 9-17 * * *   | 2024-01-06T17:30:00Z | 2024-01-07T09:00:00Z",
        "0 30 9 * * *     | 2024-01-06T09:30:00Z | 2024-01-07T09:30:00Z",
        "0 30 9 * * 1-5   | 2024-01-06T08:00:00Z | 2024-01-08T09:30:00Z",
        "0 30 9 * Jan Mon | 2024-01-29T10:00:00Z | 2025-01-06T09:30:00Z",
        "*/5 * * * * *    | 2024-01-06T10:00:02Z | 2024-01-06T10:00:05Z",
    })
    void azureDocumentationExamples(String expression, String now, String expected) {
        assertThat(next(expression, now)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void fiveFieldsHaveNoSecondsAndRunAtSecondZero() {
        assertThat(next("30 9 * * *", "2024-01-06T08:00:00Z")).isEqualTo(Instant.parse("2024-01-06T09:30:00Z"));
        assertThat(next("*/15 * * * *", "2024-01-06T08:00:01Z")).isEqualTo(Instant.parse("2024-01-06T08:15:00Z"));
    }

    @Test
    void namesMatchCaseInsensitivelyByPrefixAsInNcrontab() {
        Instant expected = next("0 30 9 * Jan Mon", "2024-01-01T10:00:00Z");
        assertThat(next("0 30 9 * january MONDAY", "2024-01-01T10:00:00Z")).isEqualTo(expected);
        assertThat(next("0 30 9 * JAN mon", "2024-01-01T10:00:00Z")).isEqualTo(expected);
        assertThat(next("0 30 9 * * Sat-Sun", "2024-01-08T00:00:00Z")).isEqualTo(Instant.parse("2024-01-13T09:30:00Z"));
    }

    @Test
    void dayOfWeekZeroIsSunday() {
        // 2024-01-07 is a Sunday
        assertThat(next("0 0 12 * * 0", "2024-01-02T00:00:00Z")).isEqualTo(Instant.parse("2024-01-07T12:00:00Z"));
    }

    @Test
    void dayOfWeekSevenIsRefusedAsNcrontabRefusesIt() {
        assertThatThrownBy(() -> NcrontabSchedule.parse("0 0 12 * * 7", ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("day-of-week field '7'").hasMessageContaining("0-6");
    }

    /** Vixie cron ORs a restricted day with a restricted weekday; NCrontab requires both. */
    @Test
    void dayAndDayOfWeekAreAnded() {
        // the first Monday that is the 1st after 2024-01-02 is 2024-04-01
        assertThat(next("0 30 9 1 * 1", "2024-01-02T00:00:00Z")).isEqualTo(Instant.parse("2024-04-01T09:30:00Z"));
        assertThat(next("0 30 9 1 * *", "2024-01-02T00:00:00Z")).isEqualTo(Instant.parse("2024-02-01T09:30:00Z"));
    }

    @Test
    void aValueWithAStepCountsFromThereToTheFieldsEnd() {
        NcrontabSchedule schedule = NcrontabSchedule.parse("0 5/20 * * * *", ZoneOffset.UTC);
        assertThat(occurrences(schedule, "2024-01-06T10:00:00Z", 4)).containsExactly(
                Instant.parse("2024-01-06T10:05:00Z"), Instant.parse("2024-01-06T10:25:00Z"),
                Instant.parse("2024-01-06T10:45:00Z"), Instant.parse("2024-01-06T11:05:00Z"));
    }

    @Test
    void listsRangesAndStepsCombine() {
        NcrontabSchedule schedule = NcrontabSchedule.parse("0 0 1-3,20-22/2 * * *", ZoneOffset.UTC);
        assertThat(occurrences(schedule, "2024-01-06T00:00:00Z", 6)).extracting(i -> i.atZone(ZoneOffset.UTC).getHour())
                .containsExactly(1, 2, 3, 20, 22, 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 60 * * * *   | minute field '60'",
        "0 0 24 * * *   | hour field '24'",
        "0 0 0 32 * *   | day field '32'",
        "0 0 0 * 13 *   | month field '13'",
        "0 0 0 * Foo *  | month field 'Foo'",
        "0 0 0 * * Xyz  | day-of-week field 'Xyz'",
        "61 * * * * *   | second field '61'",
        "0 0 0 ? * *    | day field '?'",
        "0 0 0 L * *    | day field 'L'",
    })
    void invalidFieldsAreNamed(String expression, String message) {
        assertThatThrownBy(() -> NcrontabSchedule.parse(expression, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message)
                .hasMessageContaining(expression.trim());
    }

    @Test
    void wrongFieldCountAndImpossibleDatesAreRefused() {
        assertThatThrownBy(() -> NcrontabSchedule.parse("0 0 * * * * 2024", ZoneOffset.UTC))
                .hasMessageContaining("has 7 fields");
        assertThatThrownBy(() -> NcrontabSchedule.parse("0 0 0 30 2 *", ZoneOffset.UTC))
                .hasMessageContaining("never occurs");
    }

    @Test
    void intervalAsAzureDecidesIt() {
        assertThat(NcrontabSchedule.parse("0 30 9 * * *", ZoneOffset.UTC).interval()).isFalse();
        assertThat(NcrontabSchedule.parse("0 0,30 9 * * *", ZoneOffset.UTC).interval()).isFalse();
        assertThat(NcrontabSchedule.parse("0 30 9-10 * * *", ZoneOffset.UTC).interval()).isTrue();
        assertThat(NcrontabSchedule.parse("0 */30 * * * *", ZoneOffset.UTC).interval()).isTrue();
        assertThat(NcrontabSchedule.parse("30 9 * * *", ZoneOffset.UTC).interval()).isFalse();
    }

    @Test
    void onlySchedulesFiringSeveralTimesAMinuteAreSubMinute() {
        assertThat(NcrontabSchedule.parse("*/5 * * * * *", ZoneOffset.UTC).moreFrequentThanOncePerMinute()).isTrue();
        assertThat(NcrontabSchedule.parse("0,30 * * * * *", ZoneOffset.UTC).moreFrequentThanOncePerMinute()).isTrue();
        assertThat(NcrontabSchedule.parse("0 * * * * *", ZoneOffset.UTC).moreFrequentThanOncePerMinute()).isFalse();
        assertThat(NcrontabSchedule.parse("*/5 * 9 * * *", ZoneOffset.UTC).moreFrequentThanOncePerMinute()).isFalse();
        assertThat(NcrontabSchedule.parse("* * * * *", ZoneOffset.UTC).moreFrequentThanOncePerMinute()).isFalse();
    }

    @Test
    void scheduleRunsOnTheWallClockOfItsZone() {
        NcrontabSchedule schedule = NcrontabSchedule.parse("0 30 9 * * *", NEW_YORK);
        // 09:30 EST = 14:30Z in January, 09:30 EDT = 13:30Z in July
        assertThat(schedule.nextAfter(Instant.parse("2024-01-06T00:00:00Z"))).isEqualTo(Instant.parse("2024-01-06T14:30:00Z"));
        assertThat(schedule.nextAfter(Instant.parse("2024-07-06T00:00:00Z"))).isEqualTo(Instant.parse("2024-07-06T13:30:00Z"));
    }

    /** 2024-03-10 in New York: 02:00 EST becomes 03:00 EDT; 02:30 never shows on the clock. */
    @Test
    void springForwardRunsASkippedTimeOnceShiftedByTheGap() {
        NcrontabSchedule schedule = NcrontabSchedule.parse("0 30 2 * * *", NEW_YORK);
        assertThat(occurrences(schedule, "2024-03-09T12:00:00Z", 3)).containsExactly(
                Instant.parse("2024-03-10T07:30:00Z"), // 02:30 EST shifted = 03:30 EDT
                Instant.parse("2024-03-11T06:30:00Z"), // 02:30 EDT
                Instant.parse("2024-03-12T06:30:00Z"));
    }

    @Test
    void springForwardIntervalScheduleContinuesAfterTheGap() {
        NcrontabSchedule schedule = NcrontabSchedule.parse("0 */30 * * * *", NEW_YORK);
        // from 01:30 EST (06:30Z): 02:00 EST does not exist -> 03:00 EDT (07:00Z), then 03:30 EDT
        assertThat(occurrences(schedule, "2024-03-10T06:30:00Z", 2)).containsExactly(
                Instant.parse("2024-03-10T07:00:00Z"), Instant.parse("2024-03-10T07:30:00Z"));
    }

    /** 2024-11-03 in New York: 02:00 EDT becomes 01:00 EST; 01:00-01:59 shows twice. */
    @Test
    void fallBackRunsAPointInTimeScheduleOnceInTheDaylightOffset() {
        NcrontabSchedule schedule = NcrontabSchedule.parse("0 30 1 * * *", NEW_YORK);
        assertThat(occurrences(schedule, "2024-11-03T04:00:00Z", 2)).containsExactly(
                Instant.parse("2024-11-03T05:30:00Z"), // 01:30 EDT, not again at 01:30 EST (06:30Z)
                Instant.parse("2024-11-04T06:30:00Z"));
        // a node started in the repeated hour (01:29 EST) assumes 01:30 EDT already ran, as Azure does
        assertThat(schedule.nextAfter(Instant.parse("2024-11-03T06:29:00Z"))).isEqualTo(Instant.parse("2024-11-04T06:30:00Z"));
    }

    @Test
    void fallBackRunsAnIntervalScheduleThroughBothHours() {
        NcrontabSchedule schedule = NcrontabSchedule.parse("0 */30 * * * *", NEW_YORK);
        assertThat(occurrences(schedule, "2024-11-03T05:00:00Z", 5)).containsExactly(
                Instant.parse("2024-11-03T05:30:00Z"), // 01:30 EDT
                Instant.parse("2024-11-03T06:00:00Z"), // 01:00 EST
                Instant.parse("2024-11-03T06:30:00Z"), // 01:30 EST
                Instant.parse("2024-11-03T07:00:00Z"), // 02:00 EST
                Instant.parse("2024-11-03T07:30:00Z"));
    }
}
