package io.fnhost.benchmarks.swap;

/**
 * One change of the app through the admin API and when it ran ({@link System#nanoTime()}).
 *
 * @param kind {@code publish} or {@code rollback}
 * @param target the index of the app version (and its expected body) the change switches to
 * @param status the admin API's HTTP status, or 0 when the call itself failed
 */
record AppChange(String kind, int target, long startNanos, long endNanos, int status) {
    /** Whether the admin API accepted the change (2xx). */
    boolean succeeded() {
        return status >= 200 && status < 300;
    }

    double millis() {
        return (endNanos - startNanos) / 1e6;
    }
}
