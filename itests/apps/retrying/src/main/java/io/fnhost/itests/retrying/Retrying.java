package io.fnhost.itests.retrying;

import java.util.concurrent.CountDownLatch;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.RetryContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FixedDelayRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/**
 * Functions that fail on purpose, to show fnhost's retry policies end to end. Each attempt logs what
 * {@code ExecutionContext.getRetryContext()} says, so the invocation records show every attempt.
 */
public class Retrying {

    private static void logAttempt(ExecutionContext context) {
        RetryContext retry = context.getRetryContext();
        context.getLogger().info("attempt " + retry.getRetrycount() + "/" + retry.getMaxretrycount()
                + " previous=" + retry.getException().getMessage());
    }

    /** Fails until its retry count reaches the number in the message. */
    @FunctionName("flaky")
    @FixedDelayRetry(maxRetryCount = 4, delayInterval = "00:00:00.020")
    public String flaky(@QueueTrigger(name = "message", queueName = "work", connection = "AzureWebJobsStorage") String message,
            ExecutionContext context) {
        logAttempt(context);
        int retry = context.getRetryContext().getRetrycount();
        if (retry < Integer.parseInt(message.trim())) {
            throw new IllegalStateException("not yet at attempt " + retry);
        }
        return "done";
    }

    /** No annotation: host.json's retry policy (2 retries) applies. */
    @FunctionName("fallible")
    public void fallible(@QueueTrigger(name = "message", queueName = "work", connection = "AzureWebJobsStorage") String message,
            ExecutionContext context) {
        logAttempt(context);
        throw new IllegalArgumentException("cannot handle " + message);
    }

    /** Retries forever, until its trigger stops. */
    @FunctionName("endless")
    @FixedDelayRetry(maxRetryCount = -1, delayInterval = "00:00:00.050")
    public void endless(@QueueTrigger(name = "message", queueName = "work", connection = "AzureWebJobsStorage") String message,
            ExecutionContext context) {
        logAttempt(context);
        throw new IllegalStateException("down");
    }

    /**
     * The first attempt waits until host.json's functionTimeout (1 s) interrupts it; the retry succeeds.
     */
    @FunctionName("slowOnce")
    @FixedDelayRetry(maxRetryCount = 1, delayInterval = "00:00:00")
    public String slowOnce(@QueueTrigger(name = "message", queueName = "work", connection = "AzureWebJobsStorage") String message,
            ExecutionContext context) throws InterruptedException {
        logAttempt(context);
        if (context.getRetryContext().getRetrycount() == 0) {
            new CountDownLatch(1).await(); // never counted down: only the timeout's interrupt ends it
        }
        return "fast enough";
    }

    /** Shows the trigger metadata its trigger extension supplies, also for an operator's invocation. */
    @FunctionName("dequeue")
    public void dequeue(@QueueTrigger(name = "message", queueName = "work", connection = "AzureWebJobsStorage") String message,
            @BindingName("DequeueCount") int dequeueCount, ExecutionContext context) {
        context.getLogger().info(message + " dequeueCount=" + dequeueCount);
    }

    /** Invalid: the minimum interval exceeds the maximum. ERROR, the others keep running. */
    @FunctionName("misconfigured")
    @ExponentialBackoffRetry(maxRetryCount = 2, minimumInterval = "00:00:10", maximumInterval = "00:00:01")
    public void misconfigured(@QueueTrigger(name = "message", queueName = "work", connection = "AzureWebJobsStorage") String message) {
    }
}
