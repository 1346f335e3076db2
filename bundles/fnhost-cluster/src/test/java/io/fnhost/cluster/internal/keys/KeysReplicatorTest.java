package io.fnhost.cluster.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.listener.EntryUpdatedListener;

import io.fnhost.spi.KeyReplication;
import io.fnhost.cluster.internal.TestNodeIdentity;
import io.fnhost.spi.NodeIdentity;

/** Two real members in a cluster of their own: what the management node publishes, the worker imports. */
class KeysReplicatorTest {
    private static HazelcastInstance managementMember;
    private static HazelcastInstance workerMember;

    @BeforeAll
    static void startMembers() throws IOException {
        String cluster = "fnhost-keys-test-" + UUID.randomUUID();
        int first = freePort();
        int second = freePort();
        String members = "127.0.0.1:" + first + ",127.0.0.1:" + second;
        managementMember = Hazelcast.newHazelcastInstance(config(cluster, first, members));
        workerMember = Hazelcast.newHazelcastInstance(config(cluster, second, members));
    }

    @AfterAll
    static void stopMembers() {
        workerMember.getLifecycleService().terminate();
        managementMember.getLifecycleService().terminate();
    }

    @Test
    void aWorkerImportsWhatTheManagementNodePublishesAtStartAndOnEveryChange() throws Exception {
        RecordingKeys management = new RecordingKeys("{\"host\":[{\"name\":\"default\",\"value\":\"v1\"}]}");
        RecordingKeys worker = new RecordingKeys("{\"host\":[]}");
        KeysReplicator publisher = new KeysReplicator(TestNodeIdentity.of(NodeIdentity.MANAGEMENT + "-node", NodeIdentity.MANAGEMENT), management);
        KeysReplicator importer = new KeysReplicator(TestNodeIdentity.of(NodeIdentity.WORKER + "-node", NodeIdentity.WORKER), worker);
        management.change("{\"host\":[{\"name\":\"default\",\"value\":\"v0\"}]}"); // no member yet: nothing happens
        management.document = "{\"host\":[{\"name\":\"default\",\"value\":\"v1\"}]}";
        publisher.bindHazelcast(managementMember);
        importer.bindHazelcast(workerMember);
        try {
            worker.awaitImported(management.document);

            management.change("{\"host\":[{\"name\":\"ci\",\"value\":\"v2\"}]}");
            worker.awaitImported("{\"host\":[{\"name\":\"ci\",\"value\":\"v2\"}]}");
            management.change("{\"host\":[{\"name\":\"ci\",\"value\":\"v2\"}]}"); // published again, unchanged
            management.change("{\"host\":[{\"name\":\"ci\",\"value\":\"v2b\"}]}");
            worker.awaitImported("{\"host\":[{\"name\":\"ci\",\"value\":\"v2b\"}]}");
            assertThat(worker.history).as("the same document is written once").doesNotHaveDuplicates();
            assertThat(management.imported).as("the management node imports nothing").isEmpty();
            assertThat(worker.listeners).as("a worker publishes nothing").isEmpty();

            // without its member the worker imports nothing more; with it again, the current keys at once
            importer.unbindHazelcast(workerMember);
            CountDownLatch published = publishedLatch("{\"host\":[{\"name\":\"ci\",\"value\":\"v3\"}]}");
            management.change("{\"host\":[{\"name\":\"ci\",\"value\":\"v3\"}]}");
            assertThat(published.await(15, TimeUnit.SECONDS)).as("published while the worker is away").isTrue();
            publisher.unbindHazelcast(managementMember);
            assertThat(worker.imported).as("nothing imported while the worker is away")
                    .doesNotContain("{\"host\":[{\"name\":\"ci\",\"value\":\"v3\"}]}");
            importer.bindHazelcast(workerMember);
            worker.awaitImported("{\"host\":[{\"name\":\"ci\",\"value\":\"v3\"}]}");
        } finally {
            importer.stop();
            publisher.stop();
        }
        assertThat(management.listeners).as("the change listener is removed").isEmpty();
    }

    /** Listens to the management member's map; {@link CountDownLatch#await} on the result until {@code expected} is there. */
    private static CountDownLatch publishedLatch(String expected) {
        CountDownLatch published = new CountDownLatch(1);
        managementMember.<String, String>getMap(KeysReplicator.MAP).addEntryListener(
                (EntryUpdatedListener<String, String>) event -> {
                    if (expected.equals(event.getValue())) {
                        published.countDown();
                    }
                }, KeysReplicator.ENTRY, true);
        return published;
    }

    /** A node's keys reduced to its document; counts what the replicator does with it. */
    private static final class RecordingKeys implements KeyReplication {
        volatile String document;
        final BlockingQueue<String> imported = new LinkedBlockingQueue<>();
        final List<String> history = new CopyOnWriteArrayList<>();
        final List<Runnable> listeners = new CopyOnWriteArrayList<>();

        RecordingKeys(String document) {
            this.document = document;
        }

        /** Waits (up to 15 s: a shared machine) until {@code expected} is imported; earlier imports are skipped. */
        void awaitImported(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            String last = null;
            while (!expected.equals(last)) {
                long left = deadline - System.nanoTime();
                last = left <= 0 ? null : imported.poll(left, TimeUnit.NANOSECONDS);
                assertThat(last).as("imported " + expected + " within 15 s").isNotNull();
            }
        }

        void change(String changed) {
            document = changed;
            listeners.forEach(Runnable::run);
        }

        @Override
        public String exportKeys() {
            return document;
        }

        @Override
        public void importKeys(String imported) {
            document = imported;
            this.imported.add(imported);
            history.add(imported);
        }

        @Override
        public AutoCloseable onChange(Runnable listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }
    }

    private static Config config(String cluster, int port, String members) {
        Config config = new Config().setClusterName(cluster).setInstanceName(cluster + "-" + port);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        NetworkConfig network = config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(List.of(members.split(",")));
        return config;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
