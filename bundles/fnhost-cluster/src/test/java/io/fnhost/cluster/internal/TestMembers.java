package io.fnhost.cluster.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import io.fnhost.cluster.internal.state.ClusterMaps;

/**
 * Real Hazelcast members in this JVM, configured as {@link ClusterMember} configures them (loopback, TCP/IP
 * join, fast heartbeat), each on its own free port, in a cluster of their own so tests do not meet.
 */
public final class TestMembers implements AutoCloseable {
    private final String clusterName = "fnhost-test-" + UUID.randomUUID();
    private final List<Integer> ports = new ArrayList<>();
    private final List<HazelcastInstance> started = new ArrayList<>();

    /** Starts a member named {@code node} and waits until it has joined the others. */
    public HazelcastInstance start(String node, String role, String group, int capacity) {
        int port = freePort();
        ports.add(port);
        StringBuilder members = new StringBuilder();
        ports.forEach(p -> members.append(members.length() == 0 ? "" : ",").append("127.0.0.1:").append(p));
        Map<String, String> attributes = Map.of(ClusterMaps.ATTRIBUTE_NODE, node, ClusterMaps.ATTRIBUTE_ROLE, role,
                ClusterMaps.ATTRIBUTE_GROUP, group, ClusterMaps.ATTRIBUTE_CAPACITY, Integer.toString(capacity),
                ClusterMaps.ATTRIBUTE_HTTP_URL, "http://127.0.0.1:" + (8100 + ports.size()));
        ClusterMember.Config config = MemberConfigs.defaults().withClusterName(clusterName).withPort(port)
                .withMembers(members.toString()).toConfig();
        ClusterMemberSettings settings = ClusterMemberSettings.from(config, name -> null, attributes);
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(
                settings.toHazelcastConfig(getClass().getClassLoader()));
        started.add(instance);
        return instance;
    }

    @Override
    public void close() {
        for (HazelcastInstance instance : started) {
            if (instance.getLifecycleService().isRunning()) {
                instance.getLifecycleService().terminate();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
