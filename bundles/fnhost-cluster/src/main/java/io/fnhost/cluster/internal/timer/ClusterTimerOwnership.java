package io.fnhost.cluster.internal.timer;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;

import io.fnhost.cluster.internal.state.AppPlan;
import io.fnhost.cluster.internal.state.ClusterMaps;
import io.fnhost.cluster.internal.worker.PlanCache;
import io.fnhost.spi.NodeIdentity;
import io.fnhost.spi.TimerOwnership;

/**
 * The cluster's {@link TimerOwnership} (ranking 100, above fnhost-timer's local one): a timer function
 * of a published app runs on the one node the leader's plan names in {@code timerOwners}. Answers from
 * this node's {@link PlanCache}, so {@link #owns} costs no network call. Registered only while the
 * Hazelcast member is up (it references the member's service); the local ownership takes over when it
 * goes.
 * <p>
 * An app that never had a plan entry is not the cluster's (e.g. a jar in this node's deploy folder):
 * this node owns its timers, as on a standalone node. An app whose entry was removed is being
 * uninstalled everywhere: its timers run nowhere meanwhile, rather than on every node at once. A timer of a planned app that the plan gives no owner (a
 * new version's timer before the planner caught up) runs nowhere until it has one: running it twice
 * would be worse than running it a moment late (the schedule monitor then catches up a missed run).
 */
@Component(service = TimerOwnership.class, property = Constants.SERVICE_RANKING + ":Integer=100")
public final class ClusterTimerOwnership implements TimerOwnership {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTimerOwnership.class);

    private final String node;
    private final HazelcastInstance hazelcast;
    private final PlanCache plan;
    private final UUID lifecycleRegistration;
    /** Keys of the apps that had a plan entry while this ran: the cluster's apps. */
    private final Set<String> planned = ConcurrentHashMap.newKeySet();
    /** App key -> the watches of its timer functions. */
    private final Map<String, Set<FunctionWatch>> watches = new ConcurrentHashMap<>();

    @Activate
    public ClusterTimerOwnership(@Reference HazelcastInstance hazelcast,
            @Reference(target = "(" + NodeIdentity.ROLE_PROPERTY + "=" + NodeIdentity.WORKER + ")") NodeIdentity node) {
        this(hazelcast, node.name());
    }

    ClusterTimerOwnership(HazelcastInstance hazelcast, String node) {
        this.node = node;
        this.hazelcast = hazelcast;
        this.plan = new PlanCache(hazelcast);
        this.plan.addListener(this::planChanged);
        planned.addAll(plan.all().keySet());
        // After a split-brain merge the merged entries need not arrive as events: read the map again.
        this.lifecycleRegistration = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleState.MERGED) {
                plan.reload();
            }
        });
    }

    @Deactivate
    void close() {
        try {
            hazelcast.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
        } catch (RuntimeException e) {
            LOG.debug("Could not remove the lifecycle listener: {}", e.getMessage());
        }
        plan.close();
        // The timers re-ask the ownership that takes over (ranking 0: this node owns every timer).
        watches.values().forEach(set -> set.forEach(FunctionWatch::fire));
        watches.clear();
    }

    @Override
    public boolean owns(String app, String function) {
        String key = ClusterMaps.appKey(app);
        return owns(key, plan.get(key).orElse(null), function, planned.contains(key));
    }

    private boolean owns(String appKey, AppPlan entry, String function, boolean everPlanned) {
        return entry == null ? !everPlanned : node.equals(owner(entry, function));
    }

    @Override
    public Watch watch(String app, String function, Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        FunctionWatch watch = new FunctionWatch(ClusterMaps.appKey(app), function, listener);
        watches.computeIfAbsent(watch.appKey, k -> ConcurrentHashMap.newKeySet()).add(watch);
        return watch;
    }

    /** The owner the plan names for {@code function} (names match case-insensitively), or {@code null}. */
    static String owner(AppPlan plan, String function) {
        if (plan == null || plan.timerOwners == null) {
            return null;
        }
        String exact = plan.timerOwners.get(function);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : plan.timerOwners.entrySet()) {
            if (e.getKey().equalsIgnoreCase(function)) {
                return e.getValue();
            }
        }
        return null;
    }

    private void planChanged(String appKey, AppPlan before, AppPlan after) {
        boolean plannedBefore = before != null || planned.contains(appKey);
        if (after != null) {
            planned.add(appKey);
        }
        Set<FunctionWatch> affected = watches.get(appKey);
        if (affected == null) {
            return;
        }
        for (FunctionWatch w : affected) {
            // Fire only when this node's answer moved.
            boolean owned = owns(appKey, before, w.function, plannedBefore);
            boolean owns = owns(appKey, after, w.function, true);
            if (owned != owns) {
                LOG.info("Timer {} of app {} is now {} by this node ({})", w.function, appKey,
                        owns ? "owned" : "no longer owned", node);
                w.fire();
            }
        }
    }

    private final class FunctionWatch implements Watch {
        final String appKey;
        final String function;
        private final Runnable listener;

        FunctionWatch(String appKey, String function, Runnable listener) {
            this.appKey = appKey;
            this.function = function;
            this.listener = listener;
        }

        void fire() {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("The ownership listener of timer {} of app {} failed", function, appKey, e);
            }
        }

        @Override
        public void close() {
            watches.computeIfPresent(appKey, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
