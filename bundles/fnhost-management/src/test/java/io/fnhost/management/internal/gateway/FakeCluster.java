package io.fnhost.management.internal.gateway;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.FunctionCluster;
import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;

/** A cluster whose node status a test sets; the gateway only reads {@link #nodes()}. */
final class FakeCluster implements FunctionCluster {
    final AtomicReference<List<NodeDTO>> nodes = new AtomicReference<>(List.of());

    @Override
    public String localNode() {
        return "mgmt-1";
    }

    @Override
    public List<NodeDTO> nodes() {
        return nodes.get();
    }

    @Override
    public Optional<String> leader() {
        return Optional.of("mgmt-1");
    }

    @Override
    public ClusterAppDTO putApp(ClusterAppDTO app, Path artifact) {
        throw new UnsupportedOperationException("the gateway does not publish");
    }

    @Override
    public boolean removeApp(String app) {
        throw new UnsupportedOperationException("the gateway does not publish");
    }

    @Override
    public List<ClusterAppDTO> apps() {
        return List.of();
    }

    @Override
    public Optional<ClusterAppDTO> app(String app) {
        return Optional.empty();
    }

    @Override
    public ClusterAppDTO setPlacement(String app, String group, int replicas) {
        throw new UnsupportedOperationException("the gateway does not place apps");
    }

    @Override
    public void putSettings(String app, Map<String, String> settings) {
        throw new UnsupportedOperationException("the gateway does not write settings");
    }

    @Override
    public Map<String, String> settings(String app) {
        return Map.of();
    }

    @Override
    public List<NodeAppDTO> appStates(String app) {
        return List.of();
    }

    @Override
    public CompletableFuture<List<NodeAppDTO>> converged(String app, String sha256) {
        return CompletableFuture.completedFuture(List.of());
    }
}
