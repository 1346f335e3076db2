package io.fnhost.core.internal.invoke;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.RetryContext;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FixedDelayRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/** Functions with retry policies, written exactly as for Azure; they report what each attempt saw. */
public class RetrySamples {
    /** "retrycount/maxretrycount/previous exception message" of each attempt, in order. */
    static final List<String> ATTEMPTS = new CopyOnWriteArrayList<>();
    /** Counted down by each attempt of {@code forever}. */
    static volatile CountDownLatch foreverAttempts = new CountDownLatch(1);
    /** {@code slowFirst}'s first attempt waits on this (interruptibly) until the timeout interrupts it. */
    static final CountDownLatch NEVER = new CountDownLatch(1);

    static void reset() {
        ATTEMPTS.clear();
        foreverAttempts = new CountDownLatch(1);
    }

    private static void seen(ExecutionContext context) {
        RetryContext retry = context.getRetryContext();
        ATTEMPTS.add(retry.getRetrycount() + "/" + retry.getMaxretrycount() + "/" + retry.getException().getMessage());
    }

    /** Fails until its retry count reaches the number in the message. */
    @FunctionName("flaky")
    @FixedDelayRetry(maxRetryCount = 3, delayInterval = "00:00:02")
    public String flaky(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg,
            ExecutionContext context) {
        seen(context);
        int retry = context.getRetryContext().getRetrycount();
        if (retry < Integer.parseInt(msg)) {
            throw new IllegalStateException("attempt " + retry + " failed");
        }
        return "ok after " + retry;
    }

    /** No retry annotation: host.json's policy applies, if any. */
    @FunctionName("alwaysFails")
    public void alwaysFails(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg,
            ExecutionContext context) {
        seen(context);
        throw new IllegalArgumentException("no " + msg);
    }

    @FunctionName("backoff")
    @ExponentialBackoffRetry(maxRetryCount = 5, minimumInterval = "00:00:01", maximumInterval = "00:00:04")
    public void backoff(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg,
            ExecutionContext context) {
        seen(context);
        throw new IllegalStateException("still down");
    }

    @FunctionName("forever")
    @ExponentialBackoffRetry(maxRetryCount = -1, minimumInterval = "01:00:00", maximumInterval = "02:00:00")
    public void forever(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg,
            ExecutionContext context) {
        seen(context);
        foreverAttempts.countDown();
        throw new IllegalStateException("down for good");
    }

    /** The first attempt runs into the timeout; the retry succeeds. */
    @FunctionName("slowFirst")
    @FixedDelayRetry(maxRetryCount = 1, delayInterval = "00:00:00")
    public String slowFirst(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg,
            ExecutionContext context) throws InterruptedException {
        seen(context);
        if (context.getRetryContext().getRetrycount() == 0) {
            NEVER.await();
        }
        return "fast";
    }

    @FunctionName("negativeCount")
    @FixedDelayRetry(maxRetryCount = -2, delayInterval = "00:00:01")
    public void negativeCount(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg) {
    }

    @FunctionName("badInterval")
    @FixedDelayRetry(maxRetryCount = 1, delayInterval = "5 seconds")
    public void badInterval(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg) {
    }

    @FunctionName("minOverMax")
    @ExponentialBackoffRetry(maxRetryCount = 1, minimumInterval = "00:00:10", maximumInterval = "00:00:01")
    public void minOverMax(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg) {
    }
}
