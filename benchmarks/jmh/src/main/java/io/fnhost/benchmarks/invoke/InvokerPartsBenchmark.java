package io.fnhost.benchmarks.invoke;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.fnhost.core.internal.invoke.InvocationRecords;
import io.fnhost.spi.InvocationRecordDTO;
import io.fnhost.spi.InvocationStatus;

/**
 * A cost model of what {@code CompiledFunction.invoke} does besides the call, step by step, rebuilt
 * from the same JDK and fnhost pieces (Invocation itself is package-private): where the ~200 ns of
 * {@link InvokerBenchmark} go, and which step suffers when two threads invoke at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class InvokerPartsBenchmark {

    private final InvocationRecords records = new InvocationRecords(1000);
    private final Set<Object> running = ConcurrentHashMap.newKeySet();
    private final ClassLoader appLoader = new ClassLoader(getClass().getClassLoader()) { };

    /** Invocation id: a random v4 UUID as text, as Invocation.newId() makes it. */
    @Benchmark
    public String invocationId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** The timeout watchdog's registration: add to and remove from a concurrent set shared by the host. */
    @Benchmark
    public boolean watchdogRegistration() {
        Object invocation = new Object();
        running.add(invocation);
        return running.remove(invocation);
    }

    /** The invocation record: a new DTO added to the host-wide ring (a synchronized method). */
    @Benchmark
    public InvocationRecordDTO record() {
        InvocationRecordDTO record = new InvocationRecordDTO();
        record.id = "00000000-0000-4000-8000-000000000000";
        record.app = "bench";
        record.function = "noop";
        record.start = System.currentTimeMillis();
        record.durationMicros = 1;
        record.status = InvocationStatus.SUCCEEDED;
        records.add(record);
        return record;
    }

    /** The clocks read per invocation: currentTimeMillis for the record's start, nanoTime twice for the duration. */
    @Benchmark
    public long clocks() {
        return System.currentTimeMillis() + System.nanoTime() + System.nanoTime();
    }

    /** The thread context class loader switch to the app's loader and back. */
    @Benchmark
    public ClassLoader contextClassLoaderSwitch() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(appLoader);
        thread.setContextClassLoader(previous);
        return previous;
    }
}
