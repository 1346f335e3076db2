package io.fnhost.benchmarks.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Phase assignment, stale answers and percentiles on hand-made timelines (nanosecond ticks). */
class PhaseReportTest {
    private static final int V1 = 0;
    private static final int V2 = 1;

    @Test
    void aRequestOverlappingAChangeOrItsTailIsInTheSwapPhase() {
        RequestLog log = new RequestLog();
        log.add(10, 20, V1);                   // steady, before the change
        log.add(90, 110, V1);                  // overlaps the change's start
        log.add(240, 245, V2);                 // inside the tail (the change answered at 200, tail 50)
        log.add(260, 300, V2);                 // steady again
        log.add(310, 320, RequestLog.FAILED);  // a steady failure
        List<AppChange> changes = List.of(new AppChange("publish", V2, 100, 200, 201));

        PhaseReport report = PhaseReport.of(List.of(log), changes, V1, 0, 1000, 50);

        assertEquals(3, report.steady().requests());
        assertEquals(1, report.steady().failures());
        assertEquals(2, report.swap().requests());
        assertEquals(0, report.swap().failures());
        assertEquals(150e-9, report.swap().seconds(), 1e-12, "window 100..250");
        assertEquals(0, report.steady().stale() + report.swap().stale());
    }

    @Test
    void theOldVersionAnsweringAfterTheChangeCompletedIsStale() {
        RequestLog log = new RequestLog();
        log.add(150, 160, V1);  // during the change: either version is fine
        log.add(400, 410, V1);  // after it: v2 must answer
        log.add(420, 430, V2);
        List<AppChange> changes = List.of(new AppChange("rollback", V2, 100, 200, 200));

        PhaseReport report = PhaseReport.of(List.of(log), changes, V1, 0, 1000, 0);

        assertEquals(1, report.steady().stale());
        assertEquals(0, report.swap().stale());
    }

    @Test
    void afterAFailedChangeNoVersionIsRequired() {
        List<AppChange> changes = List.of(new AppChange("publish", V2, 100, 200, 201),
                new AppChange("publish", V1, 300, 400, 409));

        assertEquals(V1, PhaseReport.settledTarget(changes, V1, 50));
        assertEquals(PhaseReport.UNSETTLED, PhaseReport.settledTarget(changes, V1, 150));
        assertEquals(V2, PhaseReport.settledTarget(changes, V1, 250));
        assertEquals(PhaseReport.UNSETTLED, PhaseReport.settledTarget(changes, V1, 500));
    }

    @Test
    void requestsOutsideTheMeasurementAreLeftOut() {
        RequestLog log = new RequestLog();
        log.add(5, 8, RequestLog.FAILED);  // warm-up
        log.add(50, 60, V1);

        PhaseReport report = PhaseReport.of(List.of(log), List.of(), V1, 10, 100, 0);

        assertEquals(1, report.steady().requests());
        assertEquals(0, report.steady().failures());
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, PhaseReport.percentile(sorted, 50));
        assertEquals(99, PhaseReport.percentile(sorted, 99));
        assertEquals(7, PhaseReport.percentile(new long[] {7}, 99));
        assertEquals(0, PhaseReport.percentile(new long[0], 99));
    }
}
