package io.fnhost.benchmarks.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Queue throughput with 1 vs. 2 workers. Per measurement: the app is parked (placed on a group with no
 * workers, so nothing consumes), N messages are enqueued on the management node's broker and seen waiting,
 * then the app is placed on {@code k} workers of its group and the time is taken until the queue is empty
 * (its depth counts messages being processed, so 0 means every message was processed and acknowledged).
 * Two figures per measurement: the drain time from the placement (the workers' deploy included), and the
 * consumption rate once all {@code k} workers' consumers are attached: the messages still waiting at the
 * first poll that sees {@code k} times the consumers one worker attaches (learnt from the 1-worker drains),
 * over the time from that poll to the empty queue.
 */
final class DrainRun {

    /** Where and how much; {@code workerCounts} are measured in this order in odd rounds, reversed in even ones. */
    record Settings(URI admin, String masterKey, String app, String queue, String group, String parkedGroup,
            int messages, List<Integer> workerCounts, int rounds, int enqueueConcurrency, Duration timeout,
            Duration poll) {
    }

    /**
     * One drain. {@code deployMs}: placement -> k nodes report RUNNING (NaN when the queue was empty first);
     * {@code consumers}: the most consumers seen; {@code windowMessages} were waiting when all k workers'
     * consumers were attached, and were gone {@code windowMs} later.
     */
    record Drain(int round, int workers, int messages, double enqueueMs, double deployMs, double drainMs,
            int consumers, long windowMessages, double windowMs) {

        /** Messages per second from the placement to the empty queue. */
        double totalRate() {
            return messages / (drainMs / 1000);
        }

        /** Messages per second once all workers consumed; NaN when they had nothing left to do by then. */
        double consumeRate() {
            return windowMessages <= 0 || windowMs <= 0 ? Double.NaN : windowMessages / (windowMs / 1000);
        }
    }

    private final Settings settings;
    private final ClusterAdmin admin;
    /** The consumers one worker attaches to the queue: the most seen in a 1-worker drain; 0 until then. */
    private int consumersPerWorker;

    DrainRun(Settings settings, HttpClient http) {
        this.settings = settings;
        this.admin = new ClusterAdmin(http, settings.admin(), settings.masterKey());
    }

    /** Every round's measurements; one {@code DRAIN} line each on {@code out}. */
    List<Drain> run(PrintStream out) throws IOException, InterruptedException {
        List<Drain> drains = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            List<Integer> order = new ArrayList<>(settings.workerCounts());
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (int workers : order) {
                Drain drain = drain(round, workers);
                drains.add(drain);
                if (workers == 1) {
                    consumersPerWorker = Math.max(consumersPerWorker, drain.consumers());
                }
                out.printf(Locale.ROOT, "DRAIN round=%d workers=%d messages=%d enqueue_ms=%.0f deploy_ms=%.0f drain_ms=%.0f"
                                + " consumers=%d window_messages=%d window_ms=%.0f total_rate=%.0f consume_rate=%.0f%n",
                        drain.round(), drain.workers(), drain.messages(), drain.enqueueMs(), drain.deployMs(),
                        drain.drainMs(), drain.consumers(), drain.windowMessages(), drain.windowMs(),
                        drain.totalRate(), drain.consumeRate());
            }
        }
        return drains;
    }

    private Drain drain(int round, int workers) throws IOException, InterruptedException {
        park();
        long before = admin.queue(settings.queue()).messages();
        if (before != 0) {
            throw new IllegalStateException("queue " + settings.queue() + " holds " + before
                    + " messages with no consumer: a previous drain did not finish (or something else fills it)");
        }
        long e0 = System.nanoTime();
        enqueue(round, workers);
        double enqueueMs = millisSince(e0);
        long waiting = admin.queue(settings.queue()).messages();
        if (waiting != settings.messages()) {
            throw new IllegalStateException("after enqueueing " + settings.messages() + " messages, queue "
                    + settings.queue() + " holds " + waiting + " while no worker runs " + settings.app());
        }

        // all k workers attached: k times one worker's consumers once that is known, else any consumer
        int attached = consumersPerWorker > 0 ? workers * consumersPerWorker : 1;
        long t0 = System.nanoTime();
        admin.placement(settings.app(), settings.group(), workers);
        long deadline = t0 + settings.timeout().toNanos();
        double deployMs = Double.NaN;
        int consumers = 0;
        long windowStart = 0;
        long windowMessages = 0;
        while (true) {
            ClusterAdmin.QueueState queue = admin.queue(settings.queue());
            long now = System.nanoTime();
            consumers = Math.max(consumers, queue.consumers());
            if (windowStart == 0 && queue.consumers() >= attached) {
                windowStart = now;
                windowMessages = queue.messages();
            }
            if (queue.messages() == 0) {
                return new Drain(round, workers, settings.messages(), enqueueMs, deployMs, (now - t0) / 1e6, consumers,
                        windowMessages, windowStart == 0 ? Double.NaN : (now - windowStart) / 1e6);
            }
            if (Double.isNaN(deployMs) && admin.app(settings.app()).map(AppNodes::of)
                    .orElseThrow(() -> new IllegalStateException("app " + settings.app() + " is gone"))
                    .running() >= workers) {
                deployMs = millisSince(t0);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%d workers did not drain %d messages within %d s: %d left, %d consumers, app %s",
                        workers, settings.messages(), settings.timeout().toSeconds(), queue.messages(),
                        queue.consumers(), Double.isNaN(deployMs) ? "not RUNNING on " + workers + " workers" : "running"));
            }
            Thread.sleep(settings.poll().toMillis());
        }
    }

    /** Places the app where no worker is and waits until no node runs it and nothing consumes the queue. */
    private void park() throws IOException, InterruptedException {
        admin.placement(settings.app(), settings.parkedGroup(), 0);
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (true) {
            AppNodes nodes = admin.app(settings.app()).map(AppNodes::of)
                    .orElseThrow(() -> new IllegalStateException("app " + settings.app() + " is not published"));
            ClusterAdmin.QueueState queue = admin.queue(settings.queue());
            if (nodes.running() == 0 && queue.consumers() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("app " + settings.app() + " still runs (" + nodes + ", " + queue.consumers()
                        + " consumers on " + settings.queue() + ") " + settings.timeout().toSeconds()
                        + " s after it was placed on group " + settings.parkedGroup() + ", which has no workers");
            }
            Thread.sleep(settings.poll().toMillis());
        }
    }

    /** N messages, {@code enqueueConcurrency} requests in flight; any answer but 201 fails the run. */
    private void enqueue(int round, int workers) throws IOException, InterruptedException {
        Semaphore inFlight = new Semaphore(settings.enqueueConcurrency());
        AtomicInteger refused = new AtomicInteger();
        List<CompletableFuture<Integer>> sent = new ArrayList<>(settings.messages());
        for (int i = 0; i < settings.messages(); i++) {
            inFlight.acquire();
            CompletableFuture<Integer> status = admin.enqueue(settings.queue(), "r" + round + "-w" + workers + "-" + i)
                    .whenComplete((code, failure) -> {
                        inFlight.release();
                        if (failure != null || code != 201) {
                            refused.incrementAndGet();
                        }
                    });
            sent.add(status);
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw new IOException("enqueueing into " + settings.queue() + " failed: " + e.getCause(), e.getCause());
        }
        if (refused.get() > 0) {
            throw new IllegalStateException(refused.get() + " of " + settings.messages()
                    + " POST /admin/queues/" + settings.queue() + "/messages were not answered 201");
        }
    }

    private static double millisSince(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
