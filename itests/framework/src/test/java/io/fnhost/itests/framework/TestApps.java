package io.fnhost.itests.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.FunctionState;

/**
 * The test function apps (greeter-v1, greeter-v2, greeter-broken, mixed), built by their own modules and copied
 * to the directory the framework property {@value #APPS_PROPERTY} names (see test.bndrun).
 */
final class TestApps {
    static final String APPS_PROPERTY = "fnhost.itests.apps";
    private static final AtomicInteger installs = new AtomicInteger();

    private TestApps() {
    }

    static Path jar(BundleContext context, String name) {
        String dir = context.getProperty(APPS_PROPERTY);
        assertThat(dir).as("framework property " + APPS_PROPERTY).isNotNull();
        Path jar = Paths.get(dir, name + ".jar");
        assertThat(jar).as("test app " + name).isRegularFile();
        return jar;
    }

    /**
     * Installs and starts a test app. The location is new each time so that the injected (closeable)
     * context uninstalls it after the test.
     */
    static Bundle install(BundleContext context, String name) throws IOException, BundleException {
        Bundle bundle;
        try (InputStream in = Files.newInputStream(jar(context, name))) {
            bundle = context.installBundle("fnhost-itest:" + name + "#" + installs.incrementAndGet(), in);
        }
        bundle.start();
        return bundle;
    }

    /** Replaces {@code bundle}'s content with the test app {@code name} (Bundle.update). */
    static void update(Bundle bundle, BundleContext context, String name) throws IOException, BundleException {
        try (InputStream in = Files.newInputStream(jar(context, name))) {
            bundle.update(in);
        }
    }

    /** The functions of every deployed version of {@code app}, in the runtime's order. */
    static List<FunctionDTO> functionsOf(FunctionRuntime runtime, String app) {
        return runtime.functions().stream().filter(f -> app.equals(f.app)).collect(Collectors.toList());
    }

    /** The states of {@code app}'s functions keyed {@code name@appVersion}, sorted. */
    static Map<String, FunctionState> statesOf(FunctionRuntime runtime, String app) {
        Map<String, FunctionState> states = new TreeMap<>();
        for (FunctionDTO f : functionsOf(runtime, app)) {
            states.put(f.name + "@" + f.appVersion, f.state);
        }
        return states;
    }

    /** Waits until {@code app}'s function states are exactly {@code expected} (keys {@code name@appVersion}). */
    static Map<String, FunctionState> awaitStates(FunctionRuntime runtime, String app, Map<String, FunctionState> expected) {
        return Await.until("function states of app " + app + " to be " + new TreeMap<>(expected),
            () -> statesOf(runtime, app), expected::equals);
    }

    /** The function {@code name} of {@code app}; fails when there is not exactly one. */
    static FunctionDTO function(FunctionRuntime runtime, String app, String name) {
        List<FunctionDTO> found = functionsOf(runtime, app).stream().filter(f -> name.equals(f.name))
            .collect(Collectors.toList());
        assertThat(found).as("functions named %s in app %s", name, app).hasSize(1);
        return found.get(0);
    }
}
