package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A cluster of fnhost nodes from the real distribution, as a JUnit 5 extension:
 * {@code @RegisterExtension static final KarafCluster cluster = KarafCluster.withWorkers("name", 2);}
 * <p>
 * Before all tests it boots one management node ({@code FNHOST_ROLE=management}), then the workers
 * ({@code FNHOST_ROLE=worker}, {@code FNHOST_CLUSTER_MEMBERS} = the management node's cluster address: the
 * one-command join), the workers in parallel to save time, and waits until the management node lists every
 * node UP (the members join in the background after the bundles are active). After all tests it stops every
 * node that still runs. When a test fails, the log tail of every node is printed.
 */
final class KarafCluster implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    /** From booted (all bundles active) to every member in the cluster: Hazelcast joins in the background. */
    private static final Duration FORM_DEADLINE = Duration.ofMinutes(2);

    private final KarafNode management;
    private final List<KarafNode> workers = new ArrayList<>();

    private KarafCluster(String name, int workerCount) {
        management = KarafNode.standalone(name + "-mgmt").withRole("management");
        for (int i = 0; i < workerCount; i++) {
            workers.add(KarafNode.standalone(name + "-worker-" + (char) ('a' + i)).withRole("worker"));
        }
    }

    /** One management node named {@code <name>-mgmt} and workers {@code <name>-worker-a}, {@code -b}, ... */
    static KarafCluster withWorkers(String name, int workerCount) {
        if (workerCount < 1 || workerCount > 26) {
            throw new IllegalArgumentException("between 1 and 26 workers, not " + workerCount);
        }
        return new KarafCluster(name, workerCount);
    }

    KarafNode management() {
        return management;
    }

    List<KarafNode> workers() {
        return List.copyOf(workers);
    }

    KarafNode worker(String name) {
        return workers.stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no worker " + name + " in " + workerNames()));
    }

    List<String> workerNames() {
        return workers.stream().map(KarafNode::name).toList();
    }

    /**
     * The URL of the management node's embedded broker, as other processes reach it: the TCP acceptor's
     * port as {@link KarafNode} configured it in {@code etc/io.fnhost.queue.EmbeddedBroker.cfg}.
     */
    String brokerUrl() throws IOException {
        Path config = management.home().resolve("etc/io.fnhost.queue.EmbeddedBroker.cfg");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(config)) {
            properties.load(reader);
        }
        String port = properties.getProperty("port");
        if (port == null || port.isBlank()) {
            throw new IllegalStateException("no port in " + config + ": the test cannot reach the broker");
        }
        return "tcp://127.0.0.1:" + port.trim();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        long start = System.nanoTime();
        management.boot();
        for (KarafNode worker : workers) {
            worker.withEnv("FNHOST_CLUSTER_MEMBERS", management.clusterAddress());
        }
        ExecutorService boots = Executors.newFixedThreadPool(workers.size());
        try {
            List<Future<?>> booted = new ArrayList<>();
            for (KarafNode worker : workers) {
                booted.add(boots.submit(() -> {
                    worker.boot();
                    return null;
                }));
            }
            for (Future<?> future : booted) {
                future.get();
            }
        } catch (ExecutionException e) {
            afterAll(context);
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            boots.shutdownNow();
        }
        long booted = System.nanoTime();
        // a booted node has all bundles active; its cluster member joins after that, in the background
        try {
            awaitFormed();
        } catch (RuntimeException | Error e) {
            afterAll(context);
            throw e;
        }
        System.out.printf("[cluster] management %s and workers %s booted in %d ms; cluster formed %d ms later%n",
                management.name(), workerNames(), (booted - start) / 1_000_000, (System.nanoTime() - booted) / 1_000_000);
    }

    /** Waits until the management node's {@code GET /admin/nodes} lists every node of this cluster as UP. */
    void awaitFormed() {
        Set<String> expected = new TreeSet<>(workerNames());
        expected.add(management.name());
        await("GET /admin/nodes on " + management.name() + " lists " + expected + " UP").atMost(FORM_DEADLINE)
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> expected.equals(upNodes()));
    }

    private Set<String> upNodes() throws IOException, InterruptedException {
        HttpResponse<String> response = management.admin("GET", "/admin/nodes", null);
        Set<String> up = new TreeSet<>();
        if (response.statusCode() == 200) {
            for (JsonElement element : JsonParser.parseString(response.body()).getAsJsonArray()) {
                JsonObject node = element.getAsJsonObject();
                if ("UP".equals(node.get("state").getAsString())) {
                    up.add(node.get("name").getAsString());
                }
            }
        }
        return up;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // SIGTERM to all at once: each node's graceful stop takes seconds
        ExecutorService stops = Executors.newFixedThreadPool(workers.size() + 1);
        try {
            List<Future<?>> stopped = new ArrayList<>();
            for (KarafNode node : allNodes()) {
                stopped.add(stops.submit(node::stop));
            }
            for (Future<?> future : stopped) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    System.out.println("[cluster] stopping a node failed: " + e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stops.shutdownNow();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        allNodes().forEach(node -> node.testFailed(context, cause));
    }

    private List<KarafNode> allNodes() {
        List<KarafNode> all = new ArrayList<>(workers);
        all.add(management);
        return all;
    }
}
