package io.fnhost.cluster.internal.state;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, parsed copy of one of the cluster's JSON maps, kept current by an entry listener, so that reads
 * (the gateway asks for the nodes on every request) never go over the network. A value that does not parse
 * is left out and logged once per key and value.
 *
 * @param <T> the type the JSON values are read into
 */
public final class JsonMapCache<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonMapCache.class);

    private final IMap<String, String> map;
    private final Function<String, T> parser;
    private final Consumer<String> onChange;
    private final Map<String, T> values = new ConcurrentHashMap<>();
    private final UUID listener;

    /**
     * Starts listening, then loads the map's current entries.
     *
     * @param onChange called with the key after every change this cache sees (on a Hazelcast event thread)
     */
    public JsonMapCache(IMap<String, String> map, Function<String, T> parser, Consumer<String> onChange) {
        this.map = map;
        this.parser = parser;
        this.onChange = onChange;
        // listen first: a change made while loading is then seen, at worst twice
        this.listener = map.addEntryListener(new Changes(), true);
        reload();
    }

    /** Replaces the copy with the map's entries (at start, and after a split brain has healed). */
    public void reload() {
        Map<String, T> loaded = new HashMap<>();
        for (Map.Entry<String, String> entry : map.entrySet()) {
            T value = parse(entry.getKey(), entry.getValue());
            if (value != null) {
                loaded.put(entry.getKey(), value);
            }
        }
        values.keySet().retainAll(loaded.keySet());
        values.putAll(loaded);
        onChange.accept(null);
    }

    /** The value of {@code key}, if the map holds one. */
    public Optional<T> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The values, unordered; a live view. */
    public Collection<T> values() {
        return values.values();
    }

    /** Records a value this node has just written, so that it reads its own write before the event arrives. */
    public void putLocal(String key, String json) {
        T value = parse(key, json);
        if (value != null) {
            values.put(key, value);
        }
    }

    /** Forgets a key this node has just removed. */
    public void removeLocal(String key) {
        values.remove(key);
    }

    @Override
    public void close() {
        try {
            map.removeEntryListener(listener);
        } catch (HazelcastInstanceNotActiveException e) {
            // the member is shutting down: its listeners go with it
        }
    }

    private T parse(String key, String json) {
        if (json == null) {
            return null;
        }
        try {
            return parser.apply(json);
        } catch (RuntimeException e) {
            LOG.warn("Ignoring the entry {} of the cluster map {}: it is not valid JSON of the expected shape ({}): {}",
                    key, map.getName(), e.getMessage(), abbreviate(json));
            return null;
        }
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "...";
    }

    private final class Changes implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String>, EntryEvictedListener<String, String>,
            EntryExpiredListener<String, String>, MapClearedListener {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            changed(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            changed(event.getKey(), event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            changed(event.getKey(), null);
        }

        @Override
        public void entryEvicted(EntryEvent<String, String> event) {
            changed(event.getKey(), null);
        }

        @Override
        public void entryExpired(EntryEvent<String, String> event) {
            changed(event.getKey(), null);
        }

        @Override
        public void mapCleared(MapEvent event) {
            values.clear();
            onChange.accept(null);
        }

        private void changed(String key, String json) {
            T value = parse(key, json);
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
            onChange.accept(key);
        }
    }
}
