package io.fnhost.timer.internal;

import java.time.Instant;

import io.fnhost.spi.ScheduleStatusDTO;

/**
 * Azure's {@code ScheduleMonitor.CheckPastDueAsync}: reconciles a recorded status with the schedule in
 * force and says whether an occurrence was missed. Pure: the caller reads and writes the store.
 */
final class ScheduleMonitor {
    /** The status to run with, whether it must be written back, and whether an occurrence is past due. */
    record Check(ScheduleStatusDTO status, boolean changed, boolean pastDue) {
    }

    private ScheduleMonitor() {
    }

    static Check check(TimerSchedule schedule, ScheduleStatusDTO recorded, Instant now) {
        if (recorded == null || recorded.next == null) {
            // first start: record the next occurrence now, so one missed before the first run still counts
            return new Check(status(null, schedule.nextAfter(now), now), true, false);
        }
        Instant expectedNext;
        Instant lastUpdated;
        if (recorded.last != null) {
            expectedNext = schedule.nextAfter(recorded.last);
            lastUpdated = recorded.last;
        } else if (recorded.lastUpdated != null) {
            expectedNext = schedule.nextAfter(recorded.lastUpdated);
            lastUpdated = recorded.lastUpdated;
        } else {
            expectedNext = schedule.nextAfter(now);
            lastUpdated = now;
        }
        ScheduleStatusDTO status = recorded;
        boolean changed = false;
        if (expectedNext != null && !expectedNext.equals(recorded.next)) {
            // the schedule changed since the record was written: an old Next in the past is no missed occurrence
            if (now.isAfter(expectedNext)) {
                expectedNext = schedule.nextAfter(now);
                lastUpdated = now;
            }
            status = status(null, expectedNext, lastUpdated);
            changed = true;
        }
        boolean pastDue = status.next != null && now.isAfter(status.next);
        return new Check(status, changed, pastDue);
    }

    static ScheduleStatusDTO status(Instant last, Instant next, Instant lastUpdated) {
        ScheduleStatusDTO status = new ScheduleStatusDTO();
        status.last = last;
        status.next = next;
        status.lastUpdated = lastUpdated;
        return status;
    }
}
