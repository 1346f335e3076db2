package io.fnhost.itests.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.NodeIdentity;

/**
 * The node's role (configuration {@code io.fnhost.node}): a management-only node deploys and validates
 * apps but starts none of their triggers; back to standalone, they run.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ManagementRoleTest {
    private static final String MANAGEMENT_ONLY = "this node's role is management: functions run on the workers";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @AfterEach
    void backToStandalone() throws Exception {
        Configuration node = configAdmin.getConfiguration("io.fnhost.node", "?");
        node.delete();
        awaitRole(List.of("worker", "management"));
    }

    @Test
    void aManagementOnlyNodeDeploysAppsButStartsNoTrigger() throws Exception {
        RecordingTriggerProvider httpTrigger = new RecordingTriggerProvider("httpTrigger");
        httpTrigger.register(context);
        new RecordingBindingProvider("http").register(context);
        RecordingTriggerProvider kafkaTrigger = new RecordingTriggerProvider("kafkaTrigger");
        kafkaTrigger.register(context);

        configAdmin.getConfiguration("io.fnhost.node", "?").update(new Hashtable<>(Map.of("role", "management",
                "name", "mgmt-test")));
        NodeIdentity node = awaitRole(List.of("management"));
        assertThat(node.name()).isEqualTo("mgmt-test");
        assertThat(node.runsFunctions()).isFalse();

        TestApps.install(context, "mixed");
        Map<String, FunctionState> states = Map.of("1bad@1.0.0", FunctionState.ERROR, "overloaded@1.0.0",
            FunctionState.ERROR, "twoTriggers@1.0.0", FunctionState.ERROR, "kafka@1.0.0", FunctionState.WAITING,
            "ok@1.0.0", FunctionState.WAITING);
        Await.until("the mixed app's functions: validated (bad ones in ERROR), the good ones waiting",
            () -> runtime() == null ? Map.<String, FunctionState>of() : TestApps.statesOf(runtime(), "mixed"),
            states::equals);
        assertThat(TestApps.functionsOf(runtime(), "mixed")).filteredOn(f -> f.state == FunctionState.WAITING)
            .allSatisfy(f -> {
                assertThat(f.stateMessage).isEqualTo(MANAGEMENT_ONLY);
                assertThat(f.waitingFor).isEmpty();
            });
        assertThat(httpTrigger.events).isEmpty();
        assertThat(kafkaTrigger.events).isEmpty();

        // A standalone node again: the same app's triggers start.
        configAdmin.getConfiguration("io.fnhost.node", "?").delete();
        awaitRole(List.of("worker", "management"));
        Await.until("the mixed app's good functions running",
            () -> runtime() == null ? Map.<String, FunctionState>of() : TestApps.statesOf(runtime(), "mixed"),
            now -> now.get("kafka@1.0.0") == FunctionState.RUNNING && now.get("ok@1.0.0") == FunctionState.RUNNING);
        assertThat(kafkaTrigger.events).containsExactly("start kafka disabled=false");
    }

    /** The registered identity once its role property is exactly {@code roles}. */
    private NodeIdentity awaitRole(List<String> roles) {
        ServiceReference<NodeIdentity> ref = Await.until("a NodeIdentity with roles " + roles,
            () -> context.getServiceReference(NodeIdentity.class),
            r -> r != null && List.of((String[]) r.getProperty(NodeIdentity.ROLE_PROPERTY)).equals(roles));
        return context.getService(ref);
    }

    /** The current function runtime: a change of role replaces it. */
    private FunctionRuntime runtime() {
        ServiceReference<FunctionRuntime> ref = context.getServiceReference(FunctionRuntime.class);
        return ref == null ? null : context.getService(ref);
    }
}
