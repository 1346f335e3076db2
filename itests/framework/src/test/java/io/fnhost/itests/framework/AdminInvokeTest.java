package io.fnhost.itests.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.InvocationRecordDTO;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.TriggerProvider;

/** {@link FunctionRuntime#invoke}: the admin API's way to run a non-HTTP function once. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class AdminInvokeTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    FunctionRuntime runtime;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    RecordingTriggerProvider kafka;
    ServiceRegistration<TriggerProvider> kafkaRegistration;

    @BeforeEach
    void installMixed() throws Exception {
        new RecordingTriggerProvider("httpTrigger").register(context);
        new RecordingBindingProvider("http").register(context);
        kafka = new RecordingTriggerProvider("kafkaTrigger");
        kafkaRegistration = kafka.register(context);
        TestApps.install(context, "mixed");
        Await.until("kafka RUNNING", () -> TestApps.function(runtime, "mixed", "kafka"),
            f -> f.state == FunctionState.RUNNING);
    }

    @AfterEach
    void deleteSettings() throws Exception {
        AppSettingsFixture.deleteAll(configAdmin);
    }

    @Test
    void runsTheFunctionWithTheInputAsItsTriggerValueOnAHostThread() throws Exception {
        InvocationResult result = runtime.invoke("KAFKA", "order 42").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        InvocationRecordDTO record = runtime.invocations("kafka", 1).get(0);
        assertThat(record.id).isEqualTo(result.invocationId());
        assertThat(record.trigger).isEqualTo("kafkaTrigger");
        assertThat(record.logs).containsExactly("INFO kafka event order 42");
        // the extension heard of the run before its result was handed back (it may write outputs then)
        assertThat(kafka.events).contains("adminInvocationDone kafka SUCCEEDED");
    }

    @Test
    void aDisabledFunctionCanStillBeInvokedAsInAzure() throws Exception {
        AppSettingsFixture.set(configAdmin, "mixed", "AzureWebJobs.kafka.Disabled", "true");
        Await.until("kafka disabled", () -> TestApps.function(runtime, "mixed", "kafka"), f -> f.disabled);

        InvocationResult result = runtime.invoke("kafka", "while disabled").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(result.succeeded()).isTrue();
    }

    @Test
    void refusesUnknownHttpAndNotRunningFunctionsWithAReason() {
        assertThatThrownBy(() -> runtime.invoke("noSuchFunction", "x")).isInstanceOf(NoSuchElementException.class)
            .hasMessageContaining("noSuchFunction");
        assertThatThrownBy(() -> runtime.invoke("ok", "x")).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("HTTP").hasMessageContaining("URL");
        assertThatThrownBy(() -> runtime.invoke("twoTriggers", "x")).isInstanceOf(IllegalStateException.class);

        kafkaRegistration.unregister();
        Await.until("kafka WAITING", () -> TestApps.function(runtime, "mixed", "kafka"),
            f -> f.state == FunctionState.WAITING);
        assertThatThrownBy(() -> runtime.invoke("kafka", "x")).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("WAITING").hasMessageContaining("kafkaTrigger");
    }
}
