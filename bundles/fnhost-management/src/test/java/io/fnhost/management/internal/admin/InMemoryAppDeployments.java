package io.fnhost.management.internal.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import io.fnhost.spi.AppDeploymentDTO;
import io.fnhost.spi.AppDeploymentException;
import io.fnhost.spi.FunctionAppDeployments;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionState;

/**
 * Test double of the core's deployer: "deploys" a bundle by reading its manifest, gives every app one
 * running HTTP function named after it, and refuses the next deployment when told to.
 */
public final class InMemoryAppDeployments implements FunctionAppDeployments {
    private final Map<String, AppDeploymentDTO> bySource = new TreeMap<>();
    private AppDeploymentException nextRefusal;
    private long nextBundleId = 100;
    private int deployCalls;
    private final List<String> timerFunctions = new ArrayList<>();

    /** Every later deployment also has a timer-triggered function {@code <app>-<suffix>}. */
    public synchronized void addTimerFunction(String suffix) {
        timerFunctions.add(suffix);
    }

    public synchronized int deployCalls() {
        return deployCalls;
    }

    public synchronized void refuseNext(AppDeploymentException refusal) {
        this.nextRefusal = refusal;
    }

    /** Pretends {@code app} runs from the deploy folder. */
    public synchronized void deployedFromFolder(String app) {
        AppDeploymentDTO dto = new AppDeploymentDTO();
        dto.source = "file:/opt/karaf/deploy/" + app + ".jar";
        dto.app = app;
        dto.version = "1.0.0";
        dto.bundleId = nextBundleId++;
        bySource.put(dto.source, dto);
    }

    @Override
    public synchronized AppDeploymentDTO deploy(String source, Path bundle) throws AppDeploymentException {
        deployCalls++;
        if (nextRefusal != null) {
            AppDeploymentException refusal = nextRefusal;
            nextRefusal = null;
            throw refusal;
        }
        Attributes main;
        try (JarFile jar = new JarFile(bundle.toFile())) {
            main = jar.getManifest().getMainAttributes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String sha;
        try {
            sha = sha256(bundle).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AppDeploymentDTO current = bySource.get(source);
        if (current != null && current.sha256Prefix.equals(sha)) {
            AppDeploymentDTO same = copy(current);
            same.unchanged = true;
            return same;
        }
        AppDeploymentDTO dto = new AppDeploymentDTO();
        dto.source = source;
        dto.app = main.getValue("Fnhost-FunctionApp");
        dto.symbolicName = main.getValue("Bundle-SymbolicName");
        dto.version = main.getValue("Bundle-Version");
        dto.sha256Prefix = sha;
        dto.bundleId = nextBundleId++;
        FunctionDTO fn = new FunctionDTO();
        fn.app = dto.app;
        fn.appVersion = dto.version;
        fn.bundleId = dto.bundleId;
        fn.name = dto.app + "-hello";
        fn.entryPoint = "example.Hello.run";
        fn.state = FunctionState.RUNNING;
        io.fnhost.spi.BindingDTO trigger = new io.fnhost.spi.BindingDTO();
        trigger.type = "httpTrigger";
        trigger.direction = "in";
        trigger.name = "req";
        fn.bindings.add(trigger);
        dto.functions.add(fn);
        for (String suffix : timerFunctions) {
            FunctionDTO timer = new FunctionDTO();
            timer.app = dto.app;
            timer.name = dto.app + "-" + suffix;
            timer.state = FunctionState.RUNNING;
            io.fnhost.spi.BindingDTO schedule = new io.fnhost.spi.BindingDTO();
            schedule.type = "timerTrigger";
            schedule.direction = "in";
            schedule.name = "timer";
            timer.bindings.add(schedule);
            dto.functions.add(timer);
        }
        bySource.put(source, dto);
        return copy(dto);
    }

    @Override
    public synchronized boolean undeploy(String source) {
        return bySource.remove(source) != null;
    }

    @Override
    public synchronized List<AppDeploymentDTO> deployments() {
        List<AppDeploymentDTO> result = new ArrayList<>();
        bySource.values().forEach(d -> result.add(copy(d)));
        return result;
    }

    public synchronized AppDeploymentDTO deployed(String source) {
        return bySource.get(source);
    }

    private static AppDeploymentDTO copy(AppDeploymentDTO d) {
        AppDeploymentDTO c = new AppDeploymentDTO();
        c.source = d.source;
        c.app = d.app;
        c.symbolicName = d.symbolicName;
        c.version = d.version;
        c.sha256Prefix = d.sha256Prefix;
        c.bundleId = d.bundleId;
        c.functions = new ArrayList<>(d.functions);
        return c;
    }

    private static String sha256(Path file) throws IOException {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(digest.digest(java.nio.file.Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String source(String app) {
        return FunctionAppDeployments.PUBLISHED_SOURCE_PREFIX + app;
    }
}
