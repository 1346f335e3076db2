package io.fnhost.cluster.internal.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.NodeDTO;
import io.fnhost.cluster.internal.state.AppPlan;
import io.fnhost.cluster.internal.state.ClusterMaps;
import io.fnhost.cluster.internal.state.ClusterMembers;
import io.fnhost.spi.BrokerEndpoint;
import io.fnhost.spi.NodeIdentity;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link AssignmentPlanner} on the management leader and writes {@link ClusterMaps#PLAN}. Every
 * management node runs this component, but only the current leader (the oldest management member) writes,
 * so leadership moves with no hand-over: the next oldest sees itself first in the member list and
 * re-plans from the plan the map holds. Re-plans at once when a member joins or leaves, when an app is
 * published, placed or removed, and when this node becomes the leader, and every few seconds as a safety
 * net. The leader also keeps the cluster tidy: it publishes its broker's url to {@link ClusterMaps#BROKER},
 * deletes artifacts no app refers to and status entries of nodes gone for {@link #FORGET_LEFT_NODES_AFTER}.
 */
@Component(service = {}, immediate = true)
public final class PlannerService {
    private static final Logger LOG = LoggerFactory.getLogger(PlannerService.class);
    /** How long the status of a node that left stays visible (as LEFT) before the leader deletes it. */
    static final Duration FORGET_LEFT_NODES_AFTER = Duration.ofMinutes(10);
    /** How often the leader re-plans and tidies up without being asked. */
    static final Duration SAFETY_NET_INTERVAL = Duration.ofSeconds(5);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMillis(500);

    private final HazelcastInstance hazelcast;
    private final Clock clock;
    private final Duration safetyNetInterval;
    private final IMap<String, String> appsMap;
    private final IMap<String, String> planMap;
    private final IMap<String, byte[]> artifactsMap;
    private final IMap<String, String> nodesMap;
    private final IMap<String, String> brokerMap;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean planRequested = new AtomicBoolean();
    private final UUID membershipListener;
    private final UUID appsListener;
    private final UUID lifecycleListener;
    // housekeeping state of this leader's term, on the planner thread only
    private final Set<String> unreferencedLastPass = new HashSet<>();
    private final Map<String, Instant> leftNoticedAt = new HashMap<>();
    private boolean leading;
    private volatile long departureNanos;

    private volatile BrokerEndpoint broker;

    /**
     * @param hazelcast this node's member
     * @param node      not used: required only so that the planner runs on nodes with the management role
     */
    @Activate
    public PlannerService(@Reference HazelcastInstance hazelcast,
            @Reference(target = "(" + NodeIdentity.ROLE_PROPERTY + "=" + NodeIdentity.MANAGEMENT + ")")
            NodeIdentity node) {
        this(hazelcast, Clock.systemUTC(), SAFETY_NET_INTERVAL);
    }

    PlannerService(HazelcastInstance hazelcast, Clock clock, Duration safetyNetInterval) {
        this.hazelcast = hazelcast;
        this.clock = clock;
        this.safetyNetInterval = safetyNetInterval;
        this.appsMap = hazelcast.getMap(ClusterMaps.APPS);
        this.planMap = hazelcast.getMap(ClusterMaps.PLAN);
        this.artifactsMap = hazelcast.getMap(ClusterMaps.ARTIFACTS);
        this.nodesMap = hazelcast.getMap(ClusterMaps.NODES);
        this.brokerMap = hazelcast.getMap(ClusterMaps.BROKER);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fnhost-cluster-planner");
            thread.setDaemon(true);
            return thread;
        });
        this.membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                requestPlan();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                departureNanos = System.nanoTime();
                requestPlan();
            }
        });
        this.appsListener = appsMap.addEntryListener(new AppChanges(), false);
        this.lifecycleListener = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                requestPlan();
            }
        });
        executor.scheduleWithFixedDelay(this::safetyNetPass, 0, safetyNetInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void close() {
        executor.shutdownNow();
        try {
            hazelcast.getCluster().removeMembershipListener(membershipListener);
            appsMap.removeEntryListener(appsListener);
            hazelcast.getLifecycleService().removeLifecycleListener(lifecycleListener);
        } catch (HazelcastInstanceNotActiveException e) {
            // the member is shutting down: its listeners go with it
        }
    }

    /** The management broker of this node: the leader hands its url to the workers. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindBroker(BrokerEndpoint endpoint) {
        broker = endpoint;
        requestPlan();
    }

    void unbindBroker(BrokerEndpoint endpoint) {
        if (broker == endpoint) {
            broker = null;
        }
    }

    /** Plans soon on the planner thread; requests arriving before it runs are served by that one pass. */
    void requestPlan() {
        if (planRequested.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    planRequested.set(false);
                    pass(false);
                });
            } catch (RejectedExecutionException closed) {
                // deactivated
            }
        }
    }

    private void safetyNetPass() {
        pass(true);
    }

    private void pass(boolean housekeeping) {
        try {
            Set<Member> members = hazelcast.getCluster().getMembers();
            boolean leader = ClusterMembers.leader(members).map(Member::localMember).orElse(false);
            if (leader != leading) {
                leading = leader;
                unreferencedLastPass.clear();
                leftNoticedAt.clear();
                if (leader) {
                    LOG.info("This node ({}) is the management leader: it plans where apps run",
                            ClusterMembers.nodeName(hazelcast.getCluster().getLocalMember()));
                }
            }
            if (!leader) {
                return;
            }
            Map<String, AppPlan> plan = writePlan(members);
            publishBroker();
            if (housekeeping) {
                deleteUnreferencedArtifacts(plan);
                forgetLeftNodes(members);
            }
        } catch (HazelcastInstanceNotActiveException e) {
            // shutting down
        } catch (RuntimeException e) {
            // e.g. partitions still migrating after a departure: retry soon, a departure must be re-planned in seconds
            LOG.warn("Planning failed, retrying in {} ms: {}", RETRY_AFTER_FAILURE.toMillis(), e.toString(), e);
            try {
                executor.schedule(this::requestPlan, RETRY_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // deactivated
            }
        }
    }

    private Map<String, AppPlan> writePlan(Set<Member> members) {
        List<ClusterAppDTO> apps = new ArrayList<>();
        appsMap.entrySet().forEach(entry -> {
            ClusterAppDTO app = parse(ClusterMaps.APPS, entry.getKey(), entry.getValue(), ClusterAppDTO.class);
            if (app != null && app.name != null) {
                apps.add(app);
            }
        });
        Map<String, AppPlan> previous = new HashMap<>();
        planMap.entrySet().forEach(entry -> {
            AppPlan plan = parse(ClusterMaps.PLAN, entry.getKey(), entry.getValue(), AppPlan.class);
            if (plan != null) {
                previous.put(entry.getKey(), plan);
            }
        });
        List<AssignmentPlanner.Worker> workers = members.stream().filter(ClusterMembers::runsFunctions)
                .map(m -> new AssignmentPlanner.Worker(ClusterMembers.nodeName(m), ClusterMembers.group(m),
                        ClusterMembers.capacity(m)))
                .toList();
        Map<String, AppPlan> next = AssignmentPlanner.plan(apps, workers, previous);
        boolean changed = false;
        for (Map.Entry<String, AppPlan> entry : next.entrySet()) {
            AppPlan plan = entry.getValue();
            if (plan != previous.get(entry.getKey())) {
                planMap.set(entry.getKey(), ClusterMaps.toJson(plan));
                changed = true;
                LOG.info("Plan for {} {} (revision {}): nodes {}, timer owners {}", plan.app, plan.version,
                        plan.revision, plan.nodes, plan.timerOwners);
            }
        }
        for (String key : previous.keySet()) {
            if (!next.containsKey(key)) {
                planMap.delete(key);
                changed = true;
                LOG.info("Plan for {} removed: the app is no longer published", key);
            }
        }
        long departure = departureNanos;
        if (changed && departure != 0) {
            LOG.info("Re-planned {} ms after a member left", (System.nanoTime() - departure) / 1_000_000);
            departureNanos = 0;
        }
        return next;
    }

    private void publishBroker() {
        BrokerEndpoint endpoint = broker;
        if (endpoint != null && !endpoint.url().equals(brokerMap.get(ClusterMaps.BROKER_URL))) {
            brokerMap.set(ClusterMaps.BROKER_URL, endpoint.url());
            LOG.info("Workers' default queue broker: {}", endpoint.url());
        }
    }

    /**
     * An artifact is deleted only when no app and no plan refers to it on two passes in a row: a publish
     * stores the bytes before the record, so a single pass could see them unreferenced.
     */
    private void deleteUnreferencedArtifacts(Map<String, AppPlan> plan) {
        Set<String> referenced = new HashSet<>();
        plan.values().forEach(p -> referenced.add(p.sha256));
        appsMap.values().forEach(json -> {
            ClusterAppDTO app = parse(ClusterMaps.APPS, "?", json, ClusterAppDTO.class);
            if (app != null) {
                referenced.add(app.sha256);
            }
        });
        Set<String> unreferenced = new HashSet<>(artifactsMap.keySet());
        unreferenced.removeAll(referenced);
        for (String sha256 : unreferenced) {
            if (unreferencedLastPass.contains(sha256)) {
                artifactsMap.delete(sha256);
                LOG.info("Deleted the artifact {}: no published app refers to it", sha256);
            }
        }
        unreferencedLastPass.clear();
        unreferencedLastPass.addAll(unreferenced);
    }

    private void forgetLeftNodes(Set<Member> members) {
        Set<String> live = new HashSet<>();
        members.forEach(m -> live.add(ClusterMembers.nodeName(m)));
        Instant now = clock.instant();
        leftNoticedAt.keySet().retainAll(nodesMap.keySet());
        for (Map.Entry<String, String> entry : nodesMap.entrySet()) {
            String name = entry.getKey();
            if (live.contains(name)) {
                leftNoticedAt.remove(name);
                continue;
            }
            Instant lastSeen = lastHeartbeat(entry.getValue());
            if (lastSeen == null) {
                lastSeen = leftNoticedAt.computeIfAbsent(name, n -> now);
            }
            if (Duration.between(lastSeen, now).compareTo(FORGET_LEFT_NODES_AFTER) > 0) {
                nodesMap.delete(name);
                leftNoticedAt.remove(name);
                LOG.info("Forgot node {}: it left the cluster more than {} minutes ago", name,
                        FORGET_LEFT_NODES_AFTER.toMinutes());
            }
        }
    }

    private static Instant lastHeartbeat(String json) {
        NodeDTO status = parse(ClusterMaps.NODES, "?", json, NodeDTO.class);
        if (status == null || status.lastHeartbeat == null) {
            return null;
        }
        try {
            return Instant.parse(status.lastHeartbeat);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static <T> T parse(String map, String key, String json, Class<T> type) {
        try {
            return json == null ? null : ClusterMaps.fromJson(json, type);
        } catch (RuntimeException e) {
            LOG.warn("Ignoring the entry {} of {}: not valid JSON of the expected shape ({})", key, map,
                    e.getMessage());
            return null;
        }
    }

    private final class AppChanges implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String>, EntryRemovedListener<String, String>, MapClearedListener {
        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            requestPlan();
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            requestPlan();
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            requestPlan();
        }

        @Override
        public void mapCleared(MapEvent event) {
            requestPlan();
        }
    }
}
