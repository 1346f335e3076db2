package io.fnhost.benchmarks.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The figures a benchmark reports over its runs: the median and a nearest-rank percentile. */
final class Stats {
    private Stats() {
    }

    /** The median of the values (the mean of the middle two for an even count); NaN for none. */
    static double median(List<Double> values) {
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The nearest-rank percentile {@code p} (1-100): the smallest value with at least p% of the values at or below it. */
    static double percentile(List<Double> values, int p) {
        if (p < 1 || p > 100) {
            throw new IllegalArgumentException("percentile " + p + " is not within 1..100");
        }
        List<Double> sorted = sorted(values);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }
}
