package io.fnhost.core.internal;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.Constants;

import io.fnhost.spi.TriggerProvider;

/** A trigger or binding provider service with the properties that select it. */
record ProviderEntry(Object service, String type, int ranking, long serviceId) {

    /** Highest ranking first, then the oldest service: the whiteboard's usual tie-break. */
    static final Comparator<ProviderEntry> PREFERRED = Comparator.comparingInt(ProviderEntry::ranking).reversed()
            .thenComparingLong(ProviderEntry::serviceId);

    static ProviderEntry of(Object service, Map<String, ?> properties) {
        Object type = properties.get(TriggerProvider.BINDING_TYPE);
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        return new ProviderEntry(service, type == null ? null : String.valueOf(type).toLowerCase(Locale.ROOT),
                ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : 0L);
    }
}
