package io.fnhost.cluster.internal.state;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

/**
 * The names of the cluster's shared maps, the member attributes every node publishes, and the JSON codec
 * of their values (docs: briefs/cluster-design.md, "Shared state"). Values are fnhost-cluster's own JSON,
 * never objects of other bundles, so that any node (of any bundle version) can read them with no class
 * loader in common.
 */
public final class ClusterMaps {
    /** App name (lower-case) to its {@code ClusterAppDTO} JSON without {@code nodes}/{@code timerOwners}. */
    public static final String APPS = "fnhost.apps";
    /** SHA-256 (hex) to the artifact's bytes ({@code IMap<String, byte[]>}). */
    public static final String ARTIFACTS = "fnhost.artifacts";
    /** App name (lower-case) to a JSON object of the app's settings. */
    public static final String SETTINGS = "fnhost.settings";
    /** App name (lower-case) to its {@link AppPlan} JSON; written by the leader's planner only. */
    public static final String PLAN = "fnhost.plan";
    /** Node name to its status ({@code NodeDTO} JSON); each node writes its own entry. */
    public static final String NODES = "fnhost.nodes";
    /** {@code app/function} (lower-case) to {@code ScheduleStatusDTO} JSON; written by the timer owner. */
    public static final String SCHEDULES = "fnhost.schedules";
    /** {@link #BROKER_URL} to the management broker's url; written by the leader. */
    public static final String BROKER = "fnhost.broker";
    /** The one key of {@link #BROKER}. */
    public static final String BROKER_URL = "url";

    /** Member attribute: the node's name (identify nodes by it, never by the member UUID). */
    public static final String ATTRIBUTE_NODE = "node";
    /** Member attribute: {@code management}, {@code worker} or {@code standalone}. */
    public static final String ATTRIBUTE_ROLE = "role";
    /** Member attribute: the node's worker group. */
    public static final String ATTRIBUTE_GROUP = "group";
    /** Member attribute: the node's capacity weight (a positive integer). */
    public static final String ATTRIBUTE_CAPACITY = "capacity";
    /** Member attribute: where the node serves HTTP, e.g. {@code http://127.0.0.1:8181}. */
    public static final String ATTRIBUTE_HTTP_URL = "httpUrl";

    private static final Type STRING_MAP = new TypeToken<LinkedHashMap<String, String>>() { }.getType();

    // Gson is immutable and thread-safe. Numbers inside untyped maps (binding attributes) stay integral.
    private static final Gson GSON = new GsonBuilder()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .disableHtmlEscaping()
            .create();

    private ClusterMaps() {
    }

    /** The key of an app in {@link #APPS}, {@link #SETTINGS} and {@link #PLAN}: its name in lower case. */
    public static String appKey(String app) {
        return app.toLowerCase(Locale.ROOT);
    }

    /** The key of a timer function in {@link #SCHEDULES}: {@code app/function} in lower case. */
    public static String scheduleKey(String app, String function) {
        return (app + "/" + function).toLowerCase(Locale.ROOT);
    }

    /** {@code value} as the JSON the maps hold. */
    public static String toJson(Object value) {
        return GSON.toJson(value);
    }

    /**
     * Reads a map value.
     *
     * @throws JsonParseException when {@code json} is not a {@code type}
     */
    public static <T> T fromJson(String json, Class<T> type) {
        return GSON.fromJson(json, type);
    }

    /** Reads a {@link #SETTINGS} value; an absent value is an empty map. */
    public static Map<String, String> settingsFromJson(String json) {
        if (json == null) {
            return new LinkedHashMap<>();
        }
        Map<String, String> settings = GSON.fromJson(json, STRING_MAP);
        return settings == null ? new LinkedHashMap<>() : settings;
    }
}
