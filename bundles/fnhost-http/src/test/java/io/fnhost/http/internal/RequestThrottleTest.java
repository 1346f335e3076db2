package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The counting rules of {@link RequestThrottle}, single-threaded. */
class RequestThrottleTest {

    @Test
    void outstandingBoundRefusesOnlyTheExcess() {
        RequestThrottle t = new RequestThrottle(-1, 2);
        assertThat(t.admit()).isTrue();
        assertThat(t.admit()).isTrue();
        assertThat(t.admit()).isFalse();
        assertThat(t.outstanding()).isEqualTo(2);
        assertThat(t.tryStart()).isTrue();
        t.finish();
        assertThat(t.admit()).isTrue();
    }

    @Test
    void concurrencyBoundQueuesAndResumesInArrivalOrder() {
        RequestThrottle t = new RequestThrottle(1, -1);
        List<String> resumed = new ArrayList<>();
        assertThat(t.admit() && t.tryStart()).isTrue();
        assertThat(t.admit()).isTrue();
        assertThat(t.tryStart()).isFalse();
        t.enqueue(() -> resumed.add("second"));
        assertThat(t.admit()).isTrue();
        assertThat(t.tryStart()).isFalse();
        t.enqueue(() -> resumed.add("third"));
        assertThat(resumed).isEmpty();
        assertThat(t.waiting()).isEqualTo(2);

        t.finish(); // the first ends: the second takes its slot
        assertThat(resumed).containsExactly("second");
        assertThat(t.executing()).isEqualTo(1);
        t.finish();
        assertThat(resumed).containsExactly("second", "third");
        t.finish();
        assertThat(t.executing()).isZero();
        assertThat(t.outstanding()).isZero();
        assertThat(t.waiting()).isZero();
    }

    @Test
    void anEntryQueuedAfterASlotFreedIsStartedAtOnce() {
        RequestThrottle t = new RequestThrottle(1, -1);
        List<String> resumed = new ArrayList<>();
        assertThat(t.admit() && t.tryStart()).isTrue();
        assertThat(t.admit()).isTrue();
        assertThat(t.tryStart()).isFalse();
        t.finish(); // frees the slot before the second request got to enqueue
        t.enqueue(() -> resumed.add("second"));
        assertThat(resumed).containsExactly("second");
        assertThat(t.executing()).isEqualTo(1);
    }

    @Test
    void zeroOrNegativeLimitsMeanUnbounded() {
        RequestThrottle t = new RequestThrottle(0, -1);
        assertThat(t.maxConcurrent()).isEqualTo(RequestThrottle.UNBOUNDED);
        assertThat(t.maxOutstanding()).isEqualTo(RequestThrottle.UNBOUNDED);
        for (int i = 0; i < 1000; i++) {
            assertThat(t.admit() && t.tryStart()).isTrue();
        }
    }

    @Test
    void appThrottlesAreSharedPerAppVersionAndDroppedWithTheLastRoute() {
        AppThrottles throttles = new AppThrottles();
        assertThat(throttles.acquire("a", 1, -1, -1)).isNull();
        RequestThrottle first = throttles.acquire("a", 1, 2, 4);
        RequestThrottle second = throttles.acquire("a", 1, 2, 4);
        RequestThrottle next = throttles.acquire("a", 2, 2, 4);
        assertThat(second).isSameAs(first);
        assertThat(next).isNotSameAs(first);
        throttles.release("a", 1, first);
        assertThat(throttles.size()).isEqualTo(2);
        throttles.release("a", 1, second);
        throttles.release("a", 2, next);
        assertThat(throttles.size()).isZero();
    }
}
