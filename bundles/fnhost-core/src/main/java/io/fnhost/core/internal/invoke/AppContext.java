package io.fnhost.core.internal.invoke;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

import io.fnhost.spi.ValueConverter;

/**
 * What the functions of one deployed app version share: its class loader, instance injector,
 * timeout, in-flight count, and the host services that record invocations.
 */
public final class AppContext {
    final String app;
    final String appVersion;
    final ClassLoader classLoader;
    final FunctionInstanceInjector injector;
    final long timeoutNanos;
    final String timeoutText;
    final ValueConverter converter;
    final InvocationRecords records;
    final TimeoutWatchdog watchdog;
    final String node;
    final LongAdder inFlight = new LongAdder();
    private volatile boolean retired;

    /**
     * @param injector the app's own {@code FunctionInstanceInjector} or {@code null} for new instances
     * @param timeoutMillis {@code functionTimeout}; negative means unbounded
     */
    public AppContext(String app, String appVersion, ClassLoader classLoader, FunctionInstanceInjector injector,
            long timeoutMillis, String timeoutText, ValueConverter converter, InvocationRecords records,
            TimeoutWatchdog watchdog, String node) {
        this.app = app;
        this.appVersion = appVersion;
        this.classLoader = classLoader;
        this.injector = injector;
        this.timeoutNanos = timeoutMillis < 0 ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.timeoutText = timeoutText;
        this.converter = converter;
        this.records = records;
        this.watchdog = watchdog;
        this.node = node;
    }

    /** Invocations of this app version running now. */
    public long inFlight() {
        return inFlight.sum();
    }

    /**
     * From now on invocations are refused as {@code RETIRED}. Call before draining: an invocation either
     * counted itself in flight before this (and is waited for) or sees the flag and does not start.
     */
    public void retire() {
        retired = true;
    }

    boolean retired() {
        return retired;
    }
}
