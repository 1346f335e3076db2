package io.fnhost.core.internal;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

import io.fnhost.core.internal.env.AppEnvironmentPublisher;
import io.fnhost.core.internal.invoke.AppContext;
import io.fnhost.core.internal.invoke.CompiledFunction;
import io.fnhost.core.internal.invoke.InvocationRecords;
import io.fnhost.core.internal.invoke.TimeoutWatchdog;
import io.fnhost.core.internal.spec.FunctionIndexer;
import io.fnhost.core.internal.spec.IndexedFunction;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.BindingException;
import io.fnhost.spi.BindingHandler;
import io.fnhost.spi.BindingProvider;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.FunctionState;
import io.fnhost.spi.HostStatusDTO;
import io.fnhost.spi.InvocationLoad;
import io.fnhost.spi.InvocationRecordDTO;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.NodeIdentity;
import io.fnhost.spi.TriggerData;
import io.fnhost.spi.TriggerListener;
import io.fnhost.spi.TriggerProvider;
import io.fnhost.spi.ValueConverter;

/**
 * The extender: finds function apps (bundles with the {@code Fnhost-FunctionApp} header), indexes and
 * compiles their functions, and runs each function once the trigger and binding providers it needs are
 * registered. A bad function is recorded as {@code ERROR} with a reason, a missing provider as
 * {@code WAITING}; neither affects other functions. When an app version goes, its triggers stop first
 * and its in-flight invocations are drained before its bundle finishes stopping.
 */
// The app environment reference: no app class may load before System.getenv weaving is on.
@Component(service = { FunctionRuntime.class, InvocationLoad.class }, immediate = true, configurationPid = FunctionHost.PID,
        reference = @Reference(name = "appEnvironment", service = AppEnvironmentPublisher.class))
@Designate(ocd = FunctionHost.Config.class)
public final class FunctionHost implements FunctionRuntime, InvocationLoad {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionHost.class);
    /** Configuration PID (docs/functions.md names it; the component name is the class's). */
    static final String PID = "io.fnhost.core.FunctionHost";

    @ObjectClassDefinition(name = "fnhost function host",
            description = "Runs the functions of deployed function apps.")
    public @interface Config {
        @AttributeDefinition(name = "Invocation records kept", description = "How many of the newest invocation "
                + "records are kept in memory for the admin API and portal.", min = "1")
        int invocationRecords() default 1000;

        @AttributeDefinition(name = "Drain timeout (seconds)", description = "How long an app version that is "
                + "being replaced or removed may finish its in-flight invocations before it is stopped anyway.",
                min = "0")
        int drainTimeoutSeconds() default 30;

        @AttributeDefinition(name = "Admin invocation threads", description = "Threads that run admin invocations "
                + "of non-HTTP functions (POST /admin/functions/{name}).", min = "1")
        int adminInvokeThreads() default 2;

        @AttributeDefinition(name = "Admin invocation queue", description = "Admin invocations that may wait for a "
                + "thread; more are refused until some finish.", min = "1")
        int adminInvokeQueue() default 100;
    }

    /** Why a function does not run on a management-only node (docs/nodes.md quotes it). */
    static final String MANAGEMENT_ONLY = "this node's role is management: functions run on the workers";
    /** The trigger type whose functions are called at their URL, never through {@link #invoke}. */
    private static final String HTTP_TRIGGER = "httpTrigger";

    private final Object lock = new Object();
    private final ValueConverter converter;
    private final InvocationRecords records;
    private final TimeoutWatchdog watchdog = new TimeoutWatchdog();
    private final String node;
    /** False on a management-only node: functions are indexed and compiled there, but never started. */
    private final boolean runsFunctions;
    private final long drainTimeoutNanos;
    private final AtomicLong generations = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean runningAnnounced = new java.util.concurrent.atomic.AtomicBoolean();
    private final BundleTracker<FunctionApp> tracker;
    private final BundleContext context;
    private final ConfigAdminAppSettings settings;
    private final StartupReadiness readiness;
    private final Consumer<String> settingsListener = this::appSettingsChanged;
    private final LongConsumer runningListener = this::announceRunning;
    private final String instanceId = UUID.randomUUID().toString();
    private final ThreadPoolExecutor adminInvoker;
    /** Bundles whose app could not be loaded at all, by bundle id (dropped once the bundle is no longer active). */
    private final Map<Long, String> failedApps = new ConcurrentHashMap<>();
    /** App versions whose invocations count as in flight: deployed ones and those still draining. */
    private final java.util.Set<FunctionApp> loaded = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    // Guarded by lock.
    private final List<FunctionApp> apps = new ArrayList<>();
    private final Map<String, List<ProviderEntry>> triggerProviders = new HashMap<>();
    private final Map<String, List<ProviderEntry>> bindingProviders = new HashMap<>();

    /**
     * @param node this node's identity: its name goes into invocation records; on a management-only node
     *             apps are deployed and validated, but no trigger starts
     */
    @Activate
    public FunctionHost(BundleContext context, @Reference ValueConverter converter,
            @Reference(service = ConfigAdminAppSettings.class) ConfigAdminAppSettings settings,
            @Reference(service = StartupReadiness.class) StartupReadiness readiness,
            @Reference NodeIdentity node, Config config) {
        this.context = context;
        this.converter = converter;
        this.settings = settings;
        this.readiness = readiness;
        this.records = new InvocationRecords(Math.max(1, config.invocationRecords()));
        this.node = node.name();
        this.runsFunctions = node.runsFunctions();
        this.drainTimeoutNanos = TimeUnit.SECONDS.toNanos(Math.max(0, config.drainTimeoutSeconds()));
        this.tracker = new BundleTracker<>(context, Bundle.ACTIVE, new AppTracker());
        this.adminInvoker = adminInvoker(Math.max(1, config.adminInvokeThreads()), Math.max(1, config.adminInvokeQueue()));
    }

    @Activate
    void open() {
        settings.addListener(settingsListener);
        readiness.whenRunning(runningListener);
        tracker.open();
    }

    @Deactivate
    void close() {
        stopping = true;
        readiness.removeRunningListener(runningListener);
        settings.removeListener(settingsListener);
        tracker.close();
        // Apps are drained by now; what still waits in the queue never runs.
        for (Runnable queued : adminInvoker.shutdownNow()) {
            if (queued instanceof AdminInvocation a) {
                a.result.completeExceptionally(new IllegalStateException("the function host stopped before admin "
                        + "invocation of " + a.function.name() + " could run"));
            }
        }
        watchdog.close();
    }

    /** Bounded: admin invocations are occasional; a flood is refused, not queued without end. */
    private static ThreadPoolExecutor adminInvoker(int threads, int queue) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "fnhost-admin-invoke-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    // ---- providers (whiteboard)

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + TriggerProvider.BINDING_TYPE + "=*)")
    void addTriggerProvider(TriggerProvider provider, Map<String, Object> properties) {
        addProvider(triggerProviders, ProviderEntry.of(provider, properties));
    }

    void removeTriggerProvider(TriggerProvider provider, Map<String, Object> properties) {
        removeProvider(triggerProviders, provider);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + TriggerProvider.BINDING_TYPE + "=*)")
    void addBindingProvider(BindingProvider provider, Map<String, Object> properties) {
        addProvider(bindingProviders, ProviderEntry.of(provider, properties));
    }

    void removeBindingProvider(BindingProvider provider, Map<String, Object> properties) {
        removeProvider(bindingProviders, provider);
    }

    private void addProvider(Map<String, List<ProviderEntry>> registry, ProviderEntry entry) {
        synchronized (lock) {
            List<ProviderEntry> list = registry.computeIfAbsent(entry.type(), t -> new ArrayList<>());
            list.add(entry);
            list.sort(ProviderEntry.PREFERRED);
            for (FunctionApp app : apps) {
                for (DeployedFunction fn : app.functions) {
                    if (fn.status.state() == FunctionState.WAITING
                            && fn.status.waitingFor().stream().anyMatch(entry.type()::equalsIgnoreCase)) {
                        start(fn);
                    }
                }
            }
        }
    }

    private void removeProvider(Map<String, List<ProviderEntry>> registry, Object service) {
        synchronized (lock) {
            ProviderEntry removed = null;
            for (List<ProviderEntry> list : registry.values()) {
                for (Iterator<ProviderEntry> it = list.iterator(); it.hasNext();) {
                    ProviderEntry e = it.next();
                    if (e.service() == service) {
                        it.remove();
                        removed = e;
                    }
                }
            }
            if (removed == null) {
                return;
            }
            for (FunctionApp app : apps) {
                for (DeployedFunction fn : app.functions) {
                    if (fn.providers.contains(removed)) {
                        stop(fn);
                        start(fn); // another provider of the type may take over; else WAITING
                    }
                }
            }
        }
    }

    // ---- function lifecycle (caller holds lock)

    private void start(DeployedFunction fn) {
        if (fn.invoker == null) {
            return;
        }
        if (!runsFunctions) {
            fn.status = new DeployedFunction.Status(FunctionState.WAITING, MANAGEMENT_ONLY, List.of());
            return;
        }
        BindingDTO trigger = fn.trigger();
        List<String> missing = new ArrayList<>();
        ProviderEntry triggerProvider = first(triggerProviders, trigger.type);
        if (triggerProvider == null) {
            missing.add(trigger.type);
        }
        Map<BindingDTO, ProviderEntry> bindings = new LinkedHashMap<>();
        for (BindingDTO b : fn.spec().bindings) {
            if (b == trigger) {
                continue;
            }
            ProviderEntry p = first(bindingProviders, b.type);
            if (p == null) {
                if (missing.stream().noneMatch(b.type::equalsIgnoreCase)) {
                    missing.add(b.type);
                }
            } else {
                bindings.put(b, p);
            }
        }
        if (!missing.isEmpty()) {
            fn.status = new DeployedFunction.Status(FunctionState.WAITING,
                    "waiting for an extension providing binding type(s) " + String.join(", ", missing)
                            + "; install the bundle that provides it", List.copyOf(missing));
            return;
        }
        List<ProviderEntry> used = new ArrayList<>();
        List<BindingHandler> handlers = new ArrayList<>();
        Map<String, BindingHandler> byName = new HashMap<>();
        fn.disabled = fn.disabledBySettings();
        StartedFunction started = new StartedFunction(fn, fn.disabled);
        try {
            for (Map.Entry<BindingDTO, ProviderEntry> e : bindings.entrySet()) {
                BindingHandler handler = ((BindingProvider) e.getValue().service()).bind(started, e.getKey());
                handlers.add(handler);
                byName.put(e.getKey().name, handler);
                used.add(e.getValue());
            }
            fn.invoker.attach(byName);
            // Running before start() returns: the provider may deliver the first event at once.
            fn.status = new DeployedFunction.Status(FunctionState.RUNNING, null, List.of());
            TriggerListener listener = ((TriggerProvider) triggerProvider.service()).start(started);
            used.add(triggerProvider);
            fn.listener = listener;
            fn.started = started;
            fn.triggerProvider = triggerProvider;
            fn.providers = used;
            fn.handlers = handlers;
            LOG.info("Function {} of app {} {} is running{}", fn.name(), fn.app.name, fn.app.version,
                    fn.disabled ? " (disabled by app setting AzureWebJobs." + fn.name() + ".Disabled)" : "");
        } catch (BindingException | RuntimeException e) {
            started.stopRetries();
            handlers.forEach(FunctionHost::closeQuietly);
            fn.invoker.detach();
            String message = e instanceof BindingException ? e.getMessage()
                    : "the " + trigger.type + " extension failed to start the function: " + e;
            fn.status = new DeployedFunction.Status(FunctionState.ERROR, message, List.of());
            LOG.error("Function {} of app {} {} cannot start: {}", fn.name(), fn.app.name, fn.app.version, message);
        }
    }

    private void stop(DeployedFunction fn) {
        if (fn.started != null) {
            // First: a listener's stop() may wait for its in-flight events, and those may be waiting to retry.
            fn.started.stopRetries();
            fn.started = null;
        }
        if (fn.listener != null) {
            try {
                fn.listener.stop();
            } catch (RuntimeException e) {
                LOG.warn("Trigger of function {} failed to stop cleanly", fn.name(), e);
            }
            fn.listener = null;
        }
        fn.triggerProvider = null;
        fn.handlers.forEach(FunctionHost::closeQuietly);
        fn.handlers = List.of();
        fn.providers = List.of();
        if (fn.invoker != null) {
            fn.invoker.detach();
        }
    }

    /**
     * An app's settings changed: each function whose disabled setting flipped gets a new listener (with
     * the new value) before the old one stops, so an HTTP route never disappears in between.
     */
    private void appSettingsChanged(String app) {
        synchronized (lock) {
            for (FunctionApp a : apps) {
                if (app != null && !a.name.equalsIgnoreCase(app)) {
                    continue;
                }
                for (DeployedFunction fn : a.functions) {
                    boolean now = fn.disabledBySettings();
                    if (now == fn.disabled) {
                        continue;
                    }
                    fn.disabled = now;
                    LOG.info("Function {} of app {} {} is now {} (app setting AzureWebJobs.{}.Disabled)", fn.name(),
                            a.name, a.version, now ? "disabled" : "enabled", fn.name());
                    if (fn.listener != null) {
                        restartListener(fn);
                    }
                }
            }
        }
    }

    private void restartListener(DeployedFunction fn) {
        TriggerListener old = fn.listener;
        StartedFunction oldStarted = fn.started;
        StartedFunction started = new StartedFunction(fn, fn.disabled);
        try {
            fn.listener = ((TriggerProvider) fn.triggerProvider.service()).start(started);
            fn.started = started;
        } catch (BindingException | RuntimeException e) {
            started.stopRetries();
            // The old listener has the stale flag: stopping beats delivering what should not be delivered.
            stop(fn);
            String message = e instanceof BindingException ? e.getMessage()
                    : "the " + fn.trigger().type + " extension failed to restart the function: " + e;
            fn.status = new DeployedFunction.Status(FunctionState.ERROR, message, List.of());
            LOG.error("Function {} of app {} {} cannot restart: {}", fn.name(), fn.app.name, fn.app.version, message);
            return;
        }
        oldStarted.stopRetries(); // before stop(): it may wait for in-flight events that wait to retry
        try {
            old.stop();
        } catch (RuntimeException e) {
            LOG.warn("Previous trigger of function {} failed to stop cleanly", fn.name(), e);
        }
    }

    private static void closeQuietly(BindingHandler handler) {
        try {
            handler.close();
        } catch (RuntimeException e) {
            LOG.warn("Binding handler failed to close", e);
        }
    }

    private static ProviderEntry first(Map<String, List<ProviderEntry>> registry, String type) {
        List<ProviderEntry> list = registry.get(type.toLowerCase(Locale.ROOT));
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    // ---- apps

    private FunctionApp load(Bundle bundle, String name) {
        HostJson hostJson;
        String appError = null;
        try {
            hostJson = HostJson.read(bundle.getEntry("host.json"));
        } catch (HostJson.InvalidHostJsonException e) {
            hostJson = HostJson.defaults();
            appError = e.getMessage();
        }
        FunctionApp app = new FunctionApp(bundle, name, generations.incrementAndGet(), hostJson, settings);
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        ClassLoader loader = wiring.getClassLoader();
        FunctionInstanceInjector injector = null;
        try {
            injector = injector(loader);
        } catch (IllegalStateException e) {
            appError = e.getMessage();
        }
        app.error = appError;
        app.context = new AppContext(name, app.version, loader, injector, hostJson.timeoutMillis(),
                hostJson.timeoutText(), converter, records, watchdog, node, hostJson.retry(),
                AppContext.RetryTiming.REAL);

        AppClassScanner scan = new AppClassScanner().scan(bundle);
        for (AppClassScanner.Failure failure : scan.failures) {
            LOG.error("App {}: class {} cannot be loaded, its functions are not deployed: {}", app, failure.className(),
                    failure.error().toString());
        }
        for (IndexedFunction indexed : new FunctionIndexer(injector != null).index(name, scan.classes)) {
            DeployedFunction fn = new DeployedFunction(app, indexed.dto(), indexed.method());
            fn.disabled = fn.disabledBySettings(); // shown even while the function waits or is in error
            String error = appError != null ? appError : indexed.valid() ? null : indexed.dto().stateMessage;
            if (error == null) {
                try {
                    fn.invoker = CompiledFunction.compile(indexed.method(), fn, app.context);
                } catch (IllegalArgumentException e) {
                    error = e.getMessage();
                }
            }
            if (error != null) {
                fn.status = new DeployedFunction.Status(FunctionState.ERROR, error, List.of());
                LOG.error("App {}: function {} is in error: {}", app, fn.name(), error);
            }
            app.functions.add(fn);
        }
        if (app.functions.isEmpty()) {
            LOG.warn("App {} has no @FunctionName methods", app);
        }
        return app;
    }

    /** The app's own FunctionInstanceInjector (META-INF/services), as Azure's worker finds it. */
    private static FunctionInstanceInjector injector(ClassLoader loader) {
        List<FunctionInstanceInjector> found = new ArrayList<>();
        ServiceLoader.load(FunctionInstanceInjector.class, loader).forEach(found::add);
        if (found.size() > 1) {
            throw new IllegalStateException("the app declares " + found.size() + " FunctionInstanceInjector "
                    + "implementations in META-INF/services; keep exactly one");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private void deploy(FunctionApp app) {
        loaded.add(app);
        synchronized (lock) {
            apps.add(app);
            for (DeployedFunction fn : app.functions) {
                start(fn);
            }
        }
        LOG.info("Deployed app {} with {} function(s)", app, app.functions.size());
    }

    private void undeploy(FunctionApp app) {
        synchronized (lock) {
            for (DeployedFunction fn : app.functions) {
                stop(fn);
            }
            apps.remove(app);
        }
        app.context.retire();
        drain(app);
        loaded.remove(app);
        LOG.info("Undeployed app {}", app);
    }

    /** Lock-free (read by the cluster's status report every second): sums the per-app counters. */
    @Override
    public int inFlight() {
        long sum = 0;
        for (FunctionApp app : loaded) {
            sum += app.context.inFlight();
        }
        return (int) Math.min(Integer.MAX_VALUE, sum);
    }

    /** Lets in-flight invocations of a stopped app version finish, up to the drain timeout. */
    private void drain(FunctionApp app) {
        long deadline = System.nanoTime() + drainTimeoutNanos;
        while (app.context.inFlight() > 0) {
            if (System.nanoTime() - deadline > 0) {
                LOG.warn("App {} still had {} invocation(s) in flight after the drain timeout", app,
                        app.context.inFlight());
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private final class AppTracker implements BundleTrackerCustomizer<FunctionApp> {
        @Override
        public FunctionApp addingBundle(Bundle bundle, BundleEvent event) {
            String name = bundle.getHeaders().get(FunctionApp.HEADER);
            if (name == null) {
                return null;
            }
            name = name.trim();
            try {
                FunctionApp app = load(bundle, name);
                deploy(app);
                failedApps.remove(bundle.getBundleId());
                readiness.appDeployed(bundle);
                return app;
            } catch (RuntimeException | LinkageError e) {
                LOG.error("Function app {} in bundle {} cannot be deployed", name, bundle.getBundleId(), e);
                String reason = "function app " + name + " " + bundle.getVersion() + " (bundle " + bundle.getBundleId()
                        + ") cannot be deployed: " + e;
                failedApps.put(bundle.getBundleId(), reason);
                readiness.appFailed(bundle, e.toString());
                return null;
            }
        }

        @Override
        public void modifiedBundle(Bundle bundle, BundleEvent event, FunctionApp app) {
        }

        @Override
        public void removedBundle(Bundle bundle, BundleEvent event, FunctionApp app) {
            undeploy(app);
        }
    }

    // ---- FunctionRuntime

    @Override
    public List<FunctionDTO> functions() {
        List<DeployedFunction> all = new ArrayList<>();
        synchronized (lock) {
            apps.forEach(app -> all.addAll(app.functions));
        }
        return all.stream().map(DeployedFunction::dto)
                .sorted(Comparator.comparing((FunctionDTO f) -> f.app).thenComparing(f -> f.name)
                        .thenComparingLong(f -> f.bundleId))
                .toList();
    }

    @Override
    public Optional<FunctionDTO> function(String name) {
        return Optional.ofNullable(newest(name)).map(DeployedFunction::dto);
    }

    /** The function named {@code name} (case-insensitive) of the newest deployed app version having one. */
    private DeployedFunction newest(String name) {
        DeployedFunction newest = null;
        synchronized (lock) {
            for (FunctionApp app : apps) {
                for (DeployedFunction fn : app.functions) {
                    if (fn.name().equalsIgnoreCase(name)
                            && (newest == null || newest.app.generation < app.generation)) {
                        newest = fn;
                    }
                }
            }
        }
        return newest;
    }

    @Override
    public List<InvocationRecordDTO> invocations(String function, int limit) {
        return records.newest(function, Math.max(0, limit));
    }

    /**
     * {@inheritDoc}
     * <p>
     * {@code errors} lists host-level problems, as Azure's host status does: function apps present at
     * start that failed to deploy or never came (see {@link StartupReadiness}), and deployed app versions
     * that cannot run at all (an invalid {@code host.json}, an app that fails to load). A single
     * function in {@code ERROR} is not a host error: its own status says why.
     */
    @Override
    public HostStatusDTO hostStatus() {
        HostStatusDTO status = new HostStatusDTO();
        status.id = node;
        status.state = stopping ? HostStatusDTO.STOPPING : readiness.running() ? HostStatusDTO.RUNNING
                : HostStatusDTO.STARTING;
        status.version = context.getBundle().getVersion().toString();
        status.instanceId = instanceId;
        status.computerName = hostName();
        status.processUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        status.errors.addAll(readiness.errors());
        failedApps.keySet().removeIf(id -> {
            Bundle b = context.getBundle(id);
            return b == null || b.getState() != Bundle.ACTIVE;
        });
        status.errors.addAll(failedApps.values());
        synchronized (lock) {
            for (FunctionApp app : apps) {
                if (app.error != null) {
                    status.errors.add("function app " + app + ": " + app.error);
                }
            }
        }
        return status;
    }

    @Override
    public boolean running() {
        return readiness.running();
    }

    private void announceRunning(long millis) {
        if (!runningAnnounced.compareAndSet(false, true)) {
            return;
        }
        long appCount;
        int functionCount = 0;
        synchronized (lock) {
            appCount = apps.stream().map(a -> a.name.toLowerCase(Locale.ROOT)).distinct().count();
            for (FunctionApp app : apps) {
                functionCount += app.functions.size();
            }
        }
        LOG.info("fnhost host is running ({} apps, {} functions) after {} ms", appCount, functionCount, millis);
    }

    /**
     * {@inheritDoc}
     * <p>
     * As in Azure ({@code POST /admin/functions/{name}}), a function disabled by app setting can still be
     * invoked this way: the setting stops its trigger, not an operator. The function's trigger provider
     * turns {@code input} into the trigger data ({@link TriggerProvider#adminInvocation}), and the
     * function's retry policy applies as to its trigger's own events; retries stop when its listener stops.
     */
    @Override
    public CompletionStage<InvocationResult> invoke(String function, String input) {
        DeployedFunction fn = newest(function);
        if (fn == null) {
            throw new NoSuchElementException("no deployed function is named '" + function
                    + "'; GET /admin/functions lists the functions");
        }
        BindingDTO trigger = fn.trigger();
        if (trigger != null && HTTP_TRIGGER.equalsIgnoreCase(trigger.type)) {
            throw new IllegalStateException("function " + fn.name() + " of app " + fn.app.name
                    + " is HTTP-triggered: call it at its URL instead");
        }
        DeployedFunction.Status status;
        StartedFunction started;
        ProviderEntry provider;
        synchronized (lock) {
            status = fn.status;
            started = fn.started;
            provider = fn.triggerProvider;
        }
        if (status.state() != FunctionState.RUNNING || started == null || provider == null) {
            throw new IllegalStateException("function " + fn.name() + " of app " + fn.app.name + " " + fn.app.version
                    + " is " + status.state() + (status.message() == null ? "" : ": " + status.message())
                    + "; it can be invoked once it is RUNNING");
        }
        AdminInvocation invocation = new AdminInvocation(started, (TriggerProvider) provider.service(), input,
                new CompletableFuture<>());
        try {
            adminInvoker.execute(invocation);
        } catch (RejectedExecutionException e) {
            invocation.result.completeExceptionally(new RejectedExecutionException(stopping
                    ? "the function host is stopping"
                    : "too many admin invocations are waiting (" + adminInvoker.getQueue().size()
                            + "); try again when some have finished", e));
        }
        return invocation.result;
    }

    /**
     * One admin invocation waiting for or running on the admin executor. The provider builds the trigger
     * data here, off the caller's thread and outside the host's lock: it is extension code.
     */
    private record AdminInvocation(StartedFunction function, TriggerProvider provider, String input,
            CompletableFuture<InvocationResult> result) implements Runnable {
        @Override
        public void run() {
            TriggerData trigger;
            try {
                trigger = provider.adminInvocation(function, input);
                if (trigger == null) {
                    throw new IllegalStateException("the " + function.trigger().type + " extension returned no "
                            + "trigger data for the input");
                }
            } catch (RuntimeException e) {
                LOG.warn("Admin invocation of function {} did not run: the {} extension could not turn the input "
                        + "into trigger data: {}", function, function.trigger().type, e.toString());
                result.completeExceptionally(e);
                return;
            }
            InvocationResult done;
            try {
                done = function.invoke(trigger);
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
                return;
            }
            try {
                provider.adminInvocationDone(function, trigger, done);
            } catch (RuntimeException e) {
                LOG.error("Admin invocation of function {} ran, but the {} extension failed to finish it (outputs it "
                        + "writes itself may be missing): {}", function, function.trigger().type, e.toString());
            }
            result.complete(done);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
