package io.fnhost.benchmarks.invoke;

import java.util.List;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.fnhost.core.internal.invoke.AppContext;
import io.fnhost.core.internal.invoke.CompiledFunction;
import io.fnhost.core.internal.invoke.GsonValueConverter;
import io.fnhost.core.internal.invoke.IndexedDescriptor;
import io.fnhost.core.internal.invoke.InvocationRecords;
import io.fnhost.core.internal.invoke.TimeoutWatchdog;
import io.fnhost.core.internal.spec.FunctionIndexer;
import io.fnhost.core.internal.spec.IndexedFunction;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.TriggerData;

/**
 * The compiled invoker's overhead: {@link CompiledFunction#invoke} of a no-op function with a String
 * argument against a direct Java call of the same method, in one run. The invoker is built the way
 * fnhost-core builds it at deploy time (FunctionIndexer -> descriptor -> CompiledFunction.compile with an
 * AppContext holding the Gson converter, the invocation record ring and the timeout watchdog), on the
 * plain class path. Overhead = {@code invoke*} minus {@code direct*}; target: at most 1 microsecond.
 * <p>
 * Each invoke pays what every real invocation pays: an invocation id (random UUID text), the
 * ExecutionContext/result object, the argument array, the thread context class loader switch, the
 * watchdog registration, the in-flight counter and an invocation record added to the ring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class InvokerBenchmark {

    private TimeoutWatchdog watchdog;
    private CompiledFunction noop;
    private CompiledFunction noopStatic;
    private TriggerData trigger;
    /** not a constant, so the JIT cannot fold the argument */
    private String message;

    @Setup(Level.Trial)
    public void setUp() {
        watchdog = new TimeoutWatchdog();
        // as FunctionHost: 1000 records kept (its default), functionTimeout 5 minutes as examples/hello
        AppContext app = new AppContext("bench", "1.0.0", NoOpFunctions.class.getClassLoader(), null, 300_000,
                "00:05:00", new GsonValueConverter(), new InvocationRecords(1000), watchdog, "bench-node");
        List<IndexedFunction> indexed = new FunctionIndexer().index("bench", List.of(NoOpFunctions.class));
        noop = compile(indexed, "noop", app);
        noopStatic = compile(indexed, "noopStatic", app);
        message = "Ada";
        String value = message;
        trigger = new TriggerData() {
            @Override
            public Object value() {
                return value;
            }

            @Override
            public Object metadata(String name) {
                return null;
            }
        };
        // fail fast instead of measuring a failing path
        for (CompiledFunction f : List.of(noop, noopStatic)) {
            InvocationResult result = f.invoke(trigger);
            if (result.status() != InvocationStatus.SUCCEEDED) {
                throw new IllegalStateException(f.function().name() + ": " + result.status() + " " + result.error());
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        watchdog.close();
    }

    // ---- the baselines: the same methods called directly

    @Benchmark
    public void directCall() {
        new NoOpFunctions().noop(message);
    }

    @Benchmark
    public void directCallStatic() {
        NoOpFunctions.noopStatic(message);
    }

    // ---- through the compiled invoker

    @Benchmark
    public void invoke(Blackhole blackhole) {
        blackhole.consume(noop.invoke(trigger));
    }

    @Benchmark
    public void invokeStatic(Blackhole blackhole) {
        blackhole.consume(noopStatic.invoke(trigger));
    }

    // ---- the same invoker, but with an app context (record ring, watchdog) per thread: with -t 2 the
    // difference to invoke shows what sharing the host-wide ring and watchdog costs under contention

    /** One app context per benchmark thread. */
    @State(Scope.Thread)
    public static class PerThreadApp {
        TimeoutWatchdog watchdog;
        CompiledFunction noop;

        @Setup(Level.Trial)
        public void setUp() {
            watchdog = new TimeoutWatchdog();
            AppContext app = new AppContext("bench", "1.0.0", NoOpFunctions.class.getClassLoader(), null, 300_000,
                    "00:05:00", new GsonValueConverter(), new InvocationRecords(1000), watchdog, "bench-node");
            noop = compile(new FunctionIndexer().index("bench", List.of(NoOpFunctions.class)), "noop", app);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            watchdog.close();
        }
    }

    @Benchmark
    public void invokeOwnRecords(PerThreadApp perThread, Blackhole blackhole) {
        blackhole.consume(perThread.noop.invoke(trigger));
    }

    // ----

    private static CompiledFunction compile(List<IndexedFunction> functions, String name, AppContext app) {
        IndexedFunction function = functions.stream().filter(f -> f.dto().name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no function " + name + " indexed"));
        if (!function.valid()) {
            throw new IllegalStateException(name + " is invalid: " + function.dto().stateMessage);
        }
        return CompiledFunction.compile(function.method(), new IndexedDescriptor("bench", function), app);
    }
}
