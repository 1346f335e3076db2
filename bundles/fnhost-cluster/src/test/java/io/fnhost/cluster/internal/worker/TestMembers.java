package io.fnhost.cluster.internal.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import io.fnhost.cluster.internal.state.ClusterMaps;

/** Real Hazelcast members on 127.0.0.1 for tests: a fresh cluster name and free ports per cluster. */
public final class TestMembers implements AutoCloseable {
    private final String clusterName = "fnhost-test-" + java.util.UUID.randomUUID();
    private final List<Integer> ports = new ArrayList<>();
    private final List<HazelcastInstance> members = new ArrayList<>();

    /** Starts a member named {@code node} that joins the members started before it. */
    public HazelcastInstance start(String node) {
        int port = freePort();
        ports.add(port);
        Config c = new Config();
        c.setClusterName(clusterName);
        c.setInstanceName(clusterName + "-" + node);
        c.setClassLoader(TestMembers.class.getClassLoader());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "none");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        NetworkConfig n = c.getNetworkConfig();
        n.setPort(port).setPortAutoIncrement(false);
        n.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        n.getRestApiConfig().setEnabled(false);
        JoinConfig j = n.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true);
        for (int p : ports) {
            j.getTcpIpConfig().addMember("127.0.0.1:" + p);
        }
        c.getMemberAttributeConfig().setAttribute(ClusterMaps.ATTRIBUTE_NODE, node);
        c.getMemberAttributeConfig().setAttribute(ClusterMaps.ATTRIBUTE_HTTP_URL, "http://127.0.0.1:" + (port + 1000));
        HazelcastInstance member = Hazelcast.newHazelcastInstance(c);
        members.add(member);
        return member;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (HazelcastInstance m : members) {
            m.getLifecycleService().terminate();
        }
    }
}
