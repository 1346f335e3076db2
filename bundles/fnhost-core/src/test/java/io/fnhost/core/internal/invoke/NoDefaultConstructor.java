package io.fnhost.core.internal.invoke;

import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

public class NoDefaultConstructor {
    public NoDefaultConstructor(String s) {
    }

    @FunctionName("needsCtor")
    public String run(@QueueTrigger(name = "msg", queueName = "in", connection = "AzureWebJobsStorage") String msg) {
        return msg;
    }
}
