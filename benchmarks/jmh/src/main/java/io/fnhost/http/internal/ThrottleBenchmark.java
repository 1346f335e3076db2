package io.fnhost.http.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the host.json throttle costs a request that passes it: {@link RequestThrottle#admit},
 * {@link RequestThrottle#tryStart} and {@link RequestThrottle#finish}, as the dispatcher calls them
 * around every request of an app with {@code maxConcurrentRequests}/{@code maxOutstandingRequests} set.
 * One throttle is shared by all benchmark threads, as one app's throttle is shared by all request
 * threads: run with {@code -t 1} (uncontended) and {@code -t 2} (two request threads at once).
 * <ul>
 * <li>{@code bothLimits}: both limits set (CAS loops on both counters);</li>
 * <li>{@code concurrencyLimitOnly}: only {@code maxConcurrentRequests} (the outstanding count is a plain
 * increment);</li>
 * <li>{@code baselineAtomicPair}: one {@code AtomicInteger} increment and decrement on a shared counter,
 * the least any shared in-flight count costs.</li>
 * </ul>
 * The limits are far above the thread count, so every request is admitted and started at once: the
 * 429 and wait paths are not measured. Apps without limits have no throttle at all (no cost).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ThrottleBenchmark {

    private RequestThrottle both;
    private RequestThrottle concurrencyOnly;
    private AtomicInteger inFlight;

    @Setup(Level.Trial)
    public void setUp() {
        both = new RequestThrottle(100, 200);
        concurrencyOnly = new RequestThrottle(100, RequestThrottle.UNBOUNDED);
        inFlight = new AtomicInteger();
    }

    @Benchmark
    public boolean bothLimits() {
        return pass(both);
    }

    @Benchmark
    public boolean concurrencyLimitOnly() {
        return pass(concurrencyOnly);
    }

    @Benchmark
    public int baselineAtomicPair() {
        inFlight.incrementAndGet();
        return inFlight.decrementAndGet();
    }

    /** The dispatcher's sequence for a request that is admitted and gets a slot at once. */
    private static boolean pass(RequestThrottle throttle) {
        if (!throttle.admit()) {
            throw new IllegalStateException("refused: the benchmark's limits are far above its thread count");
        }
        if (!throttle.tryStart()) {
            throw new IllegalStateException("no slot: the benchmark's limits are far above its thread count");
        }
        throttle.finish();
        return true;
    }
}
