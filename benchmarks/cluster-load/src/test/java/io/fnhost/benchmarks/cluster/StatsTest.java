package io.fnhost.benchmarks.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueAndOfAnEvenCountTheMeanOfTheMiddleTwo() {
        assertEquals(3.0, Stats.median(List.of(5.0, 1.0, 3.0)));
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertTrue(Double.isNaN(Stats.median(List.of())));
    }

    @Test
    void percentileIsTheNearestRank() {
        List<Double> tenRuns = List.of(10.0, 1.0, 9.0, 2.0, 8.0, 3.0, 7.0, 4.0, 6.0, 5.0);
        assertEquals(9.0, Stats.percentile(tenRuns, 90));
        assertEquals(10.0, Stats.percentile(tenRuns, 100));
        assertEquals(1.0, Stats.percentile(tenRuns, 1));
        assertEquals(7.0, Stats.percentile(List.of(7.0), 90));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(tenRuns, 0));
    }
}
