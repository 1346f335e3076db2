package io.fnhost.cluster.internal.worker;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.map.IMap;

import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;
import io.fnhost.cluster.internal.state.ClusterMaps;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.InvocationLoad;
import io.fnhost.spi.NodeIdentity;

/**
 * Writes this node's entry of {@link ClusterMaps#NODES} (a {@link NodeDTO} as JSON): who it is, its
 * apps with their per-function states, its in-flight invocations and process CPU load, and
 * {@code lastHeartbeat}. Every {@link Config#heartbeatMillis()} and at once when the reconciler changes
 * an app's state or the member has merged back after a split brain (the merge may have kept the other
 * side's older copy). Runs on every node (a management-only node reports no apps).
 * <p>
 * {@code state} and {@code leader} are not reported: the reader computes them from the member list.
 * The entry is left in place when this node stops, so that the cluster shows it as LEFT.
 */
@Component(immediate = true, configurationPid = NodeStatusReporter.PID)
@Designate(ocd = NodeStatusReporter.Config.class)
public final class NodeStatusReporter {
    static final String PID = "io.fnhost.cluster.NodeStatus";
    private static final Logger LOG = LoggerFactory.getLogger(NodeStatusReporter.class);

    @ObjectClassDefinition(name = "fnhost cluster node status",
            description = "How often this node reports its status (apps, load, heartbeat) to the cluster.")
    public @interface Config {
        @AttributeDefinition(name = "Heartbeat (milliseconds)", description = "Interval of the status report; the "
                + "admin API's lastHeartbeat of a live node is at most this old.", min = "100")
        long heartbeatMillis() default 1000;
    }

    private final NodeIdentity identity;
    private final HazelcastInstance hazelcast;
    private final IMap<String, String> nodes;
    private final String joinedAt = Instant.now().toString();
    private final ScheduledExecutorService executor;
    private final AtomicBoolean reportQueued = new AtomicBoolean();
    private final Runnable stateListener = this::requestReport;
    private final UUID lifecycleListener;
    private volatile boolean warned;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile FunctionRuntime runtime;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile InvocationLoad load;

    private volatile AppReconciler reconciler;

    @Activate
    public NodeStatusReporter(@Reference HazelcastInstance hazelcast, @Reference NodeIdentity identity, Config config) {
        this(hazelcast, identity, config.heartbeatMillis());
    }

    NodeStatusReporter(HazelcastInstance hazelcast, NodeIdentity identity, long heartbeatMillis) {
        this.identity = identity;
        this.hazelcast = hazelcast;
        this.nodes = hazelcast.getMap(ClusterMaps.NODES);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fnhost-node-status");
            t.setDaemon(true);
            return t;
        });
        this.lifecycleListener = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleState.MERGED) {
                requestReport();
            }
        });
        long interval = Math.max(100, heartbeatMillis);
        executor.scheduleWithFixedDelay(this::report, 0, interval, TimeUnit.MILLISECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setReconciler(AppReconciler reconciler) {
        this.reconciler = reconciler;
        reconciler.addStateListener(stateListener);
        requestReport();
    }

    void unsetReconciler(AppReconciler reconciler) {
        reconciler.removeStateListener(stateListener);
        if (this.reconciler == reconciler) {
            this.reconciler = null;
        }
    }

    @Deactivate
    void close() {
        executor.shutdownNow();
        AppReconciler r = reconciler;
        if (r != null) {
            r.removeStateListener(stateListener);
        }
        try {
            hazelcast.getLifecycleService().removeLifecycleListener(lifecycleListener);
        } catch (RuntimeException e) {
            LOG.debug("Could not remove the lifecycle listener: {}", e.getMessage());
        }
    }

    /** Asks for a report soon; requests made while one is queued are merged into it. */
    void requestReport() {
        if (reportQueued.compareAndSet(false, true)) {
            try {
                executor.execute(this::report);
            } catch (RejectedExecutionException e) {
                reportQueued.set(false); // deactivated
            }
        }
    }

    /** Writes this node's status entry now. */
    void report() {
        reportQueued.set(false);
        try {
            nodes.set(identity.name(), ClusterMaps.toJson(status()));
            warned = false;
        } catch (RuntimeException e) {
            // The next heartbeat tries again; say so once, not every second.
            if (!warned) {
                warned = true;
                LOG.warn("Cannot write this node's status to the cluster: {}", e.toString());
            }
        }
    }

    /** This node's status as the cluster shows it. */
    NodeDTO status() {
        NodeDTO s = new NodeDTO();
        s.name = identity.name();
        s.role = identity.role();
        s.group = identity.group();
        s.capacity = identity.capacity();
        Member local = hazelcast.getCluster().getLocalMember();
        s.address = local.getAddress().getHost();
        s.httpUrl = local.getAttribute(ClusterMaps.ATTRIBUTE_HTTP_URL);
        s.joinedAt = joinedAt;
        s.lastHeartbeat = Instant.now().toString();
        InvocationLoad l = load;
        s.inFlight = l == null ? 0 : l.inFlight();
        s.cpuLoad = processCpuLoad();
        AppReconciler r = reconciler;
        s.apps = r == null ? new ArrayList<>() : withLiveFunctions(r.states());
        return s;
    }

    /**
     * The reconciler knows each app's functions as they were when it deployed them; the host knows their
     * states now (a function may have gone from WAITING to RUNNING since).
     */
    private List<NodeAppDTO> withLiveFunctions(List<NodeAppDTO> apps) {
        FunctionRuntime rt = runtime;
        if (rt == null || apps.isEmpty()) {
            return apps;
        }
        List<FunctionDTO> all = rt.functions();
        for (NodeAppDTO app : apps) {
            if (!NodeAppDTO.RUNNING.equals(app.state)) {
                continue;
            }
            // The deployed bundle's functions (by bundle id: during a swap two versions' functions exist).
            java.util.Set<Long> bundles = new java.util.HashSet<>();
            app.functions.forEach(f -> bundles.add(f.bundleId));
            List<FunctionDTO> live = new ArrayList<>();
            for (FunctionDTO f : all) {
                boolean ours = bundles.isEmpty()
                        ? app.app.equalsIgnoreCase(f.app) && app.version != null && app.version.equals(f.appVersion)
                        : bundles.contains(f.bundleId);
                if (ours) {
                    live.add(f);
                }
            }
            if (!live.isEmpty()) {
                app.functions = live;
            }
        }
        return apps;
    }

    /**
     * This JVM's recent CPU load, 0 to 1, or -1 when the platform does not tell. Read as the platform
     * MBean's attribute: {@code com.sun.management} is not exported in every OSGi framework, JMX is.
     */
    static double processCpuLoad() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Object value = server.getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "ProcessCpuLoad");
            return value instanceof Number n && n.doubleValue() >= 0 ? n.doubleValue() : -1;
        } catch (JMException | RuntimeException e) {
            return -1;
        }
    }
}
