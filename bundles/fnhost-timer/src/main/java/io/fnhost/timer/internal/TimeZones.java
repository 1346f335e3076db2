package io.fnhost.timer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The time zone of an app's timer schedules, from its app settings as Azure reads them:
 * {@value #WEBSITE_TIME_ZONE} (a Windows time zone id such as {@code Eastern Standard Time}; on Linux
 * Azure also accepts an IANA id there) or else {@value #TZ} (an IANA id such as
 * {@code America/New_York}); UTC when neither is set. The JDK knows no Windows ids, so they map through
 * CLDR's {@code windowsZones} table, shipped as a resource.
 */
final class TimeZones {
    static final String WEBSITE_TIME_ZONE = "WEBSITE_TIME_ZONE";
    static final String TZ = "TZ";

    private final Map<String, String> windowsToIana;

    private TimeZones(Map<String, String> windowsToIana) {
        this.windowsToIana = windowsToIana;
    }

    /** The table shipped with this bundle. */
    static TimeZones load() {
        Properties table = new Properties();
        try (InputStream in = TimeZones.class.getResourceAsStream("windows-zones.properties")) {
            if (in == null) {
                throw new IllegalStateException("windows-zones.properties is missing from the fnhost-timer bundle");
            }
            table.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Windows ids compare case-insensitively (TimeZoneInfo.FindSystemTimeZoneById)
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        table.forEach((k, v) -> map.put(((String) k).trim(), ((String) v).trim()));
        return new TimeZones(map);
    }

    /**
     * The zone named by the app settings {@code settings} reads.
     *
     * @throws IllegalArgumentException when a setting names no known zone
     */
    ZoneId zoneOf(UnaryOperator<String> settings) {
        String windows = settings.apply(WEBSITE_TIME_ZONE);
        if (windows != null && !windows.isBlank()) {
            String id = windows.trim();
            String iana = windowsToIana.get(id);
            if (iana != null) {
                return ZoneId.of(iana);
            }
            try {
                return ZoneId.of(id);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("app setting " + WEBSITE_TIME_ZONE + " '" + id + "' is not a Windows "
                        + "time zone id (e.g. 'Eastern Standard Time', 'W. Europe Standard Time') nor an IANA one");
            }
        }
        String iana = settings.apply(TZ);
        if (iana != null && !iana.isBlank()) {
            try {
                return ZoneId.of(iana.trim());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("app setting " + TZ + " '" + iana.trim() + "' is not an IANA time zone id "
                        + "(e.g. 'America/New_York', 'Europe/Berlin')");
            }
        }
        return ZoneOffset.UTC;
    }

    int size() {
        return windowsToIana.size();
    }
}
