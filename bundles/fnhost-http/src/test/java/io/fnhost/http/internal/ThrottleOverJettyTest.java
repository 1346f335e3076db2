package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.servlet.Servlet;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * host.json's HTTP throttles under concurrent load on a real Jetty (the one Pax Web runs): requests
 * over {@code maxOutstandingRequests} get 429 with {@code X-FUNCTION-SCALEOUT: 1} at once, requests over
 * {@code maxConcurrentRequests} wait suspended without a thread, and everything admitted completes.
 */
class ThrottleOverJettyTest {
    private static final int POOL_THREADS = 12;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger executing = new AtomicInteger();
    private final AtomicInteger maxExecuting = new AtomicInteger();
    private Server server;
    private HttpTriggerProvider provider;
    private int port;

    private void start(int maxConcurrent, int maxOutstanding) throws Exception {
        Servlet[] dispatch = new Servlet[1];
        provider = new HttpTriggerProvider(new Fakes.GsonConverter(), new TestKeys(), () -> true, 1024, (prefix, servlet) -> {
            dispatch[0] = servlet;
            return () -> { };
        });
        Fakes.Fn fn = new Fakes.Fn("app", "slow");
        fn.http.put("maxConcurrentRequests", maxConcurrent);
        fn.http.put("maxOutstandingRequests", maxOutstanding);
        Fakes.Invoker invoker = new Fakes.Invoker(fn);
        invoker.behaviour = data -> {
            int now = executing.incrementAndGet();
            maxExecuting.accumulateAndGet(now, Math::max);
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                executing.decrementAndGet();
            }
            return Fakes.ok("done");
        };
        provider.start(invoker);

        server = new Server(new QueuedThreadPool(POOL_THREADS, 4));
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(dispatch[0]);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/api/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (server != null) {
            server.stop();
        }
    }

    private CompletableFuture<HttpResponse<String>> send() {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/slow"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private RequestThrottle throttle() {
        return provider.registry().table().routes().get(0).throttle;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            // poll without burning one of the machine's few cores
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Test
    void requestsOverTheOutstandingBoundGet429AtOnceWhileOthersRun() throws Exception {
        start(1, 3);
        List<CompletableFuture<HttpResponse<String>>> admitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            admitted.add(send());
        }
        await(() -> throttle().outstanding() == 3 && executing.get() == 1, "three requests are outstanding, one running");

        // while the first still runs, the excess is refused immediately
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> refused = send().get(10, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("X-FUNCTION-SCALEOUT")).hasValue("1");
            assertThat(refused.body()).isEmpty();
        }
        assertThat(admitted).noneMatch(CompletableFuture::isDone);

        release.countDown();
        for (CompletableFuture<HttpResponse<String>> f : admitted) {
            HttpResponse<String> ok = f.get(30, TimeUnit.SECONDS);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("done");
        }
        assertThat(maxExecuting.get()).isEqualTo(1);
        await(() -> throttle().outstanding() == 0, "the throttle is idle again");
    }

    @Test
    void waitingRequestsHoldNoThread() throws Exception {
        // 3x more waiting requests than the server has threads: they can only all be waiting if none holds one
        int requests = POOL_THREADS * 3;
        start(2, -1);
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            all.add(send());
        }
        await(() -> throttle().waiting() == requests - 2 && executing.get() == 2,
                "all but two requests wait in the throttle's queue");
        assertThat(all).noneMatch(CompletableFuture::isDone);

        release.countDown();
        for (CompletableFuture<HttpResponse<String>> f : all) {
            assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(maxExecuting.get()).isEqualTo(2);
        await(() -> throttle().outstanding() == 0 && throttle().executing() == 0, "the throttle is idle again");
        assertThat(throttle().waiting()).isZero();
    }
}
