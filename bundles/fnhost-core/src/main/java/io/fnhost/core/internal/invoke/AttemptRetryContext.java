package io.fnhost.core.internal.invoke;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.microsoft.azure.functions.RetryContext;
import com.microsoft.azure.functions.RpcException;

/**
 * {@code ExecutionContext.getRetryContext()} of one attempt, with the values Azure's Java worker shows:
 * never {@code null}; {@code retrycount} is 0 on the first attempt and n on the n-th retry;
 * {@code maxretrycount} is the policy's ({@code 0} without a policy, {@code -1} for forever);
 * {@code exception} describes the previous attempt's failure, and on a first attempt is an exception
 * whose strings are all empty (the worker's protobuf default).
 */
final class AttemptRetryContext implements RetryContext {
    // Before NO_POLICY: static initializers run in order.
    private static final RpcException NO_EXCEPTION = new PreviousFailure(null);
    /** What the worker shows when the function has no retry policy. */
    static final AttemptRetryContext NO_POLICY = first(0);

    private final int retryCount;
    private final int maxRetryCount;
    private final RpcException exception;

    private AttemptRetryContext(int retryCount, int maxRetryCount, RpcException exception) {
        this.retryCount = retryCount;
        this.maxRetryCount = maxRetryCount;
        this.exception = exception;
    }

    static AttemptRetryContext first(int maxRetryCount) {
        return new AttemptRetryContext(0, maxRetryCount, NO_EXCEPTION);
    }

    static AttemptRetryContext retry(int retryCount, int maxRetryCount, Throwable previousFailure) {
        return new AttemptRetryContext(retryCount, maxRetryCount, new PreviousFailure(previousFailure));
    }

    @Override
    public int getRetrycount() {
        return retryCount;
    }

    @Override
    public int getMaxretrycount() {
        return maxRetryCount;
    }

    @Override
    public RpcException getException() {
        return exception;
    }

    @Override
    public String toString() {
        return "RetryContext[retrycount=" + retryCount + ", maxretrycount=" + maxRetryCount + "]";
    }

    /**
     * The previous attempt's failure as the worker's {@code RpcException}: message is the exception's
     * {@code toString()} (class and message), stacktrace its printed stack trace, source the class it
     * was thrown from. The stack trace is printed only when asked for.
     */
    private static final class PreviousFailure implements RpcException {
        private final Throwable failure;

        PreviousFailure(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public String getSource() {
            if (failure == null || failure.getStackTrace().length == 0) {
                return "";
            }
            return failure.getStackTrace()[0].getClassName();
        }

        @Override
        public String getStacktrace() {
            if (failure == null) {
                return "";
            }
            StringWriter text = new StringWriter();
            failure.printStackTrace(new PrintWriter(text));
            return text.toString();
        }

        @Override
        public String getMessage() {
            return failure == null ? "" : failure.toString();
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
