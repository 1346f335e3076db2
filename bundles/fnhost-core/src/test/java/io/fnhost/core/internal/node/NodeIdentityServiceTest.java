package io.fnhost.core.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.fnhost.spi.NodeIdentity;

class NodeIdentityServiceTest {
    private record Registered(Object service, Dictionary<String, ?> properties) {
    }

    private final List<Registered> registered = new ArrayList<>();
    private final List<Registered> unregistered = new ArrayList<>();

    @Test
    void registersTheIdentityWithNameAndRoleProperties() {
        NodeIdentityService service = new NodeIdentityService(context(), config("worker", "", "blue", 2),
                Map.of("FNHOST_NODE_NAME", "w7"), "vm1");

        assertThat(service.registered()).isTrue();
        assertThat(registered).hasSize(1);
        NodeIdentity node = (NodeIdentity) registered.get(0).service();
        assertThat(node.name()).isEqualTo("w7");
        assertThat(node.role()).isEqualTo("worker");
        assertThat(node.group()).isEqualTo("blue");
        assertThat(node.capacity()).isEqualTo(2);
        assertThat(registered.get(0).properties().get(NodeIdentity.NAME_PROPERTY)).isEqualTo("w7");
        assertThat((String[]) registered.get(0).properties().get(NodeIdentity.ROLE_PROPERTY)).containsExactly("worker");

        service.unregister();
        assertThat(unregistered).hasSize(1);
    }

    @Test
    void anInvalidRoleRegistersNothing() {
        NodeIdentityService service = new NodeIdentityService(context(), config("standalone", "", "default", 1),
                Map.of("FNHOST_ROLE", "manager"), "vm1");

        assertThat(service.registered()).isFalse();
        assertThat(registered).isEmpty();
        service.unregister(); // nothing to unregister, no failure
        assertThat(unregistered).isEmpty();
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    @SuppressWarnings("unchecked")
                    Registered r = new Registered(args[1], (Dictionary<String, ?>) args[2]);
                    registered.add(r);
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { ServiceRegistration.class },
                            (p, m, a) -> {
                                if (m.getName().equals("unregister")) {
                                    unregistered.add(r);
                                    return null;
                                }
                                throw new UnsupportedOperationException(m.getName());
                            });
                });
    }

    private static NodeIdentityService.Config config(String role, String name, String group, int capacity) {
        Map<String, Object> values = Map.of("role", role, "name", name, "group", group, "capacity", capacity);
        return (NodeIdentityService.Config) Proxy.newProxyInstance(NodeIdentityServiceTest.class.getClassLoader(),
                new Class<?>[] { NodeIdentityService.Config.class }, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return NodeIdentityService.Config.class;
                    }
                    return values.get(method.getName());
                });
    }
}
