package io.fnhost.itests.framework;

import static io.fnhost.spi.FunctionState.ERROR;
import static io.fnhost.spi.FunctionState.RUNNING;
import static io.fnhost.spi.FunctionState.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.TriggerProvider;

/**
 * One app with a valid function beside invalid and unprovided ones (itests/apps/mixed): each bad
 * function is marked on its own, with a reason, and the valid one runs.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class MixedAppTest {
    static final String APP = "mixed";
    static final Map<String, FunctionState> WITH_HTTP_ONLY = Map.of(
        "ok@1.0.0", RUNNING,
        "twoTriggers@1.0.0", ERROR,
        "1bad@1.0.0", ERROR,
        "overloaded@1.0.0", ERROR,
        "kafka@1.0.0", WAITING);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    FunctionRuntime runtime;

    RecordingTriggerProvider httpTrigger;

    @BeforeEach
    void installAppWithHttpProviders() throws Exception {
        httpTrigger = new RecordingTriggerProvider("httpTrigger");
        httpTrigger.register(context);
        new RecordingBindingProvider("http").register(context);
        TestApps.install(context, "mixed");
    }

    @Test
    void invalidFunctionsAreErrorsNamingTheirProblemAndTheValidOneRuns() {
        TestApps.awaitStates(runtime, APP, WITH_HTTP_ONLY);

        assertThat(error("twoTriggers")).as("twoTriggers' message").containsIgnoringCase("trigger");
        assertThat(error("1bad")).as("1bad's message").containsIgnoringCase("name");
        assertThat(error("overloaded")).as("overloaded's message")
            .containsIgnoringCase("overloaded")
            .containsPattern("(?i)overload|ambiguous|more than one|several|multiple|[2-9] methods");

        FunctionDTO ok = TestApps.function(runtime, APP, "ok");
        assertThat(ok.stateMessage).isNull();
        assertThat(ok.waitingFor).isEmpty();
        httpTrigger.awaitListening(APP, "1.0.0", "ok");
        assertThat(httpTrigger.listenersOf(APP)).as("listeners started for app mixed")
            .extracting(l -> l.invoker.function().name()).containsExactly("ok");
    }

    @Test
    void functionWaitsForItsTriggerTypeAndFollowsItsProvider() {
        TestApps.awaitStates(runtime, APP, WITH_HTTP_ONLY);
        FunctionDTO kafka = TestApps.function(runtime, APP, "kafka");
        assertThat(kafka.waitingFor).containsExactly("kafkaTrigger");
        assertThat(kafka.stateMessage).as("kafka's message").contains("kafkaTrigger");

        RecordingTriggerProvider kafkaTrigger = new RecordingTriggerProvider("kafkaTrigger");
        ServiceRegistration<TriggerProvider> registration = kafkaTrigger.register(context);

        Await.until("kafka RUNNING", () -> TestApps.function(runtime, APP, "kafka"), f -> f.state == RUNNING);
        RecordingTriggerProvider.Listener listener = kafkaTrigger.awaitListening(APP, "1.0.0", "kafka");
        assertThat(TestApps.function(runtime, APP, "kafka").waitingFor).isEmpty();

        registration.unregister();

        FunctionDTO waiting = Await.until("kafka WAITING again", () -> TestApps.function(runtime, APP, "kafka"),
            f -> f.state == WAITING);
        assertThat(waiting.waitingFor).containsExactly("kafkaTrigger");
        assertThat(listener.isStopped()).as("kafka listener stopped when its provider left").isTrue();
        assertThat(TestApps.statesOf(runtime, APP)).isEqualTo(WITH_HTTP_ONLY);
    }

    private String error(String name) {
        FunctionDTO f = TestApps.function(runtime, APP, name);
        assertThat(f.state).as("state of " + name).isEqualTo(ERROR);
        assertThat(f.stateMessage).as("message of " + name).isNotBlank();
        return f.stateMessage;
    }
}
