package io.fnhost.core.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fnhost.core.internal.spec.FunctionIndexer;
import io.fnhost.core.internal.spec.IndexedFunction;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.InvocationRecordDTO;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.TriggerData;

/** Retries inside {@link CompiledFunction#invoke}: attempts, delays, RetryContext, records, stopping. */
class RetryingInvocationTest {

    private final GsonValueConverter converter = new GsonValueConverter();
    private final InvocationRecords records = new InvocationRecords(100);
    private final TimeoutWatchdog watchdog = new TimeoutWatchdog();
    /** Delays the invoker asked to wait; the recording pause returns at once. */
    private final List<Long> delays = new CopyOnWriteArrayList<>();
    private final AppContext.RetryTiming recordingTiming = new AppContext.RetryTiming((delay, stop) -> {
        delays.add(delay);
        return true;
    }, () -> 0.5);

    @BeforeEach
    void reset() {
        RetrySamples.reset();
    }

    @AfterEach
    void closeWatchdog() {
        watchdog.close();
    }

    private AppContext app(long timeoutMillis, RetryPolicy hostDefault, AppContext.RetryTiming timing) {
        return new AppContext("samples", "1.0.0", getClass().getClassLoader(), null, timeoutMillis, "00:00:01",
                converter, records, watchdog, "node-1", hostDefault, timing);
    }

    private static CompiledFunction compile(String function, AppContext app) {
        IndexedFunction indexed = new FunctionIndexer().index("samples", List.of(RetrySamples.class)).stream()
                .filter(f -> f.dto().name.equals(function)).findFirst().orElseThrow();
        assertThat(indexed.valid()).as(String.valueOf(indexed.dto().stateMessage)).isTrue();
        return CompiledFunction.compile(indexed.method(), new IndexedDescriptor("samples", indexed), app);
    }

    private static TriggerData value(String value) {
        return () -> value;
    }

    @Test
    void retriesUntilAnAttemptSucceedsAndEachAttemptSeesItsRetryContext() {
        CompiledFunction flaky = compile("flaky", app(60_000, null, recordingTiming));

        InvocationResult result = flaky.invoke(value("2"));

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(result.output(BindingDTO.RETURN)).isEqualTo("ok after 2");
        assertThat(RetrySamples.ATTEMPTS).containsExactly(
                "0/3/",
                "1/3/java.lang.IllegalStateException: attempt 0 failed",
                "2/3/java.lang.IllegalStateException: attempt 1 failed");
        assertThat(delays).containsExactly(2000L, 2000L);
        // one record per attempt, newest first, each with its own id and retry count
        List<InvocationRecordDTO> newest = records.newest("flaky", 10);
        assertThat(newest).extracting(r -> r.retryCount + " " + r.status)
                .containsExactly("2 SUCCEEDED", "1 FAILED", "0 FAILED");
        assertThat(newest.get(0).id).isEqualTo(result.invocationId());
        assertThat(newest).extracting(r -> r.id).doesNotHaveDuplicates();
    }

    @Test
    void givesUpAfterMaxRetryCountWithTheLastFailure() {
        CompiledFunction flaky = compile("flaky", app(60_000, null, recordingTiming));

        InvocationResult result = flaky.invoke(value("9"));

        assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(result.error()).hasMessage("attempt 3 failed");
        assertThat(RetrySamples.ATTEMPTS).hasSize(4); // the first attempt and maxRetryCount = 3 retries
        assertThat(delays).hasSize(3);
    }

    @Test
    void exponentialDelaysGrowToTheMaximum() {
        CompiledFunction backoff = compile("backoff", app(60_000, null, recordingTiming));

        assertThat(backoff.invoke(value("x")).status()).isEqualTo(InvocationStatus.FAILED);

        assertThat(delays).containsExactly(1000L, 2000L, 3000L, 4000L, 4000L);
        assertThat(RetrySamples.ATTEMPTS).hasSize(6).last().asString().startsWith("5/5/");
    }

    @Test
    void hostJsonPolicyAppliesToFunctionsWithoutTheirOwnAndTheFunctionsOwnWins() {
        AppContext app = app(60_000, RetryPolicy.fixedDelay(1, 10), recordingTiming);

        assertThat(compile("alwaysFails", app).invoke(value("luck")).status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(RetrySamples.ATTEMPTS).containsExactly("0/1/",
                "1/1/java.lang.IllegalArgumentException: no luck");
        assertThat(delays).containsExactly(10L);

        RetrySamples.reset();
        delays.clear();
        assertThat(compile("flaky", app).invoke(value("2")).succeeded()).isTrue(); // its own maxRetryCount 3
        assertThat(delays).containsExactly(2000L, 2000L);
    }

    @Test
    void withoutAPolicyThereIsOneAttemptAndTheWorkersEmptyRetryContext() {
        InvocationResult result = compile("alwaysFails", app(60_000, null, recordingTiming)).invoke(value("x"));

        assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(RetrySamples.ATTEMPTS).containsExactly("0/0/");
        assertThat(delays).isEmpty();
    }

    @Test
    void aTimedOutAttemptIsRecordedAsSuchAndRetried() {
        // the first attempt blocks for good; 1 s leaves the second one room on a slow machine
        CompiledFunction slowFirst = compile("slowFirst", app(1_000, null, recordingTiming));

        InvocationResult result = slowFirst.invoke(value("x"));

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(records.newest("slowFirst", 10)).extracting(r -> r.retryCount + " " + r.status)
                .containsExactly("1 SUCCEEDED", "0 TIMED_OUT");
        assertThat(records.newest("slowFirst", 10).get(1).error)
                .contains(FunctionTimeoutException.class.getName()).contains("Functions.slowFirst");
        assertThat(RetrySamples.ATTEMPTS.get(1)).startsWith("1/1/" + FunctionTimeoutException.class.getName());
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void stopsRetryingPromptlyWhenTheListenerStops() throws Exception {
        // Real waiting: the delay before the first retry is one hour.
        CompiledFunction forever = compile("forever", app(60_000, null, AppContext.RetryTiming.REAL));
        StopSignal listenerStopped = new StopSignal();

        CompletableFuture<InvocationResult> running = CompletableFuture.supplyAsync(
                () -> forever.invoke(value("x"), listenerStopped));
        assertThat(RetrySamples.foreverAttempts.await(10, TimeUnit.SECONDS)).isTrue();
        listenerStopped.stop();
        InvocationResult result = running.get(10, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(result.error()).hasMessage("down for good");
        assertThat(RetrySamples.ATTEMPTS).containsExactly("0/-1/");
    }

    @Test
    void stopsRetryingWhenTheAppVersionIsRetired() throws Exception {
        AppContext app = app(60_000, null, AppContext.RetryTiming.REAL);
        CompiledFunction forever = compile("forever", app);

        CompletableFuture<InvocationResult> running = CompletableFuture.supplyAsync(() -> forever.invoke(value("x")));
        assertThat(RetrySamples.foreverAttempts.await(10, TimeUnit.SECONDS)).isTrue();
        app.retire();

        assertThat(running.get(10, TimeUnit.SECONDS).status()).isEqualTo(InvocationStatus.FAILED);
    }

    @Test
    void anInterruptedRetryWaitGivesUpAndKeepsTheInterrupt() throws Exception {
        CompiledFunction forever = compile("forever", app(60_000, null, AppContext.RetryTiming.REAL));
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            InvocationResult result = forever.invoke(value("x"), new StopSignal());
            outcome.complete(result.status() + " interrupted=" + Thread.currentThread().isInterrupted());
        });
        thread.start();
        assertThat(RetrySamples.foreverAttempts.await(10, TimeUnit.SECONDS)).isTrue();
        thread.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("FAILED interrupted=true");
    }

    @Test
    void invalidRetryAttributesMakeTheFunctionFailToCompileWithAReason() {
        AppContext app = app(60_000, null, recordingTiming);
        assertThatThrownBy(() -> compile("negativeCount", app)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("@FixedDelayRetry of function 'negativeCount'")
                .hasMessageContaining("maxRetryCount -2");
        assertThatThrownBy(() -> compile("badInterval", app))
                .hasMessageContaining("delayInterval \"5 seconds\"");
        assertThatThrownBy(() -> compile("minOverMax", app))
                .hasMessageStartingWith("@ExponentialBackoffRetry of function 'minOverMax'")
                .hasMessageContaining("greater than maximumInterval");
    }
}
