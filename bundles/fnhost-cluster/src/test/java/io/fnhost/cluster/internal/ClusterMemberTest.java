package io.fnhost.cluster.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import io.fnhost.spi.NodeIdentity;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The component's lifecycle with a real member; the framework is a recording {@link BundleContext}. */
class ClusterMemberTest {
    /** The start thread's name, with the node's name: a thread of an earlier test may still be finishing. */
    private static final String START_THREAD = "fnhost-cluster-member-start-";
    private final CompletableFuture<Registered> registered = new CompletableFuture<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private ClusterMember member;

    record Registered(HazelcastInstance instance, Dictionary<String, ?> properties, String thread) {
    }

    @AfterEach
    void stop() {
        if (member != null) {
            member.deactivate();
        }
    }

    @Test
    void theMemberStartsOffTheActivationThreadIsRegisteredAndUnregisteredBeforeItStops() throws Exception {
        int port = freePort();
        member = new ClusterMember(context(), MemberConfigs.defaults().toConfig(), TestNodeIdentity.of("n1", NodeIdentity.WORKER), 8181,
                Map.of(ClusterMemberSettings.ENV_PORT, Integer.toString(port))::get);

        Registered service = registered.get(30, SECONDS);
        assertThat(service.thread()).isEqualTo(START_THREAD + "n1");
        assertThat(service.properties().get(NodeIdentity.NAME_PROPERTY)).isEqualTo("n1");
        assertThat(service.instance().getCluster().getLocalMember().getAttributes())
                .containsEntry("node", "n1").containsEntry("role", "worker")
                .containsEntry("httpUrl", "http://127.0.0.1:8181");
        assertThat(service.instance().getCluster().getLocalMember().getAddress().getPort()).isEqualTo(port);

        member.deactivate();
        member = null;

        assertThat(events).containsExactly("registered", "unregistered while running");
        assertThat(service.instance().getLifecycleService().isRunning()).isFalse();
    }

    @Test
    void aBadMemberListLogsAndStartsNothing() {
        member = new ClusterMember(context(), MemberConfigs.defaults().toConfig(), TestNodeIdentity.of("n2", NodeIdentity.WORKER), 8181,
                Map.of(ClusterMemberSettings.ENV_MEMBERS, "127.0.0.1:5701,foo:bar")::get);

        // the start thread is created in the constructor when the configuration is good
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).doesNotContain(START_THREAD + "n2");
        assertThat(registered).isNotDone();
    }

    @Test
    void deactivatedWhileStartingTheMemberIsShutDownAndNeverRegistered() throws Exception {
        int port = freePort();
        member = new ClusterMember(context(), MemberConfigs.defaults().toConfig(), TestNodeIdentity.of("n3", NodeIdentity.WORKER), 8181,
                Map.of(ClusterMemberSettings.ENV_PORT, Integer.toString(port))::get);
        Thread starter = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(START_THREAD + "n3"))
                .findFirst().orElseThrow();

        member.deactivate();
        member = null;
        starter.join(30_000);

        assertThat(starter.isAlive()).isFalse();
        assertThat(registered).isNotDone();
        assertThat(Hazelcast.getHazelcastInstanceByName("fnhost-n3-" + port)).isNull();
    }

    @SuppressWarnings("unchecked")
    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        HazelcastInstance instance = (HazelcastInstance) args[1];
                        events.add("registered");
                        registered.complete(new Registered(instance, (Dictionary<String, ?>) args[2],
                                Thread.currentThread().getName()));
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        events.add(instance.getLifecycleService().isRunning()
                                                ? "unregistered while running" : "unregistered after shutdown");
                                    }
                                    return null;
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
