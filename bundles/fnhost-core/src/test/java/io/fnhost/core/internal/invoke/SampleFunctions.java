package io.fnhost.core.internal.invoke;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/** Sample functions written exactly as for Azure. */
public class SampleFunctions {
    static final AtomicInteger INSTANCES = new AtomicInteger();
    static volatile ClassLoader seenLoader;

    public SampleFunctions() {
        INSTANCES.incrementAndGet();
    }

    @FunctionName("echo")
    public String echo(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg,
            ExecutionContext context) {
        context.getLogger().info("got " + msg);
        seenLoader = Thread.currentThread().getContextClassLoader();
        return msg + "!";
    }

    @FunctionName("order")
    public static int order(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") SampleOrder order) {
        return order.quantity * 2;
    }

    @FunctionName("metadata")
    public String metadata(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg,
            @BindingName("DequeueCount") int count, @BindingName("Missing") Optional<String> missing) {
        return msg + ":" + count + ":" + missing.isPresent();
    }

    @FunctionName("strict")
    public String strict(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg,
            @BindingName("Absent") String absent) {
        return absent;
    }

    @FunctionName("copy")
    public void copy(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") Optional<String> msg,
            @QueueOutput(name = "out", queueName = "out", connection = "AzureWebJobsStorage") OutputBinding<String> out) {
        out.setValue(msg.orElse("none").toUpperCase());
    }

    @FunctionName("copyThenFail")
    public void copyThenFail(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg,
            @QueueOutput(name = "out", queueName = "out", connection = "AzureWebJobsStorage") OutputBinding<String> out) {
        out.setValue(msg);
        throw new IllegalStateException("boom: " + msg);
    }

    @FunctionName("sleepy")
    public String sleepy(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg)
            throws InterruptedException {
        Thread.sleep(60_000);
        return "woke";
    }

    @FunctionName("unbound")
    public String unbound(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg,
            String stray) {
        return msg;
    }

    @FunctionName("quiet")
    public void quiet(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg,
            ExecutionContext context) {
        context.getLogger().info("not wanted");
        context.getLogger().warning("wanted " + msg);
    }
}
