package io.fnhost.core.internal.env;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bridge for GetenvRewriterTest with AppEnvironment's signatures: records each call and its caller. */
public final class RecordingBridge {
    /** "name@caller" or "*@caller" per call. Static because woven calls are static; the test clears it. */
    public static final List<String> CALLS = new CopyOnWriteArrayList<>();

    private RecordingBridge() {
    }

    public static String getenv(String name, Class<?> caller) {
        CALLS.add(name + "@" + caller.getName());
        return "bridged:" + name;
    }

    public static Map<String, String> getenv(Class<?> caller) {
        CALLS.add("*@" + caller.getName());
        return Map.of("bridged", "true");
    }
}
