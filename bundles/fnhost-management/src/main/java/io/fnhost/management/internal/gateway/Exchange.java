package io.fnhost.management.internal.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * One client request through the gateway: where it may go, where it went, and whether its answer is
 * written. Attempts run one after the other (a retry starts only when the previous attempt failed),
 * so the attempt fields need no locking beyond visibility; {@link #finish} decides once who completes
 * the client's response.
 */
final class Exchange {
    /** One send of the request to one worker. */
    static final class Attempt {
        final WorkerSelector.Worker worker;
        /** The request began to be sent on a connection (set by the HTTP client's listener). */
        volatile boolean sent;
        /** Response headers began to arrive. */
        volatile boolean answered;
        private final AtomicBoolean released = new AtomicBoolean();

        Attempt(WorkerSelector.Worker worker) {
            this.worker = worker;
        }

        /** Whether this call is the first to end the attempt (its outstanding count is released once). */
        boolean end() {
            return released.compareAndSet(false, true);
        }
    }

    final HttpServletRequest request;
    final HttpServletResponse response;
    final String method;
    /** The path below the servlet context and the query, as the client sent them. */
    final String pathAndQuery;
    final WorkerSelector.Targets targets;
    /** Nodes tried so far. */
    final List<String> tried = new ArrayList<>(2);
    /** The buffered request body, or {@code null} when there is none or it is streamed. */
    volatile byte[] body;
    /** The body is streamed to the first worker: the request cannot be sent again. */
    volatile boolean streamed;
    volatile Attempt attempt;
    private final AtomicBoolean finished = new AtomicBoolean();

    Exchange(HttpServletRequest request, HttpServletResponse response, String pathAndQuery,
            WorkerSelector.Targets targets) {
        this.request = request;
        this.response = response;
        this.method = request.getMethod();
        this.pathAndQuery = pathAndQuery;
        this.targets = targets;
    }

    Attempt begin(WorkerSelector.Worker worker) {
        tried.add(worker.node);
        Attempt a = new Attempt(worker);
        attempt = a;
        return a;
    }

    /** Whether this call is the first to finish the exchange (and so writes or completes its response). */
    boolean finish() {
        return finished.compareAndSet(false, true);
    }

    boolean finished() {
        return finished.get();
    }

    /** What the request was for, in words for error details and logs. */
    String describe() {
        String path = pathAndQuery;
        int q = path.indexOf('?');
        if (q >= 0) {
            // the query may hold a key (code=...): never echo or log it
            path = path.substring(0, q);
        }
        if (targets.route == null) {
            return method + " " + path;
        }
        return method + " " + path + " (function '" + targets.route.function() + "' of app '" + targets.route.app() + "')";
    }
}
