package io.fnhost.benchmarks.swap;

import java.util.Arrays;

/**
 * The requests one load client made: when each started and ended ({@link System#nanoTime()}) and what it
 * got. Owned by one thread while the load runs, read after it stopped, so it needs no locking.
 */
final class RequestLog {
    /** {@link #answer(int)} of a request that failed: an I/O error, a timeout, a non-2xx status or an unknown body. */
    static final int FAILED = -1;

    private long[] starts = new long[1 << 14];
    private long[] ends = new long[1 << 14];
    private int[] answers = new int[1 << 14];
    private int size;

    /**
     * @param answer the index of the known body the request answered with, or {@link #FAILED}
     */
    void add(long startNanos, long endNanos, int answer) {
        if (size == starts.length) {
            // grow by doubling: a 100 s run at a few thousand requests/s stays within a few MB
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            answers = Arrays.copyOf(answers, size * 2);
        }
        starts[size] = startNanos;
        ends[size] = endNanos;
        answers[size] = answer;
        size++;
    }

    int size() {
        return size;
    }

    long start(int i) {
        return starts[i];
    }

    long end(int i) {
        return ends[i];
    }

    int answer(int i) {
        return answers[i];
    }
}
