package io.fnhost.examples.orders;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Orders fulfilled since the last report. Static on purpose: Azure creates a new function instance per
 * call and keeps static fields for the life of the app's process (fnhost: of the app version), which
 * Azure's samples rely on for exactly this kind of in-memory counter.
 */
final class OrderStats {
    static final AtomicLong FULFILLED = new AtomicLong();

    private OrderStats() {
    }
}
