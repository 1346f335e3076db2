package io.fnhost.itests.framework;

import static io.fnhost.spi.FunctionState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.InvocationResult;

/**
 * An app that ships its own {@code FunctionInstanceInjector} in META-INF/services, as Azure's Java worker
 * finds it: fnhost looks it up with the app bundle's class loader and lets it create the function
 * instances, so a function class without a public no-argument constructor is valid and runs.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class InstanceInjectorTest {
    static final String APP = "injected";

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
    void instancesComeFromTheAppsInjector() throws Exception {
        TestApps.install(context, "injected");

        TestApps.awaitStates(runtime, APP, Map.of("salute@1.0.0", RUNNING));
        InvocationResult result = httpTrigger.awaitListening(APP, "1.0.0", "salute").invoker
            .invoke(TestHttpRequest.get("salute/Ann", Map.of("name", "Ann")));

        assertThat(result.error()).as("invocation error").isNull();
        assertThat(result.output(BindingDTO.RETURN)).isEqualTo("Injected hello, Ann");
    }
}
