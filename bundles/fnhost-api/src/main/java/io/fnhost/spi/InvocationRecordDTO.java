package io.fnhost.spi;

import java.util.ArrayList;
import java.util.List;

import org.osgi.dto.DTO;

/** What one invocation left behind, kept in a bounded store for the admin API and portal. */
public class InvocationRecordDTO extends DTO {
    /** Invocation id (a UUID, as Azure's). */
    public String id;
    public String app;
    public String appVersion;
    public String function;
    /** Trigger binding type, e.g. {@code httpTrigger}. */
    public String trigger;
    /** Node that ran it. */
    public String node;
    /** Start, epoch milliseconds. */
    public long start;
    /** Duration in microseconds. */
    public long durationMicros;
    public InvocationStatus status;
    /**
     * Which attempt of one trigger event this was under the function's retry policy: 0 for the first,
     * n for the n-th retry (as {@code ExecutionContext.getRetryContext().getRetrycount()}).
     *
     * @since 1.3
     */
    public int retryCount;
    /** Exception class and message when not {@code SUCCEEDED}; never a stack trace. */
    public String error;
    /** Lines the function logged through {@code ExecutionContext.getLogger()} (bounded). */
    public List<String> logs = new ArrayList<>();
}
