package io.fnhost.itests.clustered;

import java.time.Instant;
import java.util.Optional;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * The functions ClusterIT runs on a management node and two workers. Each says which node it ran on, so the
 * test sees the placement from outside: the node name is the process environment variable
 * {@code FNHOST_NODE_NAME}, which the app reads with {@code System.getenv} as Azure code does (fnhost's
 * getenv weaving falls back to the node's environment for names that are no app setting).
 * <p>
 * Queues use {@code AzureWebJobsStorage}, the default connection: in a cluster, the management node's
 * broker, which the test reads with a JMS client (host.json sets {@code messageEncoding: none}, so the
 * message bodies are plain text).
 */
public class ClusteredFunctions {
    static final String NODE_VARIABLE = "FNHOST_NODE_NAME";

    /** {@code GET /api/whoami}: the name of the node that served the request. */
    @FunctionName("whoami")
    public HttpResponseMessage whoami(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "text/plain; charset=utf-8")
                .body(node()).build();
    }

    /**
     * {@code GET /api/secret}, auth level FUNCTION: the name of the node that served the request, only with a key
     * of this function, a host key or the master key; so the test sees that every node, and the gateway, accept
     * the same keys.
     */
    @FunctionName("secret")
    public HttpResponseMessage secret(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "text/plain; charset=utf-8")
                .body(node()).build();
    }

    /**
     * Every second (under a minute, so without schedule monitor): {@code "<node> <instant>"} to queue
     * {@code ticks}. Exactly one node of the cluster owns a timer function, so one node name appears there at
     * a time.
     */
    @FunctionName("tick")
    @QueueOutput(name = "$return", queueName = "ticks", connection = "AzureWebJobsStorage")
    public String tick(@TimerTrigger(name = "timerInfo", schedule = "*/1 * * * * *") String timerInfo) {
        return node() + " " + Instant.now();
    }

    /**
     * Competing consumers on queue {@code work}: each message comes back on queue {@code done} as
     * {@code "<message> <node>"}, so the test counts every message (lost, duplicated) and who took it.
     */
    @FunctionName("work")
    @QueueOutput(name = "$return", queueName = "done", connection = "AzureWebJobsStorage")
    public String work(@QueueTrigger(name = "message", queueName = "work", connection = "AzureWebJobsStorage") String message) {
        return message + " " + node();
    }

    private static String node() {
        String node = System.getenv(NODE_VARIABLE);
        return node == null ? "unnamed-node" : node;
    }
}
