package io.fnhost.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the node has finished starting: the host is {@code Starting} until every function app that
 * was present when the node started has been deployed (or has failed), and the framework has reached
 * its beginning start level; then {@code Running}, for good. "Present at start" means:
 * <ul>
 * <li>bundles with the {@code Fnhost-FunctionApp} header that are persistently started with a start
 * level at or below the framework's beginning start level (they will be started by the boot), known
 * here when this component activates, and reported by the extender ({@link #appDeployed},
 * {@link #appFailed}) or by the framework (a start error, an uninstall);</li>
 * <li>function app jars in the deploy folder whose exact bytes are not deployed yet, announced by the
 * deploy-folder installer at its activation ({@link #expectFile}) and reported when it has handled them.</li>
 * </ul>
 * A cap ({@code startupTimeoutSeconds}) turns the host {@code Running} anyway, and what never came is
 * listed in {@link #errors()}. A component of its own so that a restart of the extender does not send
 * a running node back to {@code Starting}.
 */
@Component(service = StartupReadiness.class, configurationPid = StartupReadiness.PID, immediate = true)
@Designate(ocd = StartupReadiness.Config.class)
public final class StartupReadiness implements FrameworkListener, BundleListener {
    private static final Logger LOG = LoggerFactory.getLogger(StartupReadiness.class);
    static final String PID = "io.fnhost.core.StartupReadiness";

    @ObjectClassDefinition(name = "fnhost startup readiness",
            description = "When the host reports Running (GET /admin/host/status; HTTP answers 503 until then).")
    public @interface Config {
        @AttributeDefinition(name = "Startup timeout (seconds)", description = "Longest time the host stays Starting "
                + "while waiting for the function apps present at start; after it the host is Running anyway and "
                + "host status lists the apps that never came.", min = "1")
        int startupTimeoutSeconds() default 120;
    }

    private final BundleContext context;
    private final int beginningStartLevel;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    // Guarded by lock: key ("bundle:<id>" or a deploy-folder source) -> what to call it in errors.
    private final Map<String, String> pending = new LinkedHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<LongConsumer> runningListeners = new CopyOnWriteArrayList<>();
    private ScheduledFuture<?> timeout;
    private int timeoutSeconds;
    private volatile boolean running;
    /** How long the start took; set before {@link #running} listeners hear of it. */
    private volatile long runningAfterMillis = -1;

    @Activate
    public StartupReadiness(BundleContext context, Config config) {
        this.context = context;
        this.beginningStartLevel = beginningStartLevel(context);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fnhost-startup-timeout");
            t.setDaemon(true);
            return t;
        });
        context.addBundleListener(this);
        context.addFrameworkListener(this);
        synchronized (lock) {
            for (Bundle b : context.getBundles()) {
                if (presentAtStart(b)) {
                    pending.put(key(b), describe(b));
                }
            }
            schedule(config);
        }
        check();
    }

    @Modified
    void modified(Config config) {
        synchronized (lock) {
            schedule(config);
        }
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        context.removeFrameworkListener(this);
        timer.shutdownNow();
    }

    private void schedule(Config config) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        timeoutSeconds = Math.max(1, config.startupTimeoutSeconds());
        long remaining = TimeUnit.SECONDS.toNanos(timeoutSeconds) - (System.nanoTime() - startNanos);
        timeout = timer.schedule(this::timedOut, Math.max(0, remaining), TimeUnit.NANOSECONDS);
    }

    /** A persistently started function app bundle that the boot (up to the beginning start level) starts. */
    private boolean presentAtStart(Bundle b) {
        if (b.getState() == Bundle.UNINSTALLED || b.getHeaders("").get(FunctionApp.HEADER) == null) {
            return false;
        }
        BundleStartLevel startLevel = b.adapt(BundleStartLevel.class);
        return startLevel != null && startLevel.isPersistentlyStarted()
                && startLevel.getStartLevel() <= beginningStartLevel;
    }

    /**
     * The start level the boot climbs to. Karaf launches the framework at its lock level (1) and raises
     * the level once it holds the instance lock, so the framework property says 1; the level it will
     * reach (100) is left in the system property of the same name. Take the larger of the two.
     */
    static int beginningStartLevel(BundleContext context) {
        return Math.max(parseLevel(context.getProperty(Constants.FRAMEWORK_BEGINNING_STARTLEVEL)),
                parseLevel(System.getProperty(Constants.FRAMEWORK_BEGINNING_STARTLEVEL)));
    }

    private static int parseLevel(String value) {
        try {
            return value == null ? 1 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }


    // ---- reports

    /** The deploy-folder installer will deploy {@code source} (shown as {@code description}). */
    public void expectFile(String source, String description) {
        synchronized (lock) {
            if (!running) {
                pending.put(source, description);
            }
        }
    }

    /** The deploy-folder installer has deployed {@code source}, or it is gone: nothing more to wait for. */
    public void fileDone(String source) {
        done(source, null);
    }

    /** The deploy-folder installer refused {@code source}. */
    public void fileFailed(String source, String reason) {
        done(source, reason);
    }

    /** The extender has deployed {@code bundle}'s app. */
    void appDeployed(Bundle bundle) {
        done(key(bundle), null);
    }

    void appFailed(Bundle bundle, String reason) {
        done(key(bundle), reason);
    }

    private void done(String key, String failure) {
        synchronized (lock) {
            String what = pending.remove(key);
            if (what != null && failure != null) {
                errors.add(what + " failed to deploy at startup: " + failure);
            }
        }
        check();
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNINSTALLED) {
            done(key(event.getBundle()), null); // replaced or removed: nothing left to wait for
        }
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        switch (event.getType()) {
            case FrameworkEvent.ERROR -> {
                // The boot could not start a bundle (e.g. unresolved imports): it will not come by itself.
                Bundle b = event.getBundle();
                if (b != null && b.getBundleId() != 0) {
                    Throwable t = event.getThrowable();
                    boolean expected;
                    synchronized (lock) {
                        expected = pending.containsKey(key(b));
                    }
                    if (expected) {
                        done(key(b), t == null ? "the framework could not start it" : t.getMessage());
                    }
                }
            }
            case FrameworkEvent.STARTED, FrameworkEvent.STARTLEVEL_CHANGED -> check();
            default -> {
            }
        }
    }

    private void check() {
        boolean now;
        synchronized (lock) {
            now = !running && pending.isEmpty() && frameworkStarted();
            if (now) {
                running = true;
                timeout.cancel(false);
            }
        }
        if (now) {
            announce();
        }
    }

    private void timedOut() {
        synchronized (lock) {
            if (running) {
                return;
            }
            for (String what : pending.values()) {
                errors.add(what + " was not deployed within the startup timeout of " + timeoutSeconds + " s");
            }
            if (!frameworkStarted()) {
                errors.add("the framework had not reached its beginning start level " + beginningStartLevel
                        + " within the startup timeout of " + timeoutSeconds + " s");
            }
            LOG.warn("fnhost host goes running after the startup timeout ({} s) without: {}", timeoutSeconds,
                    String.join("; ", pending.values()));
            pending.clear();
            running = true;
        }
        announce();
    }

    private void announce() {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        runningAfterMillis = millis;
        for (LongConsumer l : runningListeners) {
            l.accept(millis);
        }
    }

    private boolean frameworkStarted() {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        FrameworkStartLevel startLevel = system.adapt(FrameworkStartLevel.class);
        return system.getState() == Bundle.ACTIVE && startLevel.getStartLevel() >= beginningStartLevel;
    }

    // ---- reads

    /** Whether the host is running (a volatile read). */
    boolean running() {
        return running;
    }

    /** Startup problems: apps that failed or never came, one line each. */
    List<String> errors() {
        return new ArrayList<>(errors);
    }

    /** What the host still waits for (empty once running). */
    List<String> waitingFor() {
        synchronized (lock) {
            return new ArrayList<>(pending.values());
        }
    }

    /**
     * {@code listener} gets the milliseconds the start took when the host turns running, or at once when
     * it already is (a listener added while the host turns running may hear of it twice).
     */
    void whenRunning(LongConsumer listener) {
        runningListeners.add(listener);
        long millis = runningAfterMillis;
        if (millis >= 0) {
            listener.accept(millis);
        }
    }

    void removeRunningListener(LongConsumer listener) {
        runningListeners.remove(listener);
    }

    private static String key(Bundle b) {
        return "bundle:" + b.getBundleId();
    }

    private static String describe(Bundle b) {
        return "function app " + b.getHeaders("").get(FunctionApp.HEADER).trim() + " " + b.getVersion() + " (bundle "
                + b.getBundleId() + ")";
    }
}
