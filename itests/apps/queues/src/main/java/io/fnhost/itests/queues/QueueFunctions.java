package io.fnhost.itests.queues;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/**
 * Queue functions for QueueIT, written as for Azure (connection AzureWebJobsStorage, which fnhost maps to
 * the node's embedded broker). Results land in queues the test reads through GET /admin/queues.
 */
public class QueueFunctions {

    /** First link of a chain: upper-cases the message into chain-mid. */
    @FunctionName("chainFirst")
    public void chainFirst(
            @QueueTrigger(name = "msg", queueName = "chain-in", connection = "AzureWebJobsStorage") String msg,
            @QueueOutput(name = "out", queueName = "chain-mid", connection = "AzureWebJobsStorage") OutputBinding<String> out) {
        out.setValue(msg.toUpperCase());
    }

    /** Second link: writes what it got, with its dequeue count, to chain-done. */
    @FunctionName("chainSecond")
    @QueueOutput(name = "$return", queueName = "chain-done", connection = "AzureWebJobsStorage")
    public String chainSecond(
            @QueueTrigger(name = "msg", queueName = "chain-mid", connection = "AzureWebJobsStorage") String msg,
            @BindingName("DequeueCount") long dequeueCount, ExecutionContext context) {
        context.getLogger().info("chain done: " + msg + " (dequeue " + dequeueCount + ")");
        return msg + "#" + dequeueCount;
    }

    /** Always fails: its messages end in always-fails-poison after maxDequeueCount (3) attempts. */
    @FunctionName("alwaysFails")
    public void alwaysFails(
            @QueueTrigger(name = "msg", queueName = "always-fails", connection = "AzureWebJobsStorage") String msg) {
        throw new IllegalStateException("failing on purpose: " + msg);
    }

    /**
     * On its first delivery it writes a marker file and blocks (the test kills the node meanwhile); a later
     * delivery completes into blocking-done.
     */
    @FunctionName("blocker")
    public void blocker(
            @QueueTrigger(name = "msg", queueName = "blocking", connection = "AzureWebJobsStorage") String msg,
            @BindingName("DequeueCount") long dequeueCount,
            @QueueOutput(name = "out", queueName = "blocking-done", connection = "AzureWebJobsStorage") OutputBinding<String> out)
            throws IOException, InterruptedException {
        if (dequeueCount == 1) {
            Files.writeString(Path.of(System.getProperty("karaf.data"), "blocker-started"), msg);
            // nothing counts this down: the invocation is still running when the node is killed
            new CountDownLatch(1).await(10, TimeUnit.MINUTES);
            return;
        }
        out.setValue(msg + "#" + dequeueCount);
    }

    /** Drains the parked queue (filled while the app was not deployed) into parked-done. */
    @FunctionName("parked")
    @QueueOutput(name = "$return", queueName = "parked-done", connection = "AzureWebJobsStorage")
    public String parked(
            @QueueTrigger(name = "msg", queueName = "parked", connection = "AzureWebJobsStorage") String msg) {
        return msg;
    }
}
