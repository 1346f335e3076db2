package io.fnhost.itests.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.FunctionState;

/**
 * App setting {@code AzureWebJobs.<name>.Disabled}: read at start, and when it changes at runtime the
 * core starts a new listener with the new value before it stops the old one.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DisabledFunctionTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    FunctionRuntime runtime;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    RecordingTriggerProvider httpTrigger;
    RecordingTriggerProvider kafkaTrigger;

    @BeforeEach
    void registerProviders() {
        httpTrigger = new RecordingTriggerProvider("httpTrigger");
        httpTrigger.register(context);
        new RecordingBindingProvider("http").register(context);
        kafkaTrigger = new RecordingTriggerProvider("kafkaTrigger");
        kafkaTrigger.register(context);
    }

    @AfterEach
    void deleteSettings() throws Exception {
        AppSettingsFixture.deleteAll(configAdmin);
    }

    @Test
    void disablingAndEnablingAtRuntimeStartsTheNewListenerBeforeStoppingTheOld() throws Exception {
        TestApps.install(context, "mixed");
        kafkaTrigger.awaitListening("mixed", "1.0.0", "kafka");
        assertThat(kafka().disabled).isFalse();
        assertThat(kafkaTrigger.events).containsExactly("start kafka disabled=false");

        AppSettingsFixture.set(configAdmin, "mixed", "AzureWebJobs.kafka.Disabled", "True");
        Await.until("kafka disabled", this::kafka, f -> f.disabled);
        Await.until("the listener swap", () -> List.copyOf(kafkaTrigger.events), e -> e.size() == 3);
        assertThat(kafkaTrigger.events).containsExactly("start kafka disabled=false", "start kafka disabled=true",
            "stop kafka disabled=false");
        assertThat(kafkaTrigger.listening("mixed", "1.0.0", "kafka")).get()
            .satisfies(l -> assertThat(l.invoker.function().disabled()).isTrue());
        assertThat(kafka().state).as("a disabled function keeps its state").isEqualTo(FunctionState.RUNNING);

        // the Linux spelling, value 0: enabled again
        AppSettingsFixture.set(configAdmin, "mixed", "AzureWebJobs_kafka_Disabled", "0");
        Await.until("kafka enabled", this::kafka, f -> !f.disabled);
        Await.until("the second swap", () -> List.copyOf(kafkaTrigger.events), e -> e.size() == 5);
        assertThat(kafkaTrigger.events.subList(3, 5)).containsExactly("start kafka disabled=false",
            "stop kafka disabled=true");
        assertThat(kafkaTrigger.listenersOf("mixed")).filteredOn(l -> !l.isStopped()).hasSize(1);
        assertThat(httpTrigger.events).as("the app's other function keeps its one listener")
            .containsExactly("start ok disabled=false");
    }

    @Test
    void aFunctionDisabledBeforeItsAppIsDeployedStartsDisabled() throws Exception {
        AppSettingsFixture.set(configAdmin, "Mixed", "azurewebjobs.OK.disabled", "1");
        TestApps.install(context, "mixed");
        RecordingTriggerProvider.Listener ok = httpTrigger.awaitListening("mixed", "1.0.0", "ok");
        assertThat(ok.invoker.function().disabled()).isTrue();
        assertThat(TestApps.function(runtime, "mixed", "ok").disabled).isTrue();
        assertThat(httpTrigger.events).containsExactly("start ok disabled=true");
        assertThat(kafka().disabled).isFalse();
    }

    private FunctionDTO kafka() {
        return TestApps.function(runtime, "mixed", "kafka");
    }
}
