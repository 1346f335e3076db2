package io.fnhost.cluster.internal.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.internal.state.AppPlan;
import io.fnhost.cluster.internal.state.ClusterMaps;

/**
 * Decides which workers run which app and which node owns each timer function. A pure function of the
 * published apps, the live workers and the previous plan, so that every member could compute it (only the
 * leader writes it) and so that it is tested without a cluster.
 * <ul>
 * <li>replicas 0: every worker of the app's group;</li>
 * <li>replicas N: the previous nodes that are still alive (stability: a running app does not move), then
 * the least-loaded workers of the group (apps per capacity, then name) until N;</li>
 * <li>a timer function keeps its owner while the owner still runs the app, else goes to the app's node
 * with the fewest timer ownerships (then name);</li>
 * <li>no worker in the group: no nodes; the app waits for one.</li>
 * </ul>
 */
public final class AssignmentPlanner {

    /** A live member that runs functions (role worker or standalone). */
    public record Worker(String name, String group, int capacity) {
        public Worker {
            capacity = Math.max(1, capacity);
        }
    }

    private AssignmentPlanner() {
    }

    /**
     * The plan for {@code apps}, keyed by {@link ClusterMaps#appKey}. An entry whose assignment did not change
     * is the previous entry itself (same revision); a changed or new one carries the previous revision + 1.
     * Apps no longer published have no entry.
     */
    public static Map<String, AppPlan> plan(Collection<ClusterAppDTO> apps, Collection<Worker> workers,
            Map<String, AppPlan> previousPlan) {
        List<ClusterAppDTO> sortedApps = new ArrayList<>(apps);
        sortedApps.sort(Comparator.comparing(a -> ClusterMaps.appKey(a.name)));
        Map<String, Worker> alive = new TreeMap<>();
        workers.forEach(w -> alive.put(w.name(), w));

        Map<String, Set<String>> assigned = new LinkedHashMap<>();
        Map<String, Integer> appCount = new HashMap<>();
        // first what stays: every worker of the group (replicas 0), or the previous nodes still alive
        for (ClusterAppDTO app : sortedApps) {
            String key = ClusterMaps.appKey(app.name);
            String group = groupOf(app);
            Set<String> nodes = new LinkedHashSet<>();
            if (app.replicas <= 0) {
                alive.values().stream().filter(w -> w.group().equals(group)).forEach(w -> nodes.add(w.name()));
            } else {
                AppPlan previous = previousPlan.get(key);
                if (previous != null) {
                    previous.nodes.stream().sorted()
                            .filter(n -> alive.containsKey(n) && alive.get(n).group().equals(group))
                            .limit(app.replicas)
                            .forEach(nodes::add);
                }
            }
            nodes.forEach(n -> appCount.merge(n, 1, Integer::sum));
            assigned.put(key, nodes);
        }
        // then fill replicas from the least-loaded workers of the group
        for (ClusterAppDTO app : sortedApps) {
            Set<String> nodes = assigned.get(ClusterMaps.appKey(app.name));
            String group = groupOf(app);
            while (app.replicas > 0 && nodes.size() < app.replicas) {
                Worker next = alive.values().stream()
                        .filter(w -> w.group().equals(group) && !nodes.contains(w.name()))
                        .min(Comparator.<Worker>comparingDouble(w -> load(w, appCount)).thenComparing(Worker::name))
                        .orElse(null);
                if (next == null) {
                    break;
                }
                nodes.add(next.name());
                appCount.merge(next.name(), 1, Integer::sum);
            }
        }
        Map<String, Map<String, String>> owners = timerOwners(sortedApps, assigned, previousPlan);

        Map<String, AppPlan> plan = new LinkedHashMap<>();
        for (ClusterAppDTO app : sortedApps) {
            String key = ClusterMaps.appKey(app.name);
            AppPlan entry = new AppPlan();
            entry.app = app.name;
            entry.sha256 = app.sha256;
            entry.version = app.version;
            entry.nodes = new ArrayList<>(new TreeSet<>(assigned.get(key)));
            entry.timerOwners = owners.get(key);
            AppPlan previous = previousPlan.get(key);
            if (entry.sameAssignment(previous)) {
                plan.put(key, previous);
            } else {
                entry.revision = previous == null ? 1 : previous.revision + 1;
                plan.put(key, entry);
            }
        }
        return plan;
    }

    private static Map<String, Map<String, String>> timerOwners(List<ClusterAppDTO> apps,
            Map<String, Set<String>> assigned, Map<String, AppPlan> previousPlan) {
        Map<String, Map<String, String>> owners = new LinkedHashMap<>();
        Map<String, Integer> ownerships = new HashMap<>();
        // owners that still run the app keep their timers, so a schedule never runs twice during a re-plan
        for (ClusterAppDTO app : apps) {
            String key = ClusterMaps.appKey(app.name);
            Set<String> nodes = assigned.get(key);
            AppPlan previous = previousPlan.get(key);
            Map<String, String> kept = new LinkedHashMap<>();
            for (String function : timerFunctions(app)) {
                String owner = previous == null ? null : previous.timerOwners.get(function);
                if (owner != null && nodes.contains(owner)) {
                    kept.put(function, owner);
                    ownerships.merge(owner, 1, Integer::sum);
                }
            }
            owners.put(key, kept);
        }
        for (ClusterAppDTO app : apps) {
            String key = ClusterMaps.appKey(app.name);
            Set<String> nodes = assigned.get(key);
            Map<String, String> appOwners = owners.get(key);
            Map<String, String> ordered = new LinkedHashMap<>();
            for (String function : timerFunctions(app)) {
                String owner = appOwners.get(function);
                if (owner == null) {
                    owner = nodes.stream()
                            .min(Comparator.<String>comparingInt(n -> ownerships.getOrDefault(n, 0))
                                    .thenComparing(Comparator.naturalOrder()))
                            .orElse(null);
                    if (owner == null) {
                        continue;
                    }
                    ownerships.merge(owner, 1, Integer::sum);
                }
                ordered.put(function, owner);
            }
            owners.put(key, ordered);
        }
        return owners;
    }

    private static double load(Worker worker, Map<String, Integer> appCount) {
        return appCount.getOrDefault(worker.name(), 0) / (double) worker.capacity();
    }

    private static List<String> timerFunctions(ClusterAppDTO app) {
        return app.timerFunctions == null ? List.of() : app.timerFunctions;
    }

    private static String groupOf(ClusterAppDTO app) {
        return app.group == null || app.group.isBlank() ? ClusterAppDTO.DEFAULT_GROUP : app.group;
    }
}
