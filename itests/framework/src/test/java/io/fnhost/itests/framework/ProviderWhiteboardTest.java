package io.fnhost.itests.framework;

import static io.fnhost.spi.FunctionState.ERROR;
import static io.fnhost.spi.FunctionState.RUNNING;
import static io.fnhost.spi.FunctionState.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.TriggerProvider;
import io.fnhost.spi.ValueConverter;

/** How functions follow the trigger and binding providers on the whiteboard. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ProviderWhiteboardTest {
    static final String APP = "greeter";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    FunctionRuntime runtime;

    @Test
    void coreRegistersItsServices(@InjectService(timeout = 10_000) ServiceAware<ValueConverter> converter) {
        assertThat(converter.getService()).as("ValueConverter service").isNotNull();
        assertThat(converter.getServiceReference().getBundle().getSymbolicName()).isEqualTo("io.fnhost.core");
    }

    @Test
    void withoutProvidersEveryFunctionWaitsAndNamesWhatItWaitsFor(
            @InjectService(cardinality = 0) ServiceAware<TriggerProvider> triggerProviders) throws Exception {
        assertThat(triggerProviders.isEmpty()).as("no trigger provider registered").isTrue();
        TestApps.install(context, "greeter-v1");

        TestApps.awaitStates(runtime, APP, Map.of("greet@1.0.0", WAITING, "legacy@1.0.0", WAITING, "slow@1.0.0", WAITING));
        for (String name : new String[] {"greet", "legacy"}) {
            FunctionDTO f = TestApps.function(runtime, APP, name);
            assertThat(f.waitingFor).as("%s waits for", name).containsExactlyInAnyOrder("httpTrigger", "http");
            assertThat(f.stateMessage).as("%s's message", name).contains("httpTrigger");
        }

        // a binding provider alone is not enough
        new RecordingBindingProvider("http").register(context);
        FunctionDTO greet = Await.until("greet waiting for httpTrigger only",
            () -> TestApps.function(runtime, APP, "greet"), f -> !f.waitingFor.contains("http"));
        assertThat(greet.state).isEqualTo(WAITING);
        assertThat(greet.waitingFor).containsExactly("httpTrigger");

        new RecordingTriggerProvider("httpTrigger").register(context);
        TestApps.awaitStates(runtime, APP, Map.of("greet@1.0.0", RUNNING, "legacy@1.0.0", RUNNING, "slow@1.0.0", RUNNING));
    }

    @Test
    void triggerRefusingAFunctionMakesItAnErrorAndLeavesItsSiblingsRunning() throws Exception {
        String refusal = "test trigger refuses legacy: its route is taken";
        RecordingTriggerProvider httpTrigger = new RecordingTriggerProvider("httpTrigger").refuse("legacy", refusal);
        httpTrigger.register(context);
        new RecordingBindingProvider("http").register(context);

        TestApps.install(context, "greeter-v1");

        TestApps.awaitStates(runtime, APP, Map.of("greet@1.0.0", RUNNING, "legacy@1.0.0", ERROR, "slow@1.0.0", RUNNING));
        assertThat(TestApps.function(runtime, APP, "legacy").stateMessage).contains(refusal);
        assertThat(httpTrigger.listening(APP, "1.0.0", "greet")).isPresent();
    }
}
