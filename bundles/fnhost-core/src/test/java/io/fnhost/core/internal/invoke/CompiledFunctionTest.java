package io.fnhost.core.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

import io.fnhost.core.internal.spec.FunctionIndexer;
import io.fnhost.core.internal.spec.IndexedFunction;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.BindingHandler;
import io.fnhost.spi.InvocationRecordDTO;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.TriggerData;

class CompiledFunctionTest {

    private final GsonValueConverter converter = new GsonValueConverter();
    private final InvocationRecords records = new InvocationRecords(100);
    private final TimeoutWatchdog watchdog = new TimeoutWatchdog();

    @AfterEach
    void closeWatchdog() {
        watchdog.close();
    }

    private AppContext app(long timeoutMillis, FunctionInstanceInjector injector) {
        return new AppContext("samples", "1.0.0", getClass().getClassLoader(), injector, timeoutMillis, "00:00:01",
                converter, records, watchdog, "node-1");
    }

    private CompiledFunction compile(Class<?> type, String function, AppContext app) {
        IndexedFunction indexed = new FunctionIndexer().index("samples", List.of(type)).stream()
                .filter(f -> f.dto().name.equals(function)).findFirst().orElseThrow();
        assertThat(indexed.valid()).as(String.valueOf(indexed.dto().stateMessage)).isTrue();
        return CompiledFunction.compile(indexed.method(), new IndexedDescriptor("samples", indexed), app);
    }

    private CompiledFunction compile(String function) {
        return compile(SampleFunctions.class, function, app(60_000, null));
    }

    private static TriggerData trigger(Object value, Map<String, Object> metadata) {
        return new TriggerData() {
            @Override
            public Object value() {
                return value;
            }

            @Override
            public Object metadata(String name) {
                return metadata.get(name);
            }
        };
    }

    @Test
    void newInstancePerInvocationContextLoaderReturnValueAndRecord() {
        CompiledFunction echo = compile("echo");
        int before = SampleFunctions.INSTANCES.get();
        InvocationResult first = echo.invoke(trigger("hi", Map.of()));
        InvocationResult second = echo.invoke(trigger("ho", Map.of()));

        assertThat(first.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(first.output(BindingDTO.RETURN)).isEqualTo("hi!");
        assertThat(second.output(BindingDTO.RETURN)).isEqualTo("ho!");
        assertThat(first.invocationId()).isNotEqualTo(second.invocationId())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(SampleFunctions.INSTANCES.get() - before).isEqualTo(2);
        assertThat(SampleFunctions.seenLoader).isSameAs(getClass().getClassLoader());

        InvocationRecordDTO record = records.newest("echo", 1).get(0);
        assertThat(record.id).isEqualTo(second.invocationId());
        assertThat(record.app).isEqualTo("samples");
        assertThat(record.trigger).isEqualTo("queueTrigger");
        assertThat(record.node).isEqualTo("node-1");
        assertThat(record.status).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(record.logs).containsExactly("INFO got ho");
        assertThat(record.durationMicros).isGreaterThanOrEqualTo(0);
    }

    @Test
    void logLinesFollowTheLevelOfTheFunctionsCategory() {
        // pom.xml sets the SLF4J level of Function.quiet to WARN, as `log:set WARN Function.quiet` would in Karaf
        InvocationResult result = compile("quiet").invoke(trigger("x", Map.of()));
        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(records.newest("quiet", 1).get(0).logs).containsExactly("WARNING wanted x");
    }

    @Test
    void aRetiredAppVersionStartsNoInvocation() {
        AppContext app = app(60_000, null);
        CompiledFunction echo = compile(SampleFunctions.class, "echo", app);
        int before = SampleFunctions.INSTANCES.get();
        int recorded = records.newest(null, 1000).size();
        app.retire();

        InvocationResult result = echo.invoke(trigger("late", Map.of()));

        assertThat(result.status()).isEqualTo(InvocationStatus.RETIRED);
        assertThat(result.succeeded()).isFalse();
        assertThat(SampleFunctions.INSTANCES.get()).as("function instances created").isEqualTo(before);
        assertThat(app.inFlight()).isZero();
        assertThat(records.newest(null, 1000)).as("records").hasSize(recorded);
    }

    @Test
    void staticMethodWithPojoFromJson() {
        SampleFunctions.INSTANCES.set(0);
        InvocationResult result = compile("order").invoke(trigger("{\"id\":\"x\",\"quantity\":21}", Map.of()));
        assertThat(result.output(BindingDTO.RETURN)).isEqualTo(42);
        assertThat(SampleFunctions.INSTANCES.get()).isZero();
    }

    @Test
    void bindingNameReadsTriggerMetadataWithConversion() {
        InvocationResult result = compile("metadata").invoke(trigger("m", Map.of("DequeueCount", "3")));
        assertThat(result.output(BindingDTO.RETURN)).isEqualTo("m:3:false");
    }

    @Test
    void missingMetadataFailsTheInvocationAsTheWorkerDoes() {
        InvocationResult result = compile("strict").invoke(trigger("m", Map.of()));
        assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(result.error()).hasMessageContaining("Cannot find matched @BindingName, name: Absent");
    }

    @Test
    void outputBindingValuesReachTheirHandlerOnlyOnSuccess() {
        List<Object> written = new ArrayList<>();
        BindingHandler handler = new BindingHandler() {
            @Override
            public void write(String invocationId, Object value) {
                written.add(value);
            }
        };
        CompiledFunction copy = compile("copy");
        copy.attach(Map.of("out", handler));
        InvocationResult ok = copy.invoke(trigger("abc", Map.of()));
        assertThat(ok.output("out")).isEqualTo("ABC");
        assertThat(copy.invoke(trigger(null, Map.of())).output("out")).isEqualTo("NONE");

        CompiledFunction failing = compile("copyThenFail");
        failing.attach(Map.of("out", handler));
        InvocationResult failed = failing.invoke(trigger("x", Map.of()));
        assertThat(failed.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(failed.error()).isInstanceOf(IllegalStateException.class).hasMessage("boom: x");
        assertThat(written).containsExactly("ABC", "NONE");
        assertThat(records.newest("copyThenFail", 1).get(0).error)
                .isEqualTo("java.lang.IllegalStateException: boom: x");
    }

    @Test
    void timeoutInterruptsAndReportsTimedOutWithoutLeavingTheThreadInterrupted() {
        CompiledFunction sleepy = compile(SampleFunctions.class, "sleepy", app(200, null));
        InvocationResult result = sleepy.invoke(trigger("z", Map.of()));
        assertThat(result.status()).isEqualTo(InvocationStatus.TIMED_OUT);
        assertThat(result.error()).isInstanceOf(FunctionTimeoutException.class)
                .hasMessage("Timeout value of 00:00:01 was exceeded by function: Functions.sleepy");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void appInjectorCreatesInstances() {
        AtomicInteger asked = new AtomicInteger();
        FunctionInstanceInjector injector = new FunctionInstanceInjector() {
            @Override
            public <T> T getInstance(Class<T> functionClass) throws Exception {
                asked.incrementAndGet();
                return functionClass.getConstructor().newInstance();
            }
        };
        CompiledFunction echo = compile(SampleFunctions.class, "echo", app(60_000, injector));
        echo.invoke(trigger("a", Map.of()));
        assertThat(asked.get()).isEqualTo(1);
    }

    @Test
    void unboundParameterAndMissingConstructorAreCompileErrors() {
        assertThatThrownBy(() -> compile("unbound"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'stray'").hasMessageContaining("no binding annotation");
        // The indexer already refuses it, with the worker's reason.
        IndexedFunction needsCtor = new FunctionIndexer().index("samples", List.of(NoDefaultConstructor.class)).get(0);
        assertThat(needsCtor.valid()).isFalse();
        assertThat(needsCtor.dto().stateMessage).contains("public no-argument constructor");
    }
}
