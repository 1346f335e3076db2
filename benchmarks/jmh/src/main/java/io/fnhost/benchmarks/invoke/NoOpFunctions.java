package io.fnhost.benchmarks.invoke;

import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/**
 * No-op functions with one String argument, written as for Azure. The trigger type does not matter to
 * the invoker (no provider is involved); a queue trigger keeps the spec minimal.
 */
public class NoOpFunctions {

    /** The common case: an instance method, so the invoker creates a new instance per call, as Azure's worker. */
    @FunctionName("noop")
    public void noop(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg) {
        // nothing: the benchmark measures the dispatch around the call
    }

    /** A static method: no instance per call. */
    @FunctionName("noopStatic")
    public static void noopStatic(
            @QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg) {
        // nothing
    }
}
