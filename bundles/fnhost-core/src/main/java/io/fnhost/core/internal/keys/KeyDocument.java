package io.fnhost.core.internal.keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A node's keys as the JSON document {@link FileFunctionKeys#exportKeys} writes and
 * {@link FileFunctionKeys#importKeys} reads:
 * {@code {"master": "...", "host": [{"name", "value"}], "system": [...], "functions": {"<function>": [...]}}}.
 * {@code master} is absent when the exporting node's master key is preset. Messages never quote a value.
 *
 * @param master    the stored master key's value, or null
 * @param host      the host keys
 * @param system    the system keys
 * @param functions the keys of each function, by lower-case name
 */
record KeyDocument(String master, List<StoredKey> host, List<StoredKey> system, Map<String, List<StoredKey>> functions) {

    /** The snapshot's keys; functions without keys are left out (the same as absent), in name order. */
    static KeyDocument of(KeySnapshot snapshot, boolean masterPreset) {
        Map<String, List<StoredKey>> functions = new TreeMap<>();
        snapshot.allFunctionKeys().forEach((function, keys) -> {
            if (!keys.isEmpty()) {
                functions.put(function, keys);
            }
        });
        return new KeyDocument(masterPreset || snapshot.storedMaster == null ? null : snapshot.storedMaster.value,
                snapshot.hostKeys, snapshot.systemKeys, functions);
    }

    String toJson() {
        JsonObject json = new JsonObject();
        if (master != null) {
            json.addProperty("master", master);
        }
        json.add("host", toJson(host));
        json.add("system", toJson(system));
        JsonObject byFunction = new JsonObject();
        functions.forEach((function, keys) -> byFunction.add(function, toJson(keys)));
        json.add("functions", byFunction);
        return json.toString();
    }

    /** @throws IllegalArgumentException saying what is wrong, never quoting a key value */
    static KeyDocument parse(String document) {
        if (document == null || document.isBlank()) {
            throw new IllegalArgumentException("The keys document is empty.");
        }
        try {
            JsonObject json = JsonParser.parseString(document).getAsJsonObject();
            String master = null;
            if (json.has("master") && !json.get("master").isJsonNull()) {
                master = value(json.get("master"), "the master key");
            }
            Map<String, List<StoredKey>> functions = new LinkedHashMap<>();
            JsonElement byFunction = json.get("functions");
            if (byFunction != null && !byFunction.isJsonNull()) {
                for (Map.Entry<String, JsonElement> e : byFunction.getAsJsonObject().entrySet()) {
                    String function = KeyRules.functionName(e.getKey());
                    functions.put(function, keys(e.getValue(), "function '" + function + "'"));
                }
            }
            return new KeyDocument(master, keys(json.get("host"), "host"), keys(json.get("system"), "system"),
                    functions);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            // Gson's messages may quote the input: say only where it went wrong.
            throw new IllegalArgumentException("The keys document is not valid JSON of the expected shape ("
                    + e.getClass().getSimpleName() + ").");
        }
    }

    private static List<StoredKey> keys(JsonElement element, String owner) {
        List<StoredKey> keys = new ArrayList<>();
        if (element == null || element.isJsonNull()) {
            return keys;
        }
        JsonArray array = element.getAsJsonArray();
        for (JsonElement item : array) {
            JsonObject key = item.getAsJsonObject();
            JsonElement name = key.get("name");
            if (name == null || !name.isJsonPrimitive() || name.getAsString().isEmpty()) {
                throw new IllegalArgumentException("A " + owner + " key in the keys document has no name.");
            }
            keys.add(new StoredKey(name.getAsString(), value(key.get("value"), owner + " key '" + name.getAsString() + "'")));
        }
        return keys;
    }

    private static String value(JsonElement element, String what) {
        if (element == null || !element.isJsonPrimitive() || element.getAsString().isEmpty()) {
            throw new IllegalArgumentException("The keys document has no value for " + what + ".");
        }
        return element.getAsString();
    }

    private static JsonArray toJson(List<StoredKey> keys) {
        JsonArray array = new JsonArray();
        for (StoredKey key : keys) {
            JsonObject json = new JsonObject();
            json.addProperty("name", key.name);
            json.addProperty("value", key.value);
            array.add(json);
        }
        return array;
    }

    /** Never a value: a document may end up in a log statement or an exception message. */
    @Override
    public String toString() {
        return "keys document (" + host.size() + " host, " + system.size() + " system keys, " + functions.size()
                + " functions" + (master == null ? "" : ", a master key") + ")";
    }

    /** Whether two key lists hold the same names and values in the same order. */
    static boolean same(List<StoredKey> a, List<StoredKey> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).name.equals(b.get(i).name) || !a.get(i).value.equals(b.get(i).value)) {
                return false;
            }
        }
        return true;
    }
}
