package io.fnhost.core.internal.invoke;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

import io.fnhost.spi.ValueConverter;

/**
 * What the functions of one deployed app version share: its class loader, instance injector,
 * timeout, default retry policy, in-flight count, and the host services that record invocations.
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
    /** host.json {@code retry}: the policy of functions without a retry annotation; null for none. */
    final RetryPolicy defaultRetry;
    final RetryTiming retryTiming;
    /** Signalled on {@link #retire()}: retries of this version's events give up. */
    final StopSignal retiredSignal = new StopSignal();
    final LongAdder inFlight = new LongAdder();
    private volatile boolean retired;

    /**
     * How retries wait and where the exponential strategy's jitter comes from; tests replace both.
     *
     * @param pause waits between attempts
     * @param unitRandom uniform random numbers in [0, 1)
     */
    public record RetryTiming(RetryPause pause, DoubleSupplier unitRandom) {
        /** Real waiting (until the delay passes or the retries are stopped) and real randomness. */
        public static final RetryTiming REAL = new RetryTiming(RetryPause.UNTIL_STOPPED,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param injector the app's own {@code FunctionInstanceInjector} or {@code null} for new instances
     * @param timeoutMillis {@code functionTimeout}; negative means unbounded
     */
    public AppContext(String app, String appVersion, ClassLoader classLoader, FunctionInstanceInjector injector,
            long timeoutMillis, String timeoutText, ValueConverter converter, InvocationRecords records,
            TimeoutWatchdog watchdog, String node) {
        this(app, appVersion, classLoader, injector, timeoutMillis, timeoutText, converter, records, watchdog, node,
                null, RetryTiming.REAL);
    }

    /**
     * @param defaultRetry host.json's {@code retry} policy, or {@code null}
     * @param retryTiming {@link RetryTiming#REAL} outside tests
     */
    public AppContext(String app, String appVersion, ClassLoader classLoader, FunctionInstanceInjector injector,
            long timeoutMillis, String timeoutText, ValueConverter converter, InvocationRecords records,
            TimeoutWatchdog watchdog, String node, RetryPolicy defaultRetry, RetryTiming retryTiming) {
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
        this.defaultRetry = defaultRetry;
        this.retryTiming = retryTiming;
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
        retiredSignal.stop();
    }

    boolean retired() {
        return retired;
    }
}
