package io.fnhost.itests.framework;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a probe until its value satisfies a condition or a deadline passes. The core publishes no
 * change events for function states, so tests poll its read API; on timeout the last value seen is
 * in the failure message, which is what a reader needs to tell a slow core from a wrong one.
 */
final class Await {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private Await() {
    }

    static <T> T until(String what, Supplier<T> probe, Predicate<? super T> done) {
        return until(what, probe, done, TIMEOUT);
    }

    static <T> T until(String what, Supplier<T> probe, Predicate<? super T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + what
                    + "; last seen: " + value);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
