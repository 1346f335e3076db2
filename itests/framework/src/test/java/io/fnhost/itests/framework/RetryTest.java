package io.fnhost.itests.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.dictionary.Dictionaries;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.fnhost.spi.BindingException;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.InvocationRecordDTO;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.TriggerData;
import io.fnhost.spi.TriggerListener;
import io.fnhost.spi.TriggerProvider;

/**
 * Retry policies and operator invocations end to end: the "retrying" test app (a host.json retry
 * policy and functions with their own) on a queueTrigger provider defined here, which also builds
 * the trigger data of admin invocations as a real queue trigger would (message metadata).
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class RetryTest {
    private static final String APP = "retrying";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    FunctionRuntime runtime;

    final QueueLikeTriggerProvider queue = new QueueLikeTriggerProvider();
    ServiceRegistration<TriggerProvider> queueRegistration;

    @BeforeEach
    void installRetrying() throws Exception {
        queueRegistration = queue.register(context);
        TestApps.install(context, APP);
        Await.until("retrying's functions RUNNING but misconfigured", () -> TestApps.statesOf(runtime, APP),
            states -> states.size() == 6 && states.entrySet().stream().allMatch(e -> e.getValue()
                == (e.getKey().startsWith("misconfigured@") ? FunctionState.ERROR : FunctionState.RUNNING)));
    }

    /** The newest records of {@code function}, oldest first. */
    private List<InvocationRecordDTO> attempts(String function, int count) {
        List<InvocationRecordDTO> newest = new java.util.ArrayList<>(runtime.invocations(function, count));
        java.util.Collections.reverse(newest);
        return newest;
    }

    private static String summary(InvocationRecordDTO r) {
        return r.retryCount + " " + r.status + " " + r.logs;
    }

    @Test
    void aTriggerEventIsRetriedOnTheListenersInvokerUntilItSucceeds() {
        FunctionInvoker invoker = queue.invoker("flaky");

        InvocationResult result = invoker.invoke(() -> "2");

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(attempts("flaky", 3)).extracting(RetryTest::summary).containsExactly(
            "0 FAILED [INFO attempt 0/4 previous=]",
            "1 FAILED [INFO attempt 1/4 previous=java.lang.IllegalStateException: not yet at attempt 0]",
            "2 SUCCEEDED [INFO attempt 2/4 previous=java.lang.IllegalStateException: not yet at attempt 1]");
        assertThat(attempts("flaky", 1).get(0).id).isEqualTo(result.invocationId());
    }

    @Test
    void hostJsonsPolicyAppliesToAFunctionWithoutItsOwn() {
        InvocationResult result = queue.invoker("fallible").invoke(() -> "order 7");

        assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(result.error()).hasMessage("cannot handle order 7");
        assertThat(runtime.invocations("fallible", 10)).extracting(r -> r.retryCount).containsExactly(2, 1, 0);
    }

    @Test
    void anAttemptPastFunctionTimeoutIsRecordedAsTimedOutAndRetried() {
        InvocationResult result = queue.invoker("slowOnce").invoke(() -> "x");

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        List<InvocationRecordDTO> attempts = attempts("slowOnce", 2);
        assertThat(attempts).extracting(r -> r.retryCount + " " + r.status).containsExactly("0 TIMED_OUT", "1 SUCCEEDED");
        assertThat(attempts.get(0).error).isEqualTo("io.fnhost.core.internal.invoke.FunctionTimeoutException: "
            + "Timeout value of 00:00:01 was exceeded by function: Functions.slowOnce");
        assertThat(attempts.get(1).logs).hasSize(1).first().asString()
            .startsWith("INFO attempt 1/1 previous=io.fnhost.core.internal.invoke.FunctionTimeoutException");
    }

    @Test
    void stoppingTheTriggerEndsRetriesThatWouldRunForever() throws Exception {
        FunctionInvoker invoker = queue.invoker("endless");
        CompletableFuture<InvocationResult> retrying = CompletableFuture.supplyAsync(() -> invoker.invoke(() -> "x"));
        Await.until("endless to have been retried", () -> runtime.invocations("endless", 10).size(), n -> n >= 3);
        // Like a real queue listener, stop() waits for the events in flight: the core must end their
        // retries first, or stop() would wait for ever.
        queue.inFlightOnStop = retrying;

        queueRegistration.unregister(); // the core stops every queueTrigger listener

        assertThat(queue.stopOutcomes).contains("endless: in-flight event finished before stop() returned");
        InvocationResult result = retrying.get(10, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(result.error()).hasMessage("down");
        assertThat(TestApps.function(runtime, APP, "endless").state).isEqualTo(FunctionState.WAITING);
    }

    @Test
    void anOperatorsInvocationGetsItsTriggerDataFromTheFunctionsTriggerProvider() throws Exception {
        InvocationResult result = runtime.invoke("dequeue", "hello").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(queue.adminInputs).containsExactly("dequeue:hello");
        assertThat(runtime.invocations("dequeue", 1).get(0).logs).containsExactly("INFO hello dequeueCount=1");
    }

    @Test
    void inputTheTriggerProviderRefusesFailsTheOperatorsInvocationWithItsReason() {
        CompletableFuture<InvocationResult> invocation = runtime.invoke("dequeue", "reject").toCompletableFuture();

        assertThat(invocation).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
            .withCauseInstanceOf(IllegalArgumentException.class).withMessageContaining("not a message this queue takes");
        assertThat(runtime.invocations("dequeue", 10)).noneMatch(r -> r.logs.toString().contains("reject"));
    }

    @Test
    void anOperatorsInvocationIsRetriedByTheFunctionsPolicy() throws Exception {
        InvocationResult result = runtime.invoke("flaky", "1").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(attempts("flaky", 2)).extracting(r -> r.retryCount + " " + r.status)
            .containsExactly("0 FAILED", "1 SUCCEEDED");
    }

    @Test
    void anInvalidRetryAttributePutsOnlyItsFunctionInErrorWithAReason() {
        FunctionDTO misconfigured = TestApps.function(runtime, APP, "misconfigured");

        assertThat(misconfigured.state).isEqualTo(FunctionState.ERROR);
        assertThat(misconfigured.stateMessage).startsWith("@ExponentialBackoffRetry of function 'misconfigured'")
            .contains("minimumInterval 00:00:10 greater than maximumInterval 00:00:01");
        assertThat(misconfigured.retry.maxRetryCount).isEqualTo(2);
    }

    /**
     * A queueTrigger provider as a test double: hands out the invokers it was started with, and answers
     * admin invocations with message-like trigger data (the input as the message, DequeueCount 1).
     */
    static final class QueueLikeTriggerProvider implements TriggerProvider {
        final Map<String, FunctionInvoker> invokers = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> adminInputs = new CopyOnWriteArrayList<>();
        final List<String> stopOutcomes = new CopyOnWriteArrayList<>();
        /** When set, each listener's stop() waits (bounded) for this in-flight event, as a queue listener would. */
        volatile CompletableFuture<?> inFlightOnStop;

        ServiceRegistration<TriggerProvider> register(BundleContext context) {
            return context.registerService(TriggerProvider.class, this,
                Dictionaries.dictionaryOf(TriggerProvider.BINDING_TYPE, "queueTrigger"));
        }

        FunctionInvoker invoker(String function) {
            return Await.until("a queueTrigger listener for " + function, () -> invokers.get(function),
                java.util.Objects::nonNull);
        }

        @Override
        public TriggerListener start(FunctionInvoker invoker) throws BindingException {
            String name = invoker.function().name();
            invokers.put(name, invoker);
            return () -> {
                invokers.remove(name, invoker);
                CompletableFuture<?> inFlight = inFlightOnStop;
                if (inFlight != null && name.equals("endless")) {
                    try {
                        inFlight.get(10, TimeUnit.SECONDS);
                        stopOutcomes.add(name + ": in-flight event finished before stop() returned");
                    } catch (Exception e) {
                        stopOutcomes.add(name + ": in-flight event still running when stop() gave up: " + e);
                    }
                }
            };
        }

        @Override
        public TriggerData adminInvocation(FunctionDescriptor function, String input) {
            if ("reject".equals(input)) {
                throw new IllegalArgumentException("'reject' is not a message this queue takes");
            }
            adminInputs.add(function.name() + ":" + input);
            return new TriggerData() {
                @Override
                public Object value() {
                    return input;
                }

                @Override
                public Object metadata(String name) {
                    return "DequeueCount".equals(name) ? 1 : null;
                }
            };
        }
    }
}
