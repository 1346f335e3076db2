package io.fnhost.http.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Azure's HTTP throttles for one app version ({@code extensions.http} in host.json):
 * {@code maxConcurrentRequests} bounds the requests executing at once, {@code maxOutstandingRequests}
 * the requests executing plus waiting. A request over the outstanding bound is refused at once (429);
 * one over the concurrency bound waits in a queue without holding a thread (the dispatcher suspends
 * it with servlet async and hands {@link #enqueue} a task that resumes it). Lock-free.
 */
final class RequestThrottle {
    /** Azure's value for "no limit". */
    static final int UNBOUNDED = -1;

    private final int maxConcurrent;
    private final int maxOutstanding;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger executing = new AtomicInteger();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    RequestThrottle(int maxConcurrent, int maxOutstanding) {
        this.maxConcurrent = maxConcurrent > 0 ? maxConcurrent : UNBOUNDED;
        this.maxOutstanding = maxOutstanding > 0 ? maxOutstanding : UNBOUNDED;
    }

    int maxConcurrent() {
        return maxConcurrent;
    }

    int maxOutstanding() {
        return maxOutstanding;
    }

    /** Counts a new request as outstanding, or returns {@code false} (answer 429) when that would exceed the bound. */
    boolean admit() {
        if (maxOutstanding == UNBOUNDED) {
            outstanding.incrementAndGet();
            return true;
        }
        for (;;) {
            int n = outstanding.get();
            if (n >= maxOutstanding) {
                return false;
            }
            if (outstanding.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Takes an execution slot for an admitted request, or returns {@code false} when all are busy. */
    boolean tryStart() {
        if (maxConcurrent == UNBOUNDED) {
            executing.incrementAndGet();
            return true;
        }
        for (;;) {
            int n = executing.get();
            if (n >= maxConcurrent) {
                return false;
            }
            if (executing.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /**
     * Queues an admitted request that found no free slot. {@code resume} runs (on the thread that frees
     * a slot, so it must only hand the request to another thread) once a slot has been taken for it.
     */
    void enqueue(Runnable resume) {
        waiting.add(resume);
        // a slot may have been freed between tryStart() and add(): nobody else would see this entry
        pump();
    }

    /** Ends an executing request: frees its slot and its outstanding count and starts the next waiting one. */
    void finish() {
        executing.decrementAndGet();
        outstanding.decrementAndGet();
        pump();
    }

    private void pump() {
        while (!waiting.isEmpty() && tryStart()) {
            Runnable next = waiting.poll();
            if (next == null) {
                // another thread took the entry first: give the slot back and look again
                executing.decrementAndGet();
                continue;
            }
            next.run();
        }
    }

    int outstanding() {
        return outstanding.get();
    }

    int executing() {
        return executing.get();
    }

    int waiting() {
        return waiting.size();
    }
}
