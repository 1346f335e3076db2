package io.fnhost.benchmarks.clusterapp;

import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/**
 * The queue benchmark's consumer: takes a message from {@code bench-drain} and does nothing with it, so
 * what the drain time measures is the trigger (receive, decode, invoke, acknowledge) and the broker.
 */
public class DrainFunction {

    @FunctionName("drain")
    public void drain(
            @QueueTrigger(name = "msg", queueName = "bench-drain", connection = "AzureWebJobsStorage") String msg) {
        // nothing: the benchmark counts what the broker has left, not what the function did
    }
}
