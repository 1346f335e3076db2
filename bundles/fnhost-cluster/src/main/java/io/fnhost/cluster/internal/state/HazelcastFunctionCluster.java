package io.fnhost.cluster.internal.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.FunctionCluster;
import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.cluster.NodeDTO;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FunctionCluster} on this node's Hazelcast member. Reads answer from local copies of
 * {@link ClusterMaps#APPS}, {@link ClusterMaps#PLAN} and {@link ClusterMaps#NODES} kept current by entry
 * listeners, and from the member list Hazelcast keeps locally; writes go to the maps, where the leader's
 * planner and the workers' reconcilers pick them up.
 */
// immediate: the caches stay warm while the member runs, instead of being rebuilt whenever a user comes back
@Component(service = FunctionCluster.class, immediate = true)
public final class HazelcastFunctionCluster implements FunctionCluster {
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastFunctionCluster.class);

    private final HazelcastInstance hazelcast;
    private final IMap<String, String> appsMap;
    private final IMap<String, byte[]> artifactsMap;
    private final IMap<String, String> settingsMap;
    private final Set<Convergence> waiting = ConcurrentHashMap.newKeySet();
    private final Map<UUID, String> joinedAt = new ConcurrentHashMap<>();
    private final JsonMapCache<ClusterAppDTO> apps;
    private final JsonMapCache<AppPlan> plans;
    private final JsonMapCache<NodeDTO> statuses;
    private final UUID membershipListener;
    private final UUID lifecycleListener;

    @Activate
    public HazelcastFunctionCluster(@Reference HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.appsMap = hazelcast.getMap(ClusterMaps.APPS);
        this.artifactsMap = hazelcast.getMap(ClusterMaps.ARTIFACTS);
        this.settingsMap = hazelcast.getMap(ClusterMaps.SETTINGS);
        String now = Instant.now().toString();
        hazelcast.getCluster().getMembers().forEach(m -> joinedAt.put(m.getUuid(), now));
        this.membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                joinedAt.put(event.getMember().getUuid(), Instant.now().toString());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                joinedAt.remove(event.getMember().getUuid());
            }
        });
        this.apps = new JsonMapCache<>(appsMap, json -> ClusterMaps.fromJson(json, ClusterAppDTO.class), key -> { });
        this.plans = new JsonMapCache<>(hazelcast.getMap(ClusterMaps.PLAN), json -> ClusterMaps.fromJson(json,
                AppPlan.class), key -> checkConvergence());
        this.statuses = new JsonMapCache<>(hazelcast.getMap(ClusterMaps.NODES), json -> ClusterMaps.fromJson(json,
                NodeDTO.class), key -> checkConvergence());
        // after a split brain heals the merged maps may differ from what the listeners saw
        this.lifecycleListener = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                apps.reload();
                plans.reload();
                statuses.reload();
            }
        });
    }

    /** Stops listening to the cluster (the component's deactivation). */
    @Deactivate
    public void close() {
        apps.close();
        plans.close();
        statuses.close();
        try {
            hazelcast.getCluster().removeMembershipListener(membershipListener);
            hazelcast.getLifecycleService().removeLifecycleListener(lifecycleListener);
        } catch (HazelcastInstanceNotActiveException e) {
            // the member is shutting down: its listeners go with it
        }
    }

    @Override
    public String localNode() {
        return ClusterMembers.nodeName(hazelcast.getCluster().getLocalMember());
    }

    @Override
    public List<NodeDTO> nodes() {
        Set<Member> members = hazelcast.getCluster().getMembers();
        Optional<Member> leader = ClusterMembers.leader(members);
        List<NodeDTO> up = new ArrayList<>();
        Set<String> live = new HashSet<>();
        for (Member member : members) {
            NodeDTO node = new NodeDTO();
            node.name = ClusterMembers.nodeName(member);
            node.role = ClusterMembers.role(member);
            node.group = ClusterMembers.group(member);
            node.capacity = ClusterMembers.capacity(member);
            node.address = member.getAddress().getHost();
            node.httpUrl = member.getAttribute(ClusterMaps.ATTRIBUTE_HTTP_URL);
            node.state = NodeDTO.UP;
            node.leader = leader.isPresent() && leader.get().equals(member);
            node.joinedAt = joinedAt.get(member.getUuid());
            node.cpuLoad = -1;
            statuses.get(node.name).ifPresent(status -> {
                if (status.joinedAt != null) {
                    node.joinedAt = status.joinedAt;
                }
                node.lastHeartbeat = status.lastHeartbeat;
                node.inFlight = status.inFlight;
                node.cpuLoad = status.cpuLoad;
                node.apps = status.apps == null ? new ArrayList<>() : new ArrayList<>(status.apps);
            });
            live.add(node.name);
            up.add(node);
        }
        List<NodeDTO> left = new ArrayList<>();
        for (NodeDTO status : statuses.values()) {
            if (status.name != null && !live.contains(status.name)) {
                NodeDTO node = new NodeDTO();
                node.name = status.name;
                node.role = status.role;
                node.group = status.group;
                node.capacity = status.capacity;
                node.address = status.address;
                node.httpUrl = status.httpUrl;
                node.state = NodeDTO.LEFT;
                node.joinedAt = status.joinedAt;
                node.lastHeartbeat = status.lastHeartbeat;
                node.inFlight = status.inFlight;
                node.cpuLoad = status.cpuLoad;
                node.apps = status.apps == null ? new ArrayList<>() : new ArrayList<>(status.apps);
                left.add(node);
            }
        }
        up.sort(Comparator.comparing(n -> n.name));
        left.sort(Comparator.comparing(n -> n.name));
        up.addAll(left);
        return up;
    }

    @Override
    public Optional<String> leader() {
        return ClusterMembers.leader(hazelcast.getCluster().getMembers()).map(ClusterMembers::nodeName);
    }

    @Override
    public ClusterAppDTO putApp(ClusterAppDTO app, Path artifact) throws IOException {
        if (app == null || app.name == null || app.name.isBlank()) {
            throw new IllegalArgumentException("The app has no name: set ClusterAppDTO.name (its Fnhost-FunctionApp)");
        }
        byte[] bytes = Files.readAllBytes(artifact);
        String sha256 = sha256(bytes);
        if (app.sha256 != null && !app.sha256.equalsIgnoreCase(sha256)) {
            throw new IllegalArgumentException("The artifact " + artifact.getFileName() + " has SHA-256 " + sha256
                    + ", not " + app.sha256 + " as its record says: the file changed or the record belongs to "
                    + "another version");
        }
        String key = ClusterMaps.appKey(app.name);
        ClusterAppDTO record = stored(app);
        record.sha256 = sha256;
        record.size = bytes.length;
        if (record.publishedAt == null) {
            record.publishedAt = Instant.now().toString();
        }
        if (record.group == null || record.group.isBlank()) {
            // a new version keeps where the app was placed
            ClusterAppDTO previous = read(appsMap.get(key));
            record.group = previous == null ? ClusterAppDTO.DEFAULT_GROUP : previous.group;
            record.replicas = previous == null ? 0 : previous.replicas;
        }
        if (record.replicas < 0) {
            throw new IllegalArgumentException("replicas is " + record.replicas + ": use 0 (every worker of the "
                    + "group) or a positive count");
        }
        // the bytes first: a worker that sees the record must find its artifact
        artifactsMap.set(sha256, bytes);
        String json = ClusterMaps.toJson(record);
        appsMap.set(key, json);
        apps.putLocal(key, json);
        LOG.info("Published {} {} ({} bytes, SHA-256 {}) to the cluster: group {}, replicas {}", record.name,
                record.version, record.size, sha256, record.group, record.replicas == 0 ? "all" : record.replicas);
        return withPlan(record);
    }

    @Override
    public boolean removeApp(String app) {
        String key = ClusterMaps.appKey(app);
        boolean removed = appsMap.remove(key) != null;
        apps.removeLocal(key);
        if (removed) {
            LOG.info("Removed {} from the cluster: its workers uninstall it", app);
        }
        return removed;
    }

    @Override
    public List<ClusterAppDTO> apps() {
        return apps.values().stream().map(this::withPlan).sorted(Comparator.comparing(a -> ClusterMaps.appKey(a.name)))
                .toList();
    }

    @Override
    public Optional<ClusterAppDTO> app(String app) {
        return apps.get(ClusterMaps.appKey(app)).map(this::withPlan);
    }

    @Override
    public ClusterAppDTO setPlacement(String app, String group, int replicas) {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("The group is blank: name the worker group the app runs on (default "
                    + ClusterAppDTO.DEFAULT_GROUP + ")");
        }
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas is " + replicas + ": use 0 (every worker of the group) or a "
                    + "positive count");
        }
        String key = ClusterMaps.appKey(app);
        // compare-and-set: a publish racing with this keeps its new version and gets the new placement
        while (true) {
            String current = appsMap.get(key);
            ClusterAppDTO record = read(current);
            if (record == null) {
                throw new IllegalArgumentException("There is no app " + app + " in the cluster: publish it first");
            }
            record.group = group.trim();
            record.replicas = replicas;
            String json = ClusterMaps.toJson(record);
            if (appsMap.replace(key, current, json)) {
                apps.putLocal(key, json);
                LOG.info("Placed {} on group {}, replicas {}", record.name, record.group,
                        replicas == 0 ? "all" : replicas);
                return withPlan(record);
            }
        }
    }

    @Override
    public void putSettings(String app, Map<String, String> settings) {
        settingsMap.set(ClusterMaps.appKey(app), ClusterMaps.toJson(settings == null ? Map.of()
                : new TreeMap<>(settings)));
    }

    @Override
    public Map<String, String> settings(String app) {
        return ClusterMaps.settingsFromJson(settingsMap.get(ClusterMaps.appKey(app)));
    }

    @Override
    public List<NodeAppDTO> appStates(String app) {
        String key = ClusterMaps.appKey(app);
        Set<String> live = new HashSet<>();
        hazelcast.getCluster().getMembers().forEach(m -> live.add(ClusterMembers.nodeName(m)));
        Optional<AppPlan> plan = plans.get(key);
        List<String> planned = plan.map(p -> p.nodes).orElse(List.of());
        Map<String, NodeAppDTO> states = new TreeMap<>();
        for (NodeDTO status : statuses.values()) {
            if (status.name == null || status.apps == null
                    || !(live.contains(status.name) || planned.contains(status.name))) {
                continue;
            }
            for (NodeAppDTO reported : status.apps) {
                if (reported.app != null && ClusterMaps.appKey(reported.app).equals(key)) {
                    states.put(status.name, reported);
                }
            }
        }
        for (String node : planned) {
            states.computeIfAbsent(node, n -> {
                NodeAppDTO pending = new NodeAppDTO();
                pending.node = n;
                pending.app = plan.get().app;
                pending.version = plan.get().version;
                pending.sha256 = plan.get().sha256;
                pending.state = NodeAppDTO.PENDING;
                return pending;
            });
        }
        return new ArrayList<>(states.values());
    }

    @Override
    public CompletableFuture<List<NodeAppDTO>> converged(String app, String sha256) {
        Convergence convergence = new Convergence(ClusterMaps.appKey(app), sha256, new CompletableFuture<>());
        waiting.add(convergence);
        // a caller that gives up (orTimeout, cancel) stops being checked
        convergence.future.whenComplete((states, failure) -> waiting.remove(convergence));
        check(convergence);
        return convergence.future;
    }

    private void checkConvergence() {
        // runs on Hazelcast's event threads for every plan and status change: cheap, local reads only
        for (Convergence convergence : waiting) {
            check(convergence);
        }
    }

    private void check(Convergence convergence) {
        AppPlan plan = plans.get(convergence.appKey).orElse(null);
        if (plan == null || !convergence.sha256.equalsIgnoreCase(plan.sha256)) {
            return;
        }
        List<NodeAppDTO> states = new ArrayList<>();
        for (String node : plan.nodes) {
            NodeAppDTO state = reported(node, convergence.appKey);
            if (state == null || !convergence.sha256.equalsIgnoreCase(state.sha256)
                    || !(NodeAppDTO.RUNNING.equals(state.state) || NodeAppDTO.FAILED.equals(state.state))) {
                return;
            }
            states.add(state);
        }
        convergence.future.complete(states);
    }

    private NodeAppDTO reported(String node, String appKey) {
        NodeDTO status = statuses.get(node).orElse(null);
        if (status == null || status.apps == null) {
            return null;
        }
        return status.apps.stream().filter(a -> a.app != null && ClusterMaps.appKey(a.app).equals(appKey))
                .findFirst().orElse(null);
    }

    private ClusterAppDTO withPlan(ClusterAppDTO record) {
        ClusterAppDTO app = copy(record);
        plans.get(ClusterMaps.appKey(record.name)).ifPresent(plan -> {
            app.nodes = new ArrayList<>(plan.nodes);
            app.timerOwners = new LinkedHashMap<>(plan.timerOwners);
        });
        return app;
    }

    /** The record as {@link ClusterMaps#APPS} holds it: without the plan's fields. */
    private static ClusterAppDTO stored(ClusterAppDTO app) {
        ClusterAppDTO record = copy(app);
        record.nodes = null;
        record.timerOwners = null;
        return record;
    }

    private static ClusterAppDTO copy(ClusterAppDTO app) {
        ClusterAppDTO copy = ClusterMaps.fromJson(ClusterMaps.toJson(app), ClusterAppDTO.class);
        if (copy.nodes == null) {
            copy.nodes = new ArrayList<>();
        }
        if (copy.timerOwners == null) {
            copy.timerOwners = new LinkedHashMap<>();
        }
        if (copy.timerFunctions == null) {
            copy.timerFunctions = new ArrayList<>();
        }
        return copy;
    }

    private static ClusterAppDTO read(String json) {
        return json == null ? null : ClusterMaps.fromJson(json, ClusterAppDTO.class);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private record Convergence(String appKey, String sha256, CompletableFuture<List<NodeAppDTO>> future) {
    }
}
