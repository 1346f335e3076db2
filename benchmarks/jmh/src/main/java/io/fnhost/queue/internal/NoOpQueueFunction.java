package io.fnhost.queue.internal;

import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/** The no-op queue function of {@link QueueThroughputBenchmark}, written as for Azure. */
public class NoOpQueueFunction {

    @FunctionName("noopQueue")
    public void run(@QueueTrigger(name = "msg", queueName = "bench-in", connection = "AzureWebJobsStorage") String msg) {
        // nothing: the benchmark measures the queue trigger around the call
    }
}
