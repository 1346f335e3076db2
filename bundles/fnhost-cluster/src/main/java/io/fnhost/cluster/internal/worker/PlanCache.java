package io.fnhost.cluster.internal.worker;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonParseException;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;

import io.fnhost.cluster.internal.state.AppPlan;
import io.fnhost.cluster.internal.state.ClusterMaps;

/**
 * This node's copy of {@link ClusterMaps#PLAN}, kept current by an entry listener, so that questions
 * asked often (does this node own a timer? which apps should it run?) need no network round trip.
 * Each change is passed to the {@link ChangeListener}s with the entry before and after.
 * <p>
 * Not a component: each user opens its own on the {@code HazelcastInstance} it was given and closes it
 * when it goes.
 */
public final class PlanCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlanCache.class);

    /** Told about each change of one app's plan entry; called on a Hazelcast event thread, must not block. */
    @FunctionalInterface
    public interface ChangeListener {
        /**
         * @param appKey the app's key (lower-case name)
         * @param before its entry before, or {@code null}
         * @param after its entry now, or {@code null} when removed
         */
        void changed(String appKey, AppPlan before, AppPlan after);
    }

    private final IMap<String, String> plan;
    private final Map<String, AppPlan> entries = new ConcurrentHashMap<>();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final UUID registration;

    /** Starts listening, then loads the map, so that no change made meanwhile is missed. */
    public PlanCache(HazelcastInstance hazelcast) {
        this.plan = hazelcast.getMap(ClusterMaps.PLAN);
        this.registration = plan.addEntryListener(new Events(), true);
        reload();
    }

    /** Adds a listener for later changes. */
    public void addListener(ChangeListener listener) {
        listeners.add(listener);
    }

    /**
     * Reads the whole map again (after a split-brain merge, whose merged entries may not all come as
     * events) and reports what differs.
     */
    public void reload() {
        // What was cached before the read: an entry an event put in after the read must not be dropped.
        Map<String, AppPlan> cachedBefore = Map.copyOf(entries);
        Map<String, String> now = Map.copyOf(plan);
        for (Map.Entry<String, String> e : now.entrySet()) {
            AppPlan loaded = parse(e.getKey(), e.getValue());
            if (loaded != null) {
                apply(e.getKey(), loaded, true);
            }
        }
        for (Map.Entry<String, AppPlan> e : cachedBefore.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                synchronized (entries) {
                    if (entries.get(e.getKey()) != e.getValue()) {
                        continue;
                    }
                }
                apply(e.getKey(), null, false);
            }
        }
    }

    /** The plan entry of {@code app} (any case), if there is one. */
    public Optional<AppPlan> get(String app) {
        return Optional.ofNullable(entries.get(ClusterMaps.appKey(app)));
    }

    /** Every plan entry now, by app key. */
    public Map<String, AppPlan> all() {
        return Map.copyOf(entries);
    }

    @Override
    public void close() {
        listeners.clear();
        try {
            plan.removeEntryListener(registration);
        } catch (RuntimeException e) {
            // The member is shutting down: the registration goes with it.
            LOG.debug("Could not remove the plan listener: {}", e.getMessage());
        }
    }

    private void apply(String key, AppPlan after) {
        apply(key, after, false);
    }

    /** {@code fromRead}: a value read from the map, older than a cached one if its revision is lower. */
    private void apply(String key, AppPlan after, boolean fromRead) {
        AppPlan before;
        synchronized (entries) {
            before = entries.get(key);
            if (fromRead && before != null && after != null && after.revision < before.revision) {
                return;
            }
            if (after == null) {
                entries.remove(key);
            } else {
                entries.put(key, after);
            }
        }
        if (sameEntry(before, after)) {
            return;
        }
        for (ChangeListener l : listeners) {
            try {
                l.changed(key, before, after);
            } catch (RuntimeException e) {
                LOG.warn("A listener of plan changes failed for app {}", key, e);
            }
        }
    }

    private static boolean sameEntry(AppPlan a, AppPlan b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.revision == b.revision && a.sameAssignment(b);
    }

    /** A plan entry, or {@code null} when it cannot be read (logged: the leader wrote something odd). */
    private static AppPlan parse(String key, String json) {
        if (json == null) {
            return null;
        }
        try {
            AppPlan p = ClusterMaps.fromJson(json, AppPlan.class);
            if (p != null && p.app == null) {
                p.app = key;
            }
            return p;
        } catch (JsonParseException e) {
            LOG.error("The plan entry of app {} is not valid JSON and is ignored: {}", key, e.getMessage());
            return null;
        }
    }

    private final class Events implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String>, EntryEvictedListener<String, String>,
            EntryExpiredListener<String, String>, EntryMergedListener<String, String>, MapClearedListener {
        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            apply(event.getKey(), parse(event.getKey(), event.getValue()));
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            apply(event.getKey(), parse(event.getKey(), event.getValue()));
        }

        @Override
        public void entryMerged(EntryEvent<String, String> event) {
            apply(event.getKey(), parse(event.getKey(), event.getValue()));
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            apply(event.getKey(), null);
        }

        @Override
        public void entryEvicted(EntryEvent<String, String> event) {
            apply(event.getKey(), null);
        }

        @Override
        public void entryExpired(EntryEvent<String, String> event) {
            apply(event.getKey(), null);
        }

        @Override
        public void mapCleared(MapEvent event) {
            for (String key : List.copyOf(entries.keySet())) {
                apply(key, null);
            }
        }
    }

    @Override
    public String toString() {
        return "PlanCache" + Objects.toString(entries.keySet());
    }
}
