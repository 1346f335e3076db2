package io.fnhost.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

import io.fnhost.core.internal.invoke.RetryPolicy;
import io.fnhost.spi.RetryDTO;

/**
 * The subset of an app's {@code host.json} (Azure's version 2.0 schema) that the core reads:
 * {@code functionTimeout}, the app-wide {@code retry} policy and the {@code extensions} sections handed
 * to providers.
 */
public final class HostJson {
    /** Azure's default {@code functionTimeout} on dedicated plans: 30 minutes. */
    public static final String DEFAULT_TIMEOUT = "00:30:00";

    // [d.]hh:mm:ss[.fff], as .NET's TimeSpan.Parse accepts in host.json.
    private static final Pattern TIME_SPAN = Pattern.compile("(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,7}))?");

    private final Map<String, Object> root;
    private final long timeoutMillis;
    private final String timeoutText;
    private final RetryPolicy retry;

    private HostJson(Map<String, Object> root, long timeoutMillis, String timeoutText, RetryPolicy retry) {
        this.root = root;
        this.timeoutMillis = timeoutMillis;
        this.timeoutText = timeoutText;
        this.retry = retry;
    }

    /** The defaults, for an app without host.json. */
    public static HostJson defaults() {
        return new HostJson(Map.of(), parseTimeSpan(DEFAULT_TIMEOUT), DEFAULT_TIMEOUT, null);
    }

    /** Reads host.json at {@code url}, or the defaults when {@code url} is null. */
    public static HostJson read(URL url) throws InvalidHostJsonException {
        if (url == null) {
            return defaults();
        }
        Map<String, Object> root;
        try (InputStream in = url.openStream()) {
            root = new Gson().fromJson(new InputStreamReader(in, StandardCharsets.UTF_8),
                    new TypeToken<Map<String, Object>>() { }.getType());
        } catch (IOException | JsonParseException e) {
            throw new InvalidHostJsonException("host.json is not valid JSON: " + e.getMessage()
                    + "; fix the file at the root of the app bundle");
        }
        return of(root == null ? Map.of() : root);
    }

    static HostJson of(Map<String, Object> root) throws InvalidHostJsonException {
        Object version = root.get("version");
        if (version != null && !"2.0".equals(String.valueOf(version))) {
            throw new InvalidHostJsonException("host.json has version \"" + version
                    + "\"; fnhost reads the Azure Functions version 2.0 schema: set \"version\": \"2.0\"");
        }
        Object timeout = root.get("functionTimeout");
        String text = timeout == null ? DEFAULT_TIMEOUT : String.valueOf(timeout).trim();
        long millis;
        if ("-1".equals(text)) {
            millis = -1;
        } else {
            millis = parseTimeSpan(text);
            if (millis < 1000) {
                throw new InvalidHostJsonException("host.json functionTimeout \"" + text
                        + "\" is not a time span of at least 1 second (hh:mm:ss), or -1 for no limit");
            }
        }
        return new HostJson(root, millis, text, retry(root.get("retry")));
    }

    /** The {@code retry} section: Azure's app-wide policy, used by functions without a retry annotation. */
    private static RetryPolicy retry(Object section) throws InvalidHostJsonException {
        if (section == null) {
            return null;
        }
        if (!(section instanceof Map<?, ?> map)) {
            throw new InvalidHostJsonException("host.json retry is not an object; write e.g. \"retry\": "
                    + "{\"strategy\": \"fixedDelay\", \"maxRetryCount\": 2, \"delayInterval\": \"00:00:03\"}");
        }
        RetryDTO dto = new RetryDTO();
        dto.strategy = text(map.get("strategy"));
        dto.delayInterval = text(map.get("delayInterval"));
        dto.minimumInterval = text(map.get("minimumInterval"));
        dto.maximumInterval = text(map.get("maximumInterval"));
        Object count = map.get("maxRetryCount");
        double value;
        try {
            value = count instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(count));
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (count == null || value != Math.rint(value) || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new InvalidHostJsonException("host.json retry has maxRetryCount " + (count == null ? "missing" : count)
                    + "; give a whole number of retries (0 or more), or -1 to retry until the trigger stops");
        }
        dto.maxRetryCount = (int) value;
        try {
            return RetryPolicy.of(dto, "host.json retry");
        } catch (IllegalArgumentException e) {
            throw new InvalidHostJsonException(e.getMessage());
        }
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value).trim();
    }

    /** Milliseconds of a .NET TimeSpan text ({@code [d.]hh:mm:ss[.fff]}), or -1 when it is not one. */
    public static long parseTimeSpan(String text) {
        Matcher m = TIME_SPAN.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return -1;
        }
        long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long hours = Long.parseLong(m.group(2));
        long minutes = Long.parseLong(m.group(3));
        long seconds = Long.parseLong(m.group(4));
        if (hours > 23 || minutes > 59 || seconds > 59) {
            return -1;
        }
        long fraction = 0;
        if (m.group(5) != null) {
            String f = (m.group(5) + "000").substring(0, 3);
            fraction = Long.parseLong(f);
        }
        return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000 + fraction;
    }

    /** {@code functionTimeout} in milliseconds; -1 for unbounded. */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    public String timeoutText() {
        return timeoutText;
    }

    /** The app-wide {@code retry} policy, or {@code null} when host.json has none. */
    public RetryPolicy retry() {
        return retry;
    }

    /** {@code extensions.<name>} as nested maps; empty when absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> extension(String name) {
        Object extensions = root.get("extensions");
        if (extensions instanceof Map<?, ?> map && map.get(name) instanceof Map<?, ?> section) {
            return Collections.unmodifiableMap((Map<String, Object>) section);
        }
        return Map.of();
    }

    /** host.json that cannot be used; the message says what to fix. */
    public static final class InvalidHostJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidHostJsonException(String message) {
            super(message);
        }
    }
}
