package io.fnhost.core.internal.env;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Where the static bridge {@link io.fnhost.core.env.AppEnvironment} finds the current settings. This is
 * the one piece of static state in the core, and deliberately so: woven call sites are static calls that
 * carry no instance (see the bridge's Javadoc). It holds only the newest immutable snapshot, which
 * {@link AppEnvironmentPublisher} (a DS component) publishes and withdraws; and a cache of which app a
 * class belongs to, a fact that never changes for a loaded class (an app's new version has new classes).
 */
public final class PublishedEnvironment {
    private static final AtomicReference<EnvironmentSnapshot> CURRENT = new AtomicReference<>();
    /** Class -> lower-case app name, "" for a class outside any function app. */
    private static final ClassValue<String> APP_OF = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            Bundle bundle = FrameworkUtil.getBundle(type);
            String app = bundle == null ? null : bundle.getHeaders("").get(GetenvWeaver.APP_HEADER);
            return app == null ? "" : app.trim().toLowerCase(Locale.ROOT);
        }
    };

    private PublishedEnvironment() {
    }

    /**
     * The environment of {@code caller}'s function app, or {@code null} when the caller belongs to no
     * app or no snapshot is published (the core is not running): then the node's environment applies.
     */
    public static Map<String, String> of(Class<?> caller) {
        EnvironmentSnapshot snapshot = CURRENT.get();
        if (snapshot == null || caller == null) {
            return null;
        }
        String app = APP_OF.get(caller);
        return app.isEmpty() ? null : snapshot.environment(app);
    }

    static void publish(EnvironmentSnapshot snapshot) {
        CURRENT.set(snapshot);
    }

    /** Withdraws {@code snapshot} if it is still the published one (a newer publisher's stays). */
    static void withdraw(EnvironmentSnapshot snapshot) {
        CURRENT.compareAndSet(snapshot, null);
    }
}
