package io.fnhost.itests.framework;

import static io.fnhost.spi.FunctionState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.InvocationRecordDTO;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;

/**
 * The extender's life cycle of one function app: install, invoke, update to a new version, uninstall.
 * The test bundle plays the HTTP extension: it provides httpTrigger and http and invokes the functions
 * through the invokers the core starts it with.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class GreeterLifecycleTest {
    static final String APP = "greeter";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    FunctionRuntime runtime;

    RecordingTriggerProvider httpTrigger;

    @BeforeEach
    void registerHttpProviders() {
        httpTrigger = new RecordingTriggerProvider("httpTrigger");
        httpTrigger.register(context);
        new RecordingBindingProvider("http").register(context);
    }

    @Test
    void installedAppRunsAndItsInvocationsLeaveRecords() throws Exception {
        Bundle app = TestApps.install(context, "greeter-v1");

        TestApps.awaitStates(runtime, APP, Map.of("greet@1.0.0", RUNNING, "legacy@1.0.0", RUNNING, "slow@1.0.0", RUNNING));
        FunctionDTO greet = TestApps.function(runtime, APP, "greet");
        assertThat(greet.bundleId).isEqualTo(app.getBundleId());
        assertThat(greet.entryPoint).isEqualTo("io.fnhost.itests.greeter.Greeter.greet");
        assertThat(greet.bindings).extracting(b -> b.type + ":" + b.direction + ":" + b.name)
            .containsExactly("httpTrigger:in:req", "http:out:" + BindingDTO.RETURN);

        FunctionInvoker invoker = httpTrigger.awaitListening(APP, "1.0.0", "greet").invoker;
        long before = System.currentTimeMillis();
        InvocationResult result = invoker.invoke(TestHttpRequest.get("greet/Ann", Map.of("name", "Ann")));
        long after = System.currentTimeMillis();

        assertThat(result.error()).as("invocation error").isNull();
        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(result.output(BindingDTO.RETURN)).isEqualTo("v1: Hello, Ann");

        InvocationRecordDTO record = awaitRecord(result.invocationId());
        assertThat(record.status).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(record.app).isEqualTo(APP);
        assertThat(record.appVersion).isEqualTo("1.0.0");
        assertThat(record.function).isEqualTo("greet");
        assertThat(record.trigger).isEqualTo("httpTrigger");
        assertThat(record.error).isNull();
        assertThat(record.logs).as("log lines of the invocation").anySatisfy(line -> assertThat(line).contains("greeting Ann"));
        assertThat(record.durationMicros).as("duration").isPositive();
        assertThat(record.start).as("start").isBetween(before, after);
    }

    @Test
    void updatingTheBundleReplacesItsFunctions() throws Exception {
        Bundle app = TestApps.install(context, "greeter-v1");
        TestApps.awaitStates(runtime, APP, Map.of("greet@1.0.0", RUNNING, "legacy@1.0.0", RUNNING, "slow@1.0.0", RUNNING));
        RecordingTriggerProvider.Listener greetV1 = httpTrigger.awaitListening(APP, "1.0.0", "greet");
        RecordingTriggerProvider.Listener legacyV1 = httpTrigger.awaitListening(APP, "1.0.0", "legacy");

        TestApps.update(app, context, "greeter-v2");

        TestApps.awaitStates(runtime, APP, Map.of("greet@2.0.0", RUNNING, "added@2.0.0", RUNNING, "slow@2.0.0", RUNNING));
        FunctionInvoker greetV2 = httpTrigger.awaitListening(APP, "2.0.0", "greet").invoker;
        InvocationResult result = greetV2.invoke(TestHttpRequest.get("greet/Bob", Map.of("name", "Bob")));
        assertThat(result.error()).as("invocation error").isNull();
        assertThat(result.output(BindingDTO.RETURN)).isEqualTo("v2: Hello, Bob");
        httpTrigger.awaitListening(APP, "2.0.0", "added");

        Await.until("version 1 listeners stopped", () -> List.of(greetV1, legacyV1),
            listeners -> listeners.stream().allMatch(RecordingTriggerProvider.Listener::isStopped));
        assertThat(httpTrigger.listening(APP, "2.0.0", "legacy")).as("a legacy listener for version 2").isEmpty();
    }

    @Test
    void uninstallingTheBundleRemovesItsFunctionsAndStopsTheirListeners() throws Exception {
        Bundle app = TestApps.install(context, "greeter-v1");
        TestApps.awaitStates(runtime, APP, Map.of("greet@1.0.0", RUNNING, "legacy@1.0.0", RUNNING, "slow@1.0.0", RUNNING));
        httpTrigger.awaitListening(APP, "1.0.0", "greet");
        httpTrigger.awaitListening(APP, "1.0.0", "legacy");

        app.uninstall();

        TestApps.awaitStates(runtime, APP, Map.of());
        Await.until("every greeter listener stopped", () -> httpTrigger.listenersOf(APP),
            listeners -> listeners.stream().allMatch(RecordingTriggerProvider.Listener::isStopped));
        assertThat(httpTrigger.listenersOf(APP)).hasSize(3);
    }

    private InvocationRecordDTO awaitRecord(String invocationId) {
        return Await.until("invocation record " + invocationId, () -> runtime.invocations("greet", 100),
            records -> records.stream().anyMatch(r -> invocationId.equals(r.id)))
            .stream().filter(r -> invocationId.equals(r.id)).findFirst().get();
    }
}
