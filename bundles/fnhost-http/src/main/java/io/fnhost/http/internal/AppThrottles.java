package io.fnhost.http.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * One {@link RequestThrottle} per app version, shared by that version's routes: Azure's limits apply to
 * a host (here: an app), not to a function. Counted references drop a throttle with its last route.
 */
final class AppThrottles {
    private static final class Entry {
        final RequestThrottle throttle;
        int references;

        Entry(RequestThrottle throttle) {
            this.throttle = throttle;
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();

    /** The app version's throttle, or {@code null} when both limits are unbounded (no bookkeeping at all). */
    synchronized RequestThrottle acquire(String app, long generation, int maxConcurrent, int maxOutstanding) {
        if (maxConcurrent <= 0 && maxOutstanding <= 0) {
            return null;
        }
        Entry e = entries.computeIfAbsent(key(app, generation), k -> new Entry(new RequestThrottle(maxConcurrent, maxOutstanding)));
        e.references++;
        return e.throttle;
    }

    synchronized void release(String app, long generation, RequestThrottle throttle) {
        if (throttle == null) {
            return;
        }
        String key = key(app, generation);
        Entry e = entries.get(key);
        if (e != null && e.throttle == throttle && --e.references == 0) {
            entries.remove(key);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private static String key(String app, long generation) {
        return app + '\u0000' + generation;
    }
}
