package io.fnhost.management.internal.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.FunctionCluster;
import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;

/**
 * Test double of fnhost-cluster's {@link FunctionCluster}: apps, artifacts and settings in maps. The
 * "plan" assigns every app to {@link #workers}; when {@link #workersReport} is set those workers report
 * each put version at once, {@link NodeAppDTO#RUNNING} unless {@link #failOn} names them. Every put is
 * queued in {@link #puts} for tests to wait on.
 */
public final class InMemoryFunctionCluster implements FunctionCluster {
    /** Every {@link #putApp} record, in order. */
    public final BlockingQueue<ClusterAppDTO> puts = new LinkedBlockingQueue<>();
    public final List<NodeDTO> nodes = new ArrayList<>();
    public final List<String> workers = new ArrayList<>(List.of("w1", "w2"));
    public volatile boolean workersReport = true;
    /** When set, reads of apps, their states and convergence throw it (a member shutting down). */
    public volatile RuntimeException readFailure;
    private final Map<String, String> failures = new TreeMap<>();
    private final Map<String, ClusterAppDTO> apps = new TreeMap<>();
    private final Map<String, byte[]> artifacts = new TreeMap<>();
    private final Map<String, Map<String, String>> settings = new TreeMap<>();
    private final Map<String, Map<String, NodeAppDTO>> states = new TreeMap<>();
    private final List<CompletableFuture<List<NodeAppDTO>>> abandoned = new ArrayList<>();

    /** Makes {@code node} report every later version as FAILED with {@code message}. */
    public synchronized void failOn(String node, String message) {
        failures.put(node, message);
    }

    public synchronized byte[] artifact(String sha256) {
        return artifacts.get(sha256);
    }

    @Override
    public String localNode() {
        return "mgmt";
    }

    @Override
    public synchronized List<NodeDTO> nodes() {
        return new ArrayList<>(nodes);
    }

    @Override
    public synchronized Optional<String> leader() {
        return nodes.stream().filter(n -> n.leader).map(n -> n.name).findFirst();
    }

    @Override
    public synchronized ClusterAppDTO putApp(ClusterAppDTO app, Path artifact) throws IOException {
        byte[] bytes = Files.readAllBytes(artifact);
        if (!sha256(bytes).equals(app.sha256)) {
            throw new IllegalArgumentException("the artifact's SHA-256 is not " + app.sha256);
        }
        ClusterAppDTO previous = apps.get(key(app.name));
        ClusterAppDTO record = copy(app);
        if (record.group == null) {
            record.group = previous == null ? ClusterAppDTO.DEFAULT_GROUP : previous.group;
            record.replicas = previous == null ? 0 : previous.replicas;
        }
        record.nodes = new ArrayList<>(workers);
        artifacts.put(app.sha256, bytes);
        apps.put(key(app.name), record);
        if (workersReport) {
            Map<String, NodeAppDTO> byNode = states.computeIfAbsent(key(app.name), k -> new TreeMap<>());
            for (String worker : workers) {
                NodeAppDTO state = new NodeAppDTO();
                state.node = worker;
                state.app = app.name;
                state.version = app.version;
                state.sha256 = app.sha256;
                state.state = failures.containsKey(worker) ? NodeAppDTO.FAILED : NodeAppDTO.RUNNING;
                state.message = failures.get(worker);
                state.updatedAt = "2026-11-27T15:00:00Z";
                byNode.put(worker, state);
            }
        }
        puts.add(copy(record));
        return copy(record);
    }

    @Override
    public synchronized boolean removeApp(String app) {
        states.remove(key(app));
        return apps.remove(key(app)) != null;
    }

    @Override
    public synchronized List<ClusterAppDTO> apps() {
        return apps.values().stream().map(InMemoryFunctionCluster::copy).toList();
    }

    @Override
    public synchronized Optional<ClusterAppDTO> app(String app) {
        failReadIfTold();
        return Optional.ofNullable(apps.get(key(app))).map(InMemoryFunctionCluster::copy);
    }

    @Override
    public synchronized ClusterAppDTO setPlacement(String app, String group, int replicas) {
        ClusterAppDTO record = apps.get(key(app));
        if (record == null || group == null || group.isBlank() || replicas < 0) {
            throw new IllegalArgumentException("bad placement of " + app + ": " + group + "/" + replicas);
        }
        record.group = group;
        record.replicas = replicas;
        return copy(record);
    }

    @Override
    public synchronized void putSettings(String app, Map<String, String> values) {
        settings.put(key(app), new TreeMap<>(values));
    }

    @Override
    public synchronized Map<String, String> settings(String app) {
        return new TreeMap<>(settings.getOrDefault(key(app), Map.of()));
    }

    @Override
    public synchronized List<NodeAppDTO> appStates(String app) {
        failReadIfTold();
        return new ArrayList<>(states.getOrDefault(key(app), Map.of()).values());
    }

    /** Complete when every assigned worker reports {@code sha256} running or failed; else never (callers bound it). */
    @Override
    public synchronized CompletableFuture<List<NodeAppDTO>> converged(String app, String sha256) {
        failReadIfTold();
        ClusterAppDTO record = apps.get(key(app));
        List<NodeAppDTO> reported = appStates(app).stream().filter(s -> sha256.equals(s.sha256)
                && (NodeAppDTO.RUNNING.equals(s.state) || NodeAppDTO.FAILED.equals(s.state))).toList();
        if (record == null || reported.size() == record.nodes.size()) {
            return CompletableFuture.completedFuture(reported);
        }
        CompletableFuture<List<NodeAppDTO>> pending = new CompletableFuture<>();
        abandoned.add(pending);
        return pending;
    }

    /** Whether every convergence that never completed was given up (cancelled) by its caller. */
    public synchronized boolean everyPendingConvergenceCancelled() {
        return abandoned.stream().allMatch(CompletableFuture::isCancelled);
    }

    private void failReadIfTold() {
        if (readFailure != null) {
            throw readFailure;
        }
    }

    private static String key(String app) {
        return app.toLowerCase(Locale.ROOT);
    }

    private static ClusterAppDTO copy(ClusterAppDTO a) {
        ClusterAppDTO c = new ClusterAppDTO();
        c.name = a.name;
        c.version = a.version;
        c.sha256 = a.sha256;
        c.size = a.size;
        c.publishedAt = a.publishedAt;
        c.publishedBy = a.publishedBy;
        c.group = a.group;
        c.replicas = a.replicas;
        c.timerFunctions = new ArrayList<>(a.timerFunctions);
        c.nodes = new ArrayList<>(a.nodes);
        c.timerOwners = new LinkedHashMap<>(a.timerOwners);
        return c;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
