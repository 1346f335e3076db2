package io.fnhost.cluster.internal.timer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import io.fnhost.cluster.internal.state.ClusterMaps;
import io.fnhost.spi.ScheduleStatusStore;
import io.fnhost.spi.ScheduleStatusDTO;

/**
 * The cluster's {@link ScheduleStatusStore} (ranking 100, above fnhost-timer's file store): one entry
 * of {@link ClusterMaps#SCHEDULES} per timer function, key {@code app/function} in lower case, value
 * {@code {"last":...,"next":...,"lastUpdated":...}} (ISO-8601 instants, absent for never). So the node
 * that takes over a timer finds the status its previous owner wrote and runs a missed occurrence once.
 * Registered only while the Hazelcast member is up.
 */
@Component(service = ScheduleStatusStore.class, property = Constants.SERVICE_RANKING + ":Integer=100")
public final class ClusterScheduleStatusStore implements ScheduleStatusStore {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterScheduleStatusStore.class);

    private final IMap<String, String> schedules;

    @Activate
    public ClusterScheduleStatusStore(@Reference HazelcastInstance hazelcast) {
        this.schedules = hazelcast.getMap(ClusterMaps.SCHEDULES);
    }

    @Override
    public ScheduleStatusDTO read(String app, String function) {
        String key = ClusterMaps.scheduleKey(app, function);
        String json;
        try {
            json = schedules.get(key);
        } catch (HazelcastException e) {
            LOG.warn("Cannot read the schedule status of timer {} from the cluster ({}): it starts afresh", key,
                    e.getMessage());
            return null;
        }
        if (json == null) {
            return null;
        }
        try {
            return fromJson(json);
        } catch (JsonParseException | IllegalStateException | DateTimeParseException e) {
            LOG.warn("The schedule status of timer {} in the cluster cannot be read ({}): it starts afresh", key,
                    e.getMessage());
            return null;
        }
    }

    @Override
    public void write(String app, String function, ScheduleStatusDTO status) {
        String key = ClusterMaps.scheduleKey(app, function);
        try {
            schedules.set(key, toJson(status));
        } catch (HazelcastException e) {
            throw new UncheckedIOException(new IOException("cannot store the schedule status of timer " + key
                    + " in the cluster: " + e.getMessage(), e));
        }
    }

    static String toJson(ScheduleStatusDTO status) {
        JsonObject o = new JsonObject();
        // Instants as text: Gson cannot reflect into java.time on Java 17.
        put(o, "last", status.last);
        put(o, "next", status.next);
        put(o, "lastUpdated", status.lastUpdated);
        return o.toString();
    }

    static ScheduleStatusDTO fromJson(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        ScheduleStatusDTO status = new ScheduleStatusDTO();
        status.last = instant(o, "last");
        status.next = instant(o, "next");
        status.lastUpdated = instant(o, "lastUpdated");
        return status;
    }

    private static void put(JsonObject o, String name, Instant value) {
        if (value != null) {
            o.addProperty(name, value.toString());
        }
    }

    private static Instant instant(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : Instant.parse(e.getAsString());
    }
}
