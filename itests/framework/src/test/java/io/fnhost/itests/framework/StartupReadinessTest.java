package io.fnhost.itests.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.HostStatusDTO;

/**
 * Host status and readiness across a simulated node start: the framework is lowered below its
 * beginning start level (2, test.bndrun), fnhost-core restarts there, and an app bundle persistently
 * started at level 2 is "present at start" until the framework climbs back and the app is deployed.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class StartupReadinessTest {
    static final String READINESS_PID = "io.fnhost.core.StartupReadiness";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    FrameworkStartLevel framework;
    Bundle core;

    @BeforeEach
    void findCoreAndStartLevels() {
        framework = context.getBundle(0).adapt(FrameworkStartLevel.class);
        assertThat(framework.getStartLevel()).as("the framework's start level (beginning level in test.bndrun)")
            .isEqualTo(2);
        for (Bundle b : context.getBundles()) {
            if ("io.fnhost.core".equals(b.getSymbolicName())) {
                core = b;
            }
        }
        assertThat(core).as("the fnhost-core bundle").isNotNull();
        new RecordingTriggerProvider("httpTrigger").register(context);
        new RecordingBindingProvider("http").register(context);
    }

    @AfterEach
    void restoreFramework() throws Exception {
        setFrameworkStartLevel(2);
        Configuration c = configAdmin.getConfiguration(READINESS_PID, "?");
        c.delete();
        if (core.getState() != Bundle.ACTIVE) {
            core.start();
        }
        Await.until("the host running again", () -> runtime() != null && runtime().running(), r -> r);
    }

    @Test
    void aRunningHostReportsItsStatus() throws Exception {
        FunctionRuntime runtime = Await.until("FunctionRuntime", this::runtime, r -> r != null);
        HostStatusDTO status = runtime.hostStatus();
        assertThat(runtime.running()).isTrue();
        assertThat(status.state).isEqualTo(HostStatusDTO.RUNNING);
        assertThat(status.id).isNotBlank();
        assertThat(status.computerName).isNotBlank();
        assertThat(status.version).isEqualTo(core.getVersion().toString());
        assertThat(status.instanceId).isNotBlank();
        assertThat(status.processUptime).isPositive();
        assertThat(runtime.hostStatus().instanceId).as("stable while the host runs").isEqualTo(status.instanceId);
    }

    @Test
    void startingUntilAnAppPresentAtStartIsDeployedThenRunning() throws Exception {
        Bundle app = installAtStartLevel2("greeter-v1");
        String instanceBefore = runtime().hostStatus().instanceId;
        simulateBootBelowBeginningLevel();

        FunctionRuntime runtime = Await.until("FunctionRuntime after the core restart", this::runtime, r -> r != null);
        assertThat(runtime.running()).isFalse();
        HostStatusDTO starting = runtime.hostStatus();
        assertThat(starting.state).isEqualTo(HostStatusDTO.STARTING);
        assertThat(starting.instanceId).as("a new run of the host").isNotEqualTo(instanceBefore);

        setFrameworkStartLevel(2);
        Await.until("the host running", () -> runtime().running(), r -> r);
        HostStatusDTO running = runtime().hostStatus();
        assertThat(running.state).isEqualTo(HostStatusDTO.RUNNING);
        assertThat(running.errors).isEmpty();
        assertThat(TestApps.functionsOf(runtime(), "greeter")).as("greeter deployed").isNotEmpty();
        assertThat(app.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void afterTheStartupTimeoutTheHostRunsAndNamesWhatNeverCame() throws Exception {
        installAtStartLevel2("greeter-v1");
        configAdmin.getConfiguration(READINESS_PID, "?")
            .update(new Hashtable<>(Map.of("startupTimeoutSeconds", 1)));
        simulateBootBelowBeginningLevel();

        FunctionRuntime runtime = Await.until("the host running after its 1 s cap", this::runtime,
            r -> r != null && r.running(), Duration.ofSeconds(15));
        HostStatusDTO status = runtime.hostStatus();
        assertThat(status.state).isEqualTo(HostStatusDTO.RUNNING);
        assertThat(status.errors).anySatisfy(e -> assertThat(e).contains("greeter").contains("startup timeout"));
        assertThat(status.errors).anySatisfy(e -> assertThat(e).contains("beginning start level 2"));
    }

    /** Installs a test app persistently started at start level 2 (running now: the framework is at 2). */
    private Bundle installAtStartLevel2(String name) throws Exception {
        Bundle app;
        try (var in = java.nio.file.Files.newInputStream(TestApps.jar(context, name))) {
            app = context.installBundle("fnhost-itest:readiness-" + name + "#" + System.nanoTime(), in);
        }
        app.adapt(BundleStartLevel.class).setStartLevel(2);
        app.start();
        Await.until("app running", () -> app.getState(), s -> s == Bundle.ACTIVE);
        return app;
    }

    /** The framework drops to level 1 (the app stops, still persistently started) and fnhost-core restarts there. */
    private void simulateBootBelowBeginningLevel() throws Exception {
        setFrameworkStartLevel(1);
        core.stop();
        core.start();
    }

    private void setFrameworkStartLevel(int level) throws InterruptedException {
        if (framework.getStartLevel() == level) {
            return;
        }
        CountDownLatch changed = new CountDownLatch(1);
        framework.setStartLevel(level, event -> {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                changed.countDown();
            }
        });
        assertThat(changed.await(10, TimeUnit.SECONDS)).as("start level changed to " + level).isTrue();
    }

    private FunctionRuntime runtime() {
        ServiceReference<FunctionRuntime> ref = context.getServiceReference(FunctionRuntime.class);
        return ref == null ? null : context.getService(ref);
    }
}
