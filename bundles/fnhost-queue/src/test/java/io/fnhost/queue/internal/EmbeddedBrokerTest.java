package io.fnhost.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceRegistration;

import io.fnhost.spi.BrokerEndpoint;

/** The broker's role gate and its {@link BrokerEndpoint}. */
class EmbeddedBrokerTest {
    @TempDir
    Path journal;

    @Test
    void registersItsEndpointOnceItAcceptsConnectionsAndUnregistersItBeforeStopping() throws Exception {
        int port = QueueTriggerTest.freePort();
        CompletableFuture<String> registeredUrl = new CompletableFuture<>();
        AtomicBoolean unregistered = new AtomicBoolean();
        EmbeddedBroker broker = new EmbeddedBroker(null, true, "127.0.0.1", port, journal, 16, url -> {
            registeredUrl.complete(url);
            return registration(unregistered);
        });
        try {
            String url = registeredUrl.get(30, TimeUnit.SECONDS);

            assertThat(url).isEqualTo("tcp://127.0.0.1:" + port);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000); // it really accepts
            }
        } finally {
            broker.stop();
        }
        assertThat(unregistered).isTrue();
    }

    @Test
    void aNodeWithoutTheManagementRoleRunsNoBrokerAndTakesNoPort() throws IOException {
        int port = QueueTriggerTest.freePort();
        AtomicBoolean registered = new AtomicBoolean();
        EmbeddedBroker broker = new EmbeddedBroker("The node's role is worker: it runs no embedded queue broker", true,
                "127.0.0.1", port, journal, 16, url -> {
                    registered.set(true);
                    return registration(new AtomicBoolean());
                });

        assertThat(broker.enabled()).isFalse();
        assertThatThrownBy(() -> broker.awaitStarted(1_000)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("role is worker");
        try (ServerSocket free = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(free.getLocalPort()).isEqualTo(port);
        }
        broker.stop();
        assertThat(registered).isFalse();
    }

    @Test
    void advertisesTheBoundInterfaceOrThisMachineWhenBoundToAll() {
        assertThat(EmbeddedBroker.advertisedHost("10.0.0.5")).isEqualTo("10.0.0.5");
        assertThat(EmbeddedBroker.advertisedHost("::1")).isEqualTo("[::1]");
        assertThat(EmbeddedBroker.advertisedHost("0.0.0.0")).isNotEqualTo("0.0.0.0").isNotBlank();
    }

    @SuppressWarnings("unchecked")
    private static ServiceRegistration<BrokerEndpoint> registration(AtomicBoolean unregistered) {
        return (ServiceRegistration<BrokerEndpoint>) Proxy.newProxyInstance(EmbeddedBrokerTest.class.getClassLoader(),
                new Class<?>[] { ServiceRegistration.class }, (proxy, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        unregistered.set(true);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
