package io.fnhost.http.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.TriggerData;

/**
 * Trigger data of one HTTP request. The value is the {@link HttpRequestAdapter} (or, for a trigger
 * parameter that is not an {@code HttpRequestMessage}, its converted body). Metadata is looked up
 * lazily, in this order: {@code $request} and the trigger's binding name (the request), route
 * parameters, query parameters (except {@code code}, which carries a key), {@code Query} and
 * {@code Headers} (maps), then top-level properties of a JSON object body (strings as they are, other
 * values as JSON text), parsed only when a name gets that far. This gives Azure's precedence
 * route > query > body.
 * <p>
 * Names of route values, query parameters and body properties are matched ignoring case, as the Azure
 * host collects them into one case-insensitive dictionary ({@code HttpTriggerAttributeBindingProvider}).
 * An exact-case hit costs what it did before; only a miss scans the (small) query map.
 */
final class HttpTriggerData implements TriggerData {
    static final String REQUEST = "$request";
    static final String QUERY = "Query";
    static final String HEADERS = "Headers";
    /** The query parameter that carries a function key: never trigger metadata (Azure skips it too). */

    private final HttpRequestAdapter request;
    private final RouteTable.Match match;
    private Map<String, String> bodyProperties;

    HttpTriggerData(HttpRequestAdapter request, RouteTable.Match match) {
        this.request = request;
        this.match = match;
    }

    HttpRequestAdapter request() {
        return request;
    }

    @Override
    public Object value() {
        return match.route.body.passesRequest ? request : request.getBody();
    }

    @Override
    public Object metadata(String name) {
        if (REQUEST.equals(name) || match.route.triggerName.equals(name)) {
            return request;
        }
        String value = match.routeValue(name);
        if (value != null) {
            return value;
        }
        value = queryValue(request.getQueryParameters(), name);
        if (value != null) {
            return value;
        }
        if (QUERY.equals(name)) {
            return request.getQueryParameters();
        }
        if (HEADERS.equals(name)) {
            return request.getHeaders();
        }
        return bodyProperties().get(RouteTemplate.foldCase(name));
    }

    static String queryValue(Map<String, String> query, String name) {
        if (FunctionKeys.KEY_QUERY_PARAMETER.equalsIgnoreCase(name)) {
            return null;
        }
        String value = query.get(name);
        if (value != null) {
            return value;
        }
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
                value = e.getValue();
            }
        }
        return value;
    }

    private synchronized Map<String, String> bodyProperties() {
        if (bodyProperties == null) {
            bodyProperties = parseBodyProperties(request.rawBody());
        }
        return bodyProperties;
    }

    /** Top-level properties of a JSON object body by {@link RouteTemplate#foldCase folded} name. */
    static Map<String, String> parseBodyProperties(Object rawBody) {
        if (!(rawBody instanceof String)) {
            return Collections.emptyMap();
        }
        String text = (String) rawBody;
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i == text.length() || text.charAt(i) != '{') {
            return Collections.emptyMap();
        }
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(text);
        } catch (JsonParseException | IllegalStateException e) {
            return Collections.emptyMap();
        }
        if (!parsed.isJsonObject()) {
            return Collections.emptyMap();
        }
        JsonObject object = parsed.getAsJsonObject();
        Map<String, String> map = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            JsonElement v = e.getValue();
            if (v.isJsonNull()) {
                continue;
            }
            // keyed by folded name; a later property wins over an earlier one differing only in case
            map.put(RouteTemplate.foldCase(e.getKey()), v.isJsonPrimitive() ? v.getAsString() : v.toString());
        }
        return map;
    }
}
