package io.fnhost.shell.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.FunctionCluster;
import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;

/** Test double of {@link FunctionCluster}: the nodes and apps a test puts in; only placement changes them. */
final class FixedFunctionCluster implements FunctionCluster {
    final List<NodeDTO> nodes = new ArrayList<>();
    final List<ClusterAppDTO> apps = new ArrayList<>();
    final List<NodeAppDTO> states = new ArrayList<>();

    @Override
    public String localNode() {
        return "mgmt";
    }

    @Override
    public List<NodeDTO> nodes() {
        return nodes;
    }

    @Override
    public Optional<String> leader() {
        return nodes.stream().filter(n -> n.leader).map(n -> n.name).findFirst();
    }

    @Override
    public ClusterAppDTO putApp(ClusterAppDTO app, Path artifact) {
        throw new UnsupportedOperationException("the shell never publishes");
    }

    @Override
    public boolean removeApp(String app) {
        throw new UnsupportedOperationException("the shell never removes apps");
    }

    @Override
    public List<ClusterAppDTO> apps() {
        return apps;
    }

    @Override
    public Optional<ClusterAppDTO> app(String app) {
        return apps.stream().filter(a -> a.name.equalsIgnoreCase(app)).findFirst();
    }

    @Override
    public ClusterAppDTO setPlacement(String app, String group, int replicas) {
        ClusterAppDTO record = app(app).orElseThrow(() -> new IllegalArgumentException("unknown app " + app));
        record.group = group;
        record.replicas = replicas;
        return record;
    }

    @Override
    public void putSettings(String app, Map<String, String> settings) {
        throw new UnsupportedOperationException("the shell never changes settings");
    }

    @Override
    public Map<String, String> settings(String app) {
        return Map.of();
    }

    @Override
    public List<NodeAppDTO> appStates(String app) {
        return states.stream().filter(s -> s.app.equalsIgnoreCase(app)).toList();
    }

    @Override
    public CompletableFuture<List<NodeAppDTO>> converged(String app, String sha256) {
        return CompletableFuture.completedFuture(appStates(app));
    }
}
