package io.fnhost.core.internal.spec.samples;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobInput;
import com.microsoft.azure.functions.annotation.BlobOutput;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.StorageAccount;

/** Blob samples, including {@code @StorageAccount} filling empty connections. */
public class BlobFunctions {

    /** Binary blob trigger with its own connection; the output takes the {@code @StorageAccount} one. */
    @FunctionName("BlobCopy")
    @StorageAccount("CopyStorage")
    public void copy(
            @BlobTrigger(name = "content", path = "input/{name}", dataType = "binary",
                    connection = "AzureWebJobsStorage") byte[] content,
            @BindingName("name") String name,
            @BlobOutput(name = "target", path = "output/{name}", dataType = "binary") OutputBinding<byte[]> target,
            ExecutionContext context) {
        target.setValue(content);
    }

    /** Queue trigger naming a blob; every storage binding gets its connection from {@code @StorageAccount}. */
    @FunctionName("BlobFromQueue")
    @StorageAccount("AzureWebJobsStorage")
    @BlobOutput(name = "unused", path = "results/{queueTrigger}.txt")
    public String fromQueue(
            @QueueTrigger(name = "blobName", queueName = "blob-requests") String blobName,
            @BlobInput(name = "file", path = "samples/{queueTrigger}", dataType = "binary") byte[] file) {
        return new String(file);
    }

    /** Event Grid based blob trigger. */
    @FunctionName("BlobEventGrid")
    public void eventGrid(
            @BlobTrigger(name = "blob", path = "uploads/{name}.{ext}", source = "EventGrid",
                    connection = "AzureWebJobsStorage") String blob,
            @BindingName("ext") String ext) {
    }
}
