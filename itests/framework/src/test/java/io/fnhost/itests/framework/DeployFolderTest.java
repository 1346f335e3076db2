package io.fnhost.itests.framework;

import static io.fnhost.spi.FunctionState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.InvocationResult;

/**
 * Function app jars copied into the deploy folder: fnhost-core's FileInstall installer deploys each new
 * version beside the running one, refuses a version that cannot start, leaves plain bundles to FileInstall,
 * and takes over function apps FileInstall installed while the core was stopped. The test bundle plays the
 * HTTP extension, as in {@link GreeterLifecycleTest}.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DeployFolderTest {
    static final String APP = "greeter";
    static final String GREETER = "io.fnhost.itests.greeter";
    static final String JAR = "greeter.jar";
    static final Map<String, FunctionState> V1 = Map.of("greet@1.0.0", RUNNING, "legacy@1.0.0", RUNNING, "slow@1.0.0", RUNNING);
    static final Map<String, FunctionState> V2 = Map.of("greet@2.0.0", RUNNING, "added@2.0.0", RUNNING, "slow@2.0.0", RUNNING);

    @InjectBundleContext
    BundleContext context;

    /** Followed dynamically: one test restarts the core, which registers a new runtime. */
    @InjectService(timeout = 10_000)
    ServiceAware<FunctionRuntime> runtimes;

    RecordingTriggerProvider httpTrigger;
    DeployFolder deploy;

    @BeforeEach
    void setUp() throws Exception {
        httpTrigger = new RecordingTriggerProvider("httpTrigger");
        httpTrigger.register(context);
        new RecordingBindingProvider("http").register(context);
        deploy = new DeployFolder(context);
        deploy.clear();
    }

    /** Location prefix of the greeter bundles fnhost deploys from greeter.jar. */
    String fnhostGreeter() {
        return deploy.fnhostLocation + JAR + "#";
    }

    @AfterEach
    void emptyTheFolder() throws Exception {
        deploy.clear();
    }

    @Test
    void copiedFunctionAppIsDeployedByFnhostAndAnswers() throws Exception {
        deploy.put(TestApps.jar(context, "greeter-v1"), JAR);

        TestApps.awaitStates(runtime(), APP, V1);
        for (String name : new String[] {"greet", "legacy"}) {
            Bundle b = context.getBundle(TestApps.function(runtime(), APP, name).bundleId);
            assertThat(b.getLocation()).as("location of %s's bundle", name).startsWith(fnhostGreeter());
        }
        assertThat(invokeGreet("1.0.0", "Ann")).isEqualTo("v1: Hello, Ann");
        assertThat(deploy.bundlesNamed(GREETER)).as("greeter bundles").hasSize(1);
    }

    @Test
    void replacingTheJarSwapsVersionsAndRefreshesNoOtherBundle() throws Exception {
        Bundle v1 = deployV1();
        Map<Long, List<Object>> before = wiringsOfOtherBundles();
        assertThat(before.values()).extracting(v -> v.get(0)).as("bundles that must stay untouched")
            .contains("io.fnhost.core", "io.fnhost.api", "com.google.gson", "org.apache.felix.scr",
                "org.apache.felix.fileinstall", "io.fnhost.itests.framework.tests");
        BundleEventLog log = BundleEventLog.register(context);

        deploy.put(TestApps.jar(context, "greeter-v2"), JAR);

        TestApps.awaitStates(runtime(), APP, V2);
        assertThat(invokeGreet("2.0.0", "Bob")).isEqualTo("v2: Hello, Bob");
        Bundle v2 = context.getBundle(TestApps.function(runtime(), APP, "greet").bundleId);
        assertThat(v2.getBundleId()).as("bundle id of version 2").isNotEqualTo(v1.getBundleId());
        assertThat(v2.getLocation()).startsWith(fnhostGreeter()).isNotEqualTo(v1.getLocation());
        assertThat(v2.getVersion()).isEqualTo(new Version(2, 0, 0));

        Await.until("version 1 uninstalled", () -> DeployFolder.state(v1.getState()), "UNINSTALLED"::equals);
        assertThat(context.getBundle(v1.getBundleId())).as("bundle " + v1.getBundleId()).isNull();
        assertThat(deploy.bundlesNamed(GREETER)).as("greeter bundles").containsExactly(v2);
        // the deployer refreshes the retired bundle asynchronously: wait for that refresh to end
        Await.until("a PACKAGES_REFRESHED event", log::packagesRefreshed, n -> n > 0);

        assertThat(log.eventsOfOtherThan(GREETER)).as("events of bundles other than greeter's").isEmpty();
        assertThat(wiringsOfOtherBundles()).as("state and wiring of every other bundle").isEqualTo(before);
        assertThat(log.bundleEvents).extracting(Object::toString).as("greeter bundle events")
            .contains("INSTALLED " + v2.getBundleId() + ":" + GREETER + "/2.0.0",
                "STARTED " + v2.getBundleId() + ":" + GREETER + "/2.0.0",
                "STOPPED " + v1.getBundleId() + ":" + GREETER + "/1.0.0",
                "UNINSTALLED " + v1.getBundleId() + ":" + GREETER + "/1.0.0");
    }

    @Test
    void jarThatCannotResolveIsRefusedAndTheRunningVersionStays() throws Exception {
        deploy.put(TestApps.jar(context, "greeter-v2"), JAR);
        TestApps.awaitStates(runtime(), APP, V2);
        Bundle v2 = context.getBundle(TestApps.function(runtime(), APP, "greet").bundleId);
        RecordingTriggerProvider.Listener greetV2 = httpTrigger.awaitListening(APP, "2.0.0", "greet");
        BundleEventLog log = BundleEventLog.register(context);

        deploy.put(TestApps.jar(context, "greeter-broken"), JAR);
        deploy.awaitPollProcessed();

        assertThat(deploy.bundlesNamed(GREETER)).as("greeter bundles after the broken jar was processed")
            .extracting(DeployFolder::describe).containsExactly(DeployFolder.describe(v2));
        assertThat(v2.getState()).as("state of version 2").isEqualTo(Bundle.ACTIVE);
        assertThat(TestApps.statesOf(runtime(), APP)).isEqualTo(V2);
        assertThat(httpTrigger.listening(APP, "2.0.0", "greet")).as("greet's listener, never restarted")
            .containsSame(greetV2);
        assertThat(invokeGreet("2.0.0", "Cy")).isEqualTo("v2: Hello, Cy");
        assertThat(log.bundleEvents).as("events of version 3").filteredOn(e -> "3.0.0".equals(e.version))
            .noneMatch(e -> e.type == BundleEvent.RESOLVED || e.type == BundleEvent.STARTED);
    }

    @Test
    void plainBundleIsInstalledByFileInstallAsUsual() throws Exception {
        String name = "plain.jar";
        String location = deploy.fileInstallLocation(name);

        deploy.putPlainBundle(name, "io.fnhost.itests.plain");

        Bundle plain = Await.until("FileInstall to install " + name, () -> deploy.bundleAt(location),
            Optional::isPresent).get();
        Await.until(name + " started", () -> DeployFolder.state(plain.getState()), "ACTIVE"::equals);
        assertThat(plain.getSymbolicName()).isEqualTo("io.fnhost.itests.plain");
        assertThat(deploy.bundlesAt(deploy.fnhostLocation)).as("bundles fnhost deployed").isEmpty();
    }

    @Test
    void deletingTheJarUndeploysTheApp() throws Exception {
        Bundle v1 = deployV1();

        deploy.delete(JAR);

        TestApps.awaitStates(runtime(), APP, Map.of());
        Await.until("the greeter bundle uninstalled", () -> DeployFolder.state(v1.getState()),
            "UNINSTALLED"::equals);
        assertThat(deploy.bundlesNamed(GREETER)).as("greeter bundles").isEmpty();
    }

    @Test
    void appFileInstallInstalledWhileTheCoreWasStoppedIsTakenOver() throws Exception {
        Bundle installedByFileInstall = takeOverV1();

        assertThat(installedByFileInstall.getState()).as("FileInstall's own bundle").isEqualTo(Bundle.UNINSTALLED);
        assertThat(invokeGreet("1.0.0", "Di")).isEqualTo("v1: Hello, Di");
        // FileInstall must not install its copy again once it has polled after the take-over
        deploy.awaitPollProcessed();
        assertThat(deploy.bundlesNamed(GREETER)).as("greeter bundles a poll after the take-over")
            .extracting(Bundle::getLocation).singleElement().asString().startsWith(fnhostGreeter());
    }

    /** The jar stays the way to remove the app after a take-over, as for any other deployed jar. */
    @Test
    void takenOverAppIsUndeployedWhenItsJarIsDeleted() throws Exception {
        takeOverV1();
        Bundle deployed = context.getBundle(TestApps.function(runtime(), APP, "greet").bundleId);

        deploy.delete(JAR);

        Await.until("the taken-over greeter bundle " + deployed.getLocation() + " uninstalled after " + JAR
            + " was deleted", () -> DeployFolder.state(deployed.getState()), "UNINSTALLED"::equals);
        TestApps.awaitStates(runtime(), APP, Map.of());
    }

    /** The folder is the truth: an app whose jar went away while the core was down must not keep running. */
    @Test
    void appWhoseJarWasDeletedWhileTheCoreWasStoppedIsUndeployedWhenItStarts() throws Exception {
        Bundle v1 = deployV1();
        Bundle core = bundle("io.fnhost.core");
        core.stop();
        try {
            deploy.delete(JAR);
            deploy.awaitPollProcessed();
        } finally {
            core.start();
        }

        Await.until("bundle " + v1.getLocation() + " uninstalled once the core is back (its jar is gone)",
            () -> DeployFolder.state(v1.getState()), "UNINSTALLED"::equals);
        TestApps.awaitStates(runtime(), APP, Map.of());
    }

    /** Copies greeter-v1 into the folder and waits until it runs; returns its bundle. */
    private Bundle deployV1() throws Exception {
        deploy.put(TestApps.jar(context, "greeter-v1"), JAR);
        TestApps.awaitStates(runtime(), APP, V1);
        Bundle v1 = context.getBundle(TestApps.function(runtime(), APP, "greet").bundleId);
        assertThat(v1.getLocation()).startsWith(fnhostGreeter());
        return v1;
    }

    /**
     * With the core stopped, FileInstall installs greeter-v1 itself; the core, started again, must move it
     * onto its own location. Returns the bundle FileInstall installed.
     */
    private Bundle takeOverV1() throws Exception {
        Bundle core = bundle("io.fnhost.core");
        String fileLocation = deploy.fileInstallLocation(JAR);
        Bundle installedByFileInstall;
        core.stop();
        try {
            deploy.put(TestApps.jar(context, "greeter-v1"), JAR);
            installedByFileInstall = Await.until("FileInstall to install " + JAR + " itself",
                () -> deploy.bundleAt(fileLocation), Optional::isPresent).get();
            assertThat(installedByFileInstall.getSymbolicName()).isEqualTo(GREETER);
            Bundle own = installedByFileInstall;
            Await.until("FileInstall to start " + JAR, () -> DeployFolder.state(own.getState()), "ACTIVE"::equals);
        } finally {
            core.start();
        }

        // The core deploys the jar itself, then parks it outside the folder until FileInstall has dropped
        // its own bundle, and puts it back for FileInstall to offer to the core's installer.
        Await.until("FileInstall's " + JAR + " bundle replaced", () -> deploy.bundleAt(fileLocation),
            Optional::isEmpty);
        Await.until(JAR + " back in the deploy folder", () -> java.nio.file.Files.exists(deploy.root.resolve(JAR)),
            Boolean::booleanValue);
        FunctionRuntime runtime = runtime();
        TestApps.awaitStates(runtime, APP, V1);
        Await.until("greet running from a bundle fnhost deployed",
            () -> context.getBundle(TestApps.function(runtime, APP, "greet").bundleId).getLocation(),
            location -> location.startsWith(fnhostGreeter()));
        return installedByFileInstall;
    }

    private FunctionRuntime runtime() throws InterruptedException {
        FunctionRuntime runtime = runtimes.waitForService(Await.TIMEOUT.toMillis());
        assertThat(runtime).as("FunctionRuntime service").isNotNull();
        return runtime;
    }

    private String invokeGreet(String version, String name) {
        InvocationResult result = httpTrigger.awaitListening(APP, version, "greet").invoker
            .invoke(TestHttpRequest.get("greet/" + name, Map.of("name", name)));
        assertThat(result.error()).as("invocation error").isNull();
        return (String) result.output(BindingDTO.RETURN);
    }

    private Bundle bundle(String symbolicName) {
        List<Bundle> found = deploy.bundlesNamed(symbolicName);
        assertThat(found).as("bundles named " + symbolicName).hasSize(1);
        return found.get(0);
    }

    /** Id to symbolic name, state and wiring of every bundle except greeter's: a refresh replaces the wiring. */
    private Map<Long, List<Object>> wiringsOfOtherBundles() {
        Map<Long, List<Object>> result = new LinkedHashMap<>();
        Arrays.stream(context.getBundles()).filter(b -> !GREETER.equals(b.getSymbolicName())).forEach(b -> {
            BundleWiring wiring = b.adapt(BundleWiring.class);
            result.put(b.getBundleId(), List.of(b.getSymbolicName(), DeployFolder.state(b.getState()),
                wiring == null ? "no wiring" : wiring));
        });
        return result;
    }
}
