package io.fnhost.benchmarks.swap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Splits the measured requests into two phases of the same run: the <em>swap</em> phase (requests that
 * overlap a swap window: from the start of an admin call to its answer plus a tail, while the old version
 * drains and the new one warms up) and the <em>steady</em> phase (every other request), and summarises each.
 * A request is <em>stale</em> when it started while no change was in progress and still got the body of a
 * version other than the last completed change's target: the switch did not hold.
 */
final class PhaseReport {
    /** {@link #settledTarget} when no particular version must answer. */
    static final int UNSETTLED = -2;

    /** The figures of one phase; latencies in microseconds, nearest-rank percentiles. */
    record Phase(long requests, long failures, long stale, double seconds, long p50Micros, long p99Micros,
            long maxMicros) {
        double requestsPerSecond() {
            return seconds > 0 ? requests / seconds : 0;
        }
    }

    private final Phase steady;
    private final Phase swap;

    private PhaseReport(Phase steady, Phase swap) {
        this.steady = steady;
        this.swap = swap;
    }

    Phase steady() {
        return steady;
    }

    Phase swap() {
        return swap;
    }

    /**
     * @param logs every client's requests; only those started in [measureStart, measureEnd) count
     * @param changes the app changes, in the order they ran
     * @param initialTarget the version that answers before the first change
     * @param tailNanos how long after a change's answer its window lasts
     */
    static PhaseReport of(List<RequestLog> logs, List<AppChange> changes, int initialTarget, long measureStart,
            long measureEnd, long tailNanos) {
        long[][] windows = mergedWindows(changes, measureStart, measureEnd, tailNanos);
        long swapNanos = 0;
        for (long[] w : windows) {
            swapNanos += w[1] - w[0];
        }
        Accumulator steady = new Accumulator();
        Accumulator swap = new Accumulator();
        for (RequestLog log : logs) {
            for (int i = 0; i < log.size(); i++) {
                long start = log.start(i);
                long end = log.end(i);
                if (start < measureStart || start >= measureEnd) {
                    continue;
                }
                Accumulator phase = overlaps(windows, start, end) ? swap : steady;
                int answer = log.answer(i);
                int settled = settledTarget(changes, initialTarget, start);
                boolean stale = answer != RequestLog.FAILED && settled != UNSETTLED && answer != settled;
                phase.add(end - start, answer == RequestLog.FAILED, stale);
            }
        }
        double measuredSeconds = (measureEnd - measureStart) / 1e9;
        return new PhaseReport(steady.phase(measuredSeconds - swapNanos / 1e9), swap.phase(swapNanos / 1e9));
    }

    /**
     * The version a request started at {@code start} must get: the target of the last change that completed
     * before it, or {@link #UNSETTLED} (either version may answer) while a change is in progress or after a
     * failed one.
     */
    static int settledTarget(List<AppChange> changes, int initialTarget, long start) {
        int target = initialTarget;
        for (AppChange c : changes) {
            if (c.startNanos() > start) {
                break;
            }
            if (c.endNanos() > start) {
                return UNSETTLED;
            }
            target = c.succeeded() ? c.target() : UNSETTLED;
        }
        return target;
    }

    /** The swap windows clipped to the measurement, overlapping ones merged, sorted: {start, end} pairs. */
    private static long[][] mergedWindows(List<AppChange> changes, long measureStart, long measureEnd, long tail) {
        List<AppChange> sorted = new ArrayList<>(changes);
        sorted.sort(Comparator.comparingLong(AppChange::startNanos));
        List<long[]> merged = new ArrayList<>();
        for (AppChange c : sorted) {
            long from = Math.max(c.startNanos(), measureStart);
            long to = Math.min(c.endNanos() + tail, measureEnd);
            if (from >= to) {
                continue;
            }
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && from <= last[1]) {
                last[1] = Math.max(last[1], to);
            } else {
                merged.add(new long[] {from, to});
            }
        }
        return merged.toArray(long[][]::new);
    }

    private static boolean overlaps(long[][] windows, long start, long end) {
        for (long[] w : windows) {
            if (start < w[1] && end > w[0]) {
                return true;
            }
        }
        return false;
    }

    private static final class Accumulator {
        private long[] durations = new long[1024];
        private int count;
        private long failures;
        private long stale;

        void add(long nanos, boolean failed, boolean isStale) {
            if (count == durations.length) {
                durations = Arrays.copyOf(durations, count * 2);
            }
            durations[count++] = nanos;
            if (failed) {
                failures++;
            }
            if (isStale) {
                stale++;
            }
        }

        Phase phase(double seconds) {
            long[] sorted = Arrays.copyOf(durations, count);
            Arrays.sort(sorted);
            return new Phase(count, failures, stale, seconds, percentile(sorted, 50) / 1000,
                    percentile(sorted, 99) / 1000, count == 0 ? 0 : sorted[count - 1] / 1000);
        }
    }

    /** Nearest-rank percentile of sorted values; 0 for none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
    }
}
