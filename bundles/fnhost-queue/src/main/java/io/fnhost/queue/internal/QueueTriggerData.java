package io.fnhost.queue.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.fnhost.spi.TriggerData;

/**
 * One queue message as the function sees it: the decoded payload ({@code byte[]} for binary parameters,
 * text otherwise) and Azure's metadata ({@code Id}, {@code DequeueCount}, {@code InsertionTime},
 * {@code ExpirationTime}, {@code NextVisibleTime}, {@code PopReceipt}, {@code QueueTrigger}) plus the
 * top-level properties of a JSON payload, parsed only when a function asks for one.
 */
final class QueueTriggerData implements TriggerData {
    /** How long Azure hides a message being processed; reported as {@code NextVisibleTime}. */
    static final long PROCESSING_VISIBILITY_MILLIS = 10 * 60 * 1000L;

    private final byte[] payload;
    private final boolean binary;
    private final String id;
    private final long dequeueCount;
    private final long insertionTime;
    private final long expirationTime;
    private final long deliveredAt;
    private final String popReceipt;
    private String text;
    private JsonObject json;
    private boolean jsonParsed;

    QueueTriggerData(byte[] payload, boolean binary, String id, long dequeueCount, long insertionTime,
            long expirationTime, long deliveredAt, String popReceipt) {
        this.payload = payload;
        this.binary = binary;
        this.id = id;
        this.dequeueCount = dequeueCount;
        this.insertionTime = insertionTime;
        this.expirationTime = expirationTime;
        this.deliveredAt = deliveredAt;
        this.popReceipt = popReceipt;
    }

    @Override
    public Object value() {
        return binary ? payload : text();
    }

    String text() {
        if (text == null) {
            text = new String(payload, StandardCharsets.UTF_8);
        }
        return text;
    }

    @Override
    public Object metadata(String name) {
        switch (name) {
            case "Id":
                return id;
            case "DequeueCount":
                return dequeueCount;
            case "InsertionTime":
                return time(insertionTime);
            case "ExpirationTime":
                return expirationTime > 0 ? time(expirationTime) : null;
            case "NextVisibleTime":
                return time(deliveredAt + PROCESSING_VISIBILITY_MILLIS);
            case "PopReceipt":
                return popReceipt;
            case "QueueTrigger":
                return text();
            default:
                return jsonProperty(name);
        }
    }

    private Object jsonProperty(String name) {
        if (!jsonParsed) {
            jsonParsed = true;
            try {
                JsonElement parsed = JsonParser.parseString(text());
                json = parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
            } catch (RuntimeException e) {
                json = null; // not JSON: no properties, as in Azure
            }
        }
        if (json == null || !json.has(name)) {
            return null;
        }
        JsonElement value = json.get(name);
        if (value.isJsonNull()) {
            return null;
        }
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : value.toString();
    }

    /** Azure's DateTimeOffset text in UTC, e.g. {@code 2026-11-27T12:00:00Z}. */
    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC).toString();
    }

}
