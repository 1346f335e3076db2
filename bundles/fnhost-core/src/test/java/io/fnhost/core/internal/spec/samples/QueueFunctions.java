package io.fnhost.core.internal.spec.samples;

import java.util.List;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FixedDelayRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TableInput;
import com.microsoft.azure.functions.annotation.TableOutput;

/** Queue and table samples, with both retry policies. */
public class QueueFunctions {

    /** Queue trigger, queue output through an OutputBinding, metadata through {@code @BindingName}. */
    @FunctionName("QueueCopy")
    public void copy(
            @QueueTrigger(name = "message", queueName = "orders", connection = "AzureWebJobsStorage") String message,
            @QueueOutput(name = "copy", queueName = "orders-copy", connection = "AzureWebJobsStorage")
                    OutputBinding<List<String>> copy,
            @BindingName("DequeueCount") long dequeueCount,
            ExecutionContext context) {
        copy.setValue(List.of(message));
    }

    /** App-setting queue name, a fixed-delay retry and a method-level queue output ({@code $return}). */
    @FunctionName("QueueFixedRetry")
    @FixedDelayRetry(maxRetryCount = 3, delayInterval = "00:00:05")
    @QueueOutput(name = "out", queueName = "%OutQueue%", connection = "AzureWebJobsStorage")
    public static String fixedRetry(
            @QueueTrigger(name = "item", queueName = "%InQueue%", connection = "AzureWebJobsStorage",
                    dataType = "string") String item) {
        return item.toUpperCase();
    }

    /** Exponential back-off that retries forever, a table lookup and a table output. */
    @FunctionName("QueueToTable")
    @ExponentialBackoffRetry(maxRetryCount = -1, minimumInterval = "00:00:01", maximumInterval = "00:15:00")
    public void toTable(
            @QueueTrigger(name = "order", queueName = "tabled", connection = "AzureWebJobsStorage") String order,
            @TableInput(name = "existing", tableName = "orders", partitionKey = "p", rowKey = "{queueTrigger}",
                    take = "1", connection = "AzureWebJobsStorage") String existing,
            @TableOutput(name = "row", tableName = "orders", connection = "AzureWebJobsStorage")
                    OutputBinding<String> row) {
        row.setValue(order);
    }
}
