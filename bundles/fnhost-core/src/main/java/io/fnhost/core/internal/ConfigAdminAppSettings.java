package io.fnhost.core.internal;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.spi.AppSettings;

/**
 * App settings kept in Configuration Admin, one factory configuration per app (factory PID
 * {@value AppSettings#FACTORY_PID}). The app a configuration belongs to is, in this order: its
 * {@value AppSettings#APP_PROPERTY} property; the name of a named factory configuration
 * ({@code io.fnhost.core.AppSettings~hello}, which FileInstall creates for
 * {@code etc/io.fnhost.core.AppSettings-hello.cfg}); the FileInstall file name of an unnamed one (what
 * Karaf's {@code config:edit --factory --alias hello} creates). Settings and app names match
 * case-insensitively.
 * <p>
 * Why a {@link ConfigurationListener} and not a {@code ManagedServiceFactory}: the factory's
 * {@code updated} calls arrive asynchronously after registration with no sign of when the initial ones
 * are done, so functions would start before their settings are known (a disabled function would
 * briefly listen). Listing the configurations in the constructor gives the settings synchronously
 * before the host starts any function, the listener sees every later change (also of configurations
 * with a {@code AppSettings~app} PID that Karaf's {@code config:property-set -p} created without a
 * factory), and each event re-reads the configuration, so late or reordered events cannot leave stale
 * values.
 * <p>
 * {@value #STORAGE_SETTING} is always set for every app: the app's own setting if it has one, else
 * {@link Config#embeddedStorageConnection()} (PID {@value #NODE_SERVICES_PID}). {@link #setting} answers
 * with that effective value, as the app's {@code System.getenv} does; {@link #settings} stays the
 * operator's own settings, which is what the admin API shows and replaces. A node environment variable of
 * that name does not count: set {@code embeddedStorageConnection} instead, so one place decides.
 */
@Component(service = { AppSettings.class, ConfigurationListener.class, ConfigAdminAppSettings.class },
        configurationPid = ConfigAdminAppSettings.NODE_SERVICES_PID)
@Designate(ocd = ConfigAdminAppSettings.Config.class)
public final class ConfigAdminAppSettings implements AppSettings, ConfigurationListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigAdminAppSettings.class);
    /** Configuration PID of the node's embedded services as apps see them. */
    public static final String NODE_SERVICES_PID = "io.fnhost.core.NodeServices";
    /** The app setting naming the storage connection of Azure's queue, blob and timer bindings. */
    public static final String STORAGE_SETTING = "AzureWebJobsStorage";
    /** What Azure's local tooling calls the local storage emulator; here: this node's embedded services. */
    static final String EMBEDDED_STORAGE = "UseDevelopmentStorage=true";

    @ObjectClassDefinition(name = "fnhost node services",
            description = "The services this node offers function apps.")
    public @interface Config {
        @AttributeDefinition(name = "Embedded storage connection", description = "Value of the app setting "
                + STORAGE_SETTING + " for apps that do not set it. " + EMBEDDED_STORAGE + " (what Azure's local "
                + "tooling uses for its storage emulator) means this node's embedded services, such as its queue "
                + "broker. An app's own " + STORAGE_SETTING + " setting wins. A change applies to app settings at once; "
                + "queue functions already listening keep their connection until their app restarts.")
        String embeddedStorageConnection() default EMBEDDED_STORAGE;
    }

    static final String NAMED_PREFIX = FACTORY_PID + "~";
    private static final String FILE_PREFIX = FACTORY_PID + "-";
    private static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";
    private static final String FILTER = "(|(service.factoryPid=" + FACTORY_PID + ")(service.pid=" + NAMED_PREFIX + "*))";

    /** One configuration's contribution: the app it names (lower case) and its settings. */
    record Entry(String pid, String app, Map<String, String> settings) {
    }

    private final ConfigurationAdmin configAdmin;
    private volatile String embeddedStorageConnection;
    private final Object lock = new Object();
    // Guarded by lock.
    private final Map<String, Entry> byPid = new HashMap<>();
    // Guarded by lock: configurations naming no app, warned about once.
    private final Set<String> ignored = new HashSet<>();
    /** App (lower case) -> merged settings (case-insensitive, unmodifiable); replaced as a whole. */
    private volatile Map<String, Map<String, String>> byApp = Map.of();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public ConfigAdminAppSettings(@Reference ConfigurationAdmin configAdmin, Config config) {
        this.configAdmin = configAdmin;
        this.embeddedStorageConnection = storageConnection(config);
        synchronized (lock) {
            rescan();
        }
    }

    /**
     * A changed node setting is applied in place. Restarting this component would restart the function host
     * that references it, and with it every app, from Configuration Admin's event thread, where the host and
     * the HTTP trigger (which references the host) must not be created in one chain: SCR detects a cycle and
     * leaves the trigger unbound. The cluster sets this on a worker as it joins.
     */
    @Modified
    void modified(Config config) {
        String storage = storageConnection(config);
        if (!storage.equals(embeddedStorageConnection)) {
            embeddedStorageConnection = storage;
            // the value may carry a broker's credentials: not logged
            LOG.info("embeddedStorageConnection changed: apps that do not set {} use the new value", STORAGE_SETTING);
            notifyChanged((String) null);
        }
    }

    private static String storageConnection(Config config) {
        String storage = config.embeddedStorageConnection();
        return storage == null || storage.isBlank() ? EMBEDDED_STORAGE : storage.trim();
    }

    /**
     * {@code listener} gets the (lower-case) name of each app whose settings changed, or {@code null} when
     * every app's effective settings may have changed (the node's embedded storage connection).
     */
    public void addListener(Consumer<String> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<String> listener) {
        listeners.remove(listener);
    }

    /** Every app's own settings now, by lower-case app name (unmodifiable; names case-insensitive). */
    public Map<String, Map<String, String>> allSettings() {
        return byApp;
    }

    /** The value of {@value #STORAGE_SETTING} for apps that do not set it. */
    public String embeddedStorageConnection() {
        return embeddedStorageConnection;
    }

    @Override
    public Map<String, String> settings(String app) {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(current(app));
        return copy;
    }

    /** The app's setting; for {@value #STORAGE_SETTING} the effective value (see the class comment). */
    @Override
    public String setting(String app, String name) {
        if (name == null) {
            return null;
        }
        String value = current(app).get(name);
        return value == null && STORAGE_SETTING.equalsIgnoreCase(name) ? embeddedStorageConnection : value;
    }

    private Map<String, String> current(String app) {
        return app == null ? Map.of() : byApp.getOrDefault(app.toLowerCase(Locale.ROOT), Map.of());
    }

    @Override
    public void replace(String app, Map<String, String> settings) {
        if (app == null || app.isBlank()) {
            throw new IllegalArgumentException("an app name is required to store app settings");
        }
        Objects.requireNonNull(settings, "settings");
        for (Map.Entry<String, String> s : settings.entrySet()) {
            if (s.getKey() == null || s.getKey().isBlank() || s.getValue() == null) {
                throw new IllegalArgumentException("app setting names must be non-blank and values non-null; got "
                        + s.getKey() + "=" + s.getValue());
            }
        }
        String key = app.trim().toLowerCase(Locale.ROOT);
        synchronized (lock) {
            try {
                List<Configuration> existing = new ArrayList<>();
                for (Configuration c : list(FILTER)) {
                    Entry e = entry(c.getPid(), c.getProperties());
                    if (e != null && e.app().equals(key)) {
                        existing.add(c);
                    }
                }
                // Keep the configuration an operator already has (and its .cfg file); make one otherwise.
                Configuration target = existing.isEmpty()
                        ? configAdmin.getFactoryConfiguration(FACTORY_PID, app.trim(), "?")
                        : existing.get(0);
                Dictionary<String, Object> old = target.getProperties();
                Hashtable<String, Object> properties = new Hashtable<>(settings);
                if (old != null && old.get(FILEINSTALL_FILENAME) != null) {
                    properties.put(FILEINSTALL_FILENAME, old.get(FILEINSTALL_FILENAME));
                }
                properties.put(APP_PROPERTY, app.trim());
                target.update(properties);
                refresh(target.getPid(), properties);
                for (Configuration other : existing.subList(Math.min(1, existing.size()), existing.size())) {
                    String pid = other.getPid();
                    other.delete();
                    refresh(pid, null);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot store the settings of app " + app + " in Configuration Admin: "
                        + e.getMessage(), e);
            }
        }
        // Readers see the new values at once; the listener events that follow change nothing more.
        notifyChanged(Set.of(key));
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        if (!FACTORY_PID.equals(event.getFactoryPid()) && !pid.startsWith(NAMED_PREFIX)) {
            return;
        }
        if (event.getType() == ConfigurationEvent.CM_LOCATION_CHANGED) {
            return;
        }
        Set<String> changed;
        synchronized (lock) {
            // Re-read every app settings configuration rather than trust this one event: the newest state
            // wins, and an event missed (between this component's first reading and its listener's
            // registration, say) is made good by the next one.
            changed = rescan();
        }
        notifyChanged(changed);
    }

    /** Reads every app settings configuration again; returns the apps whose settings changed. */
    private Set<String> rescan() {
        Map<String, Entry> now = new HashMap<>();
        Set<String> nameless = new HashSet<>();
        for (Configuration c : list(FILTER)) {
            Dictionary<String, Object> properties = c.getProperties();
            if (properties != null && appOf(c.getPid(), properties) == null) {
                nameless.add(c.getPid());
                if (ignored.contains(c.getPid())) {
                    continue; // warned about already: not again on every event
                }
            }
            Entry e = entry(c.getPid(), properties);
            if (e != null) {
                now.put(c.getPid(), e);
            }
        }
        ignored.retainAll(nameless);
        ignored.addAll(nameless);
        byPid.clear();
        byPid.putAll(now);
        Map<String, Map<String, String>> old = byApp;
        Map<String, Map<String, String>> merged = merge(byPid.values());
        byApp = merged;
        Set<String> apps = new HashSet<>(old.keySet());
        apps.addAll(merged.keySet());
        apps.removeIf(app -> Objects.equals(old.get(app), merged.get(app)));
        return apps;
    }

    /** Updates one configuration's entry (null properties: gone); returns the apps whose settings changed. */
    private Set<String> refresh(String pid, Dictionary<String, Object> properties) {
        Entry before = byPid.get(pid);
        Entry after = properties == null ? null : entry(pid, properties);
        if (after == null) {
            byPid.remove(pid);
        } else {
            byPid.put(pid, after);
        }
        Map<String, Map<String, String>> old = byApp;
        Map<String, Map<String, String>> now = merge(byPid.values());
        byApp = now;
        Set<String> changed = new HashSet<>();
        for (Entry e : new Entry[] { before, after }) {
            if (e != null && !Objects.equals(old.get(e.app()), now.get(e.app()))) {
                changed.add(e.app());
            }
        }
        return changed;
    }

    private void notifyChanged(Set<String> apps) {
        for (String app : apps) {
            notifyChanged(app);
        }
    }

    private void notifyChanged(String app) {
        for (Consumer<String> l : listeners) {
            try {
                l.accept(app);
            } catch (RuntimeException e) {
                LOG.warn("App settings listener failed for app {}", app == null ? "(all apps)" : app, e);
            }
        }
    }

    private List<Configuration> list(String filter) {
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (IOException | InvalidSyntaxException e) {
            LOG.error("Cannot list app settings configurations ({}): {}", filter, e.getMessage());
            return List.of();
        }
    }

    /** The entry of configuration {@code pid}, or null when it names no app (logged: the operator must fix it). */
    static Entry entry(String pid, Dictionary<String, ?> properties) {
        if (properties == null) {
            return null;
        }
        String app = appOf(pid, properties);
        if (app == null) {
            LOG.warn("App settings configuration {} names no app and is ignored: set {}=<app> in it, or name it "
                    + "{}<app> (file etc/{}<app>.cfg)", pid, APP_PROPERTY, NAMED_PREFIX, FILE_PREFIX);
            return null;
        }
        return new Entry(pid, app.toLowerCase(Locale.ROOT), settingsOf(properties));
    }

    /** Which app a configuration belongs to (see the class comment), or null. */
    static String appOf(String pid, Dictionary<String, ?> properties) {
        Object explicit = properties.get(APP_PROPERTY);
        if (explicit != null && !String.valueOf(explicit).isBlank()) {
            return String.valueOf(explicit).trim();
        }
        if (pid.startsWith(NAMED_PREFIX) && pid.length() > NAMED_PREFIX.length()) {
            return pid.substring(NAMED_PREFIX.length());
        }
        Object file = properties.get(FILEINSTALL_FILENAME);
        if (file != null) {
            String name = String.valueOf(file);
            name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
            int dot = name.lastIndexOf('.');
            if (dot > 0) {
                name = name.substring(0, dot);
            }
            if (name.startsWith(FILE_PREFIX) && name.length() > FILE_PREFIX.length()) {
                return name.substring(FILE_PREFIX.length());
            }
        }
        return null;
    }

    /** The settings in a configuration: every property but the bookkeeping ones, values as text. */
    static Map<String, String> settingsOf(Dictionary<String, ?> properties) {
        Map<String, String> settings = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.startsWith("service.") || lower.startsWith("felix.fileinstall.") || lower.startsWith("component.")
                    || key.equals(APP_PROPERTY)) {
                continue;
            }
            settings.put(key, text(properties.get(key)));
        }
        return Collections.unmodifiableMap(settings);
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(String.valueOf(Array.get(value, i)));
            }
            return String.join(",", items);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    /** Merged settings per app; when several configurations name one app, the later PID wins per name. */
    static Map<String, Map<String, String>> merge(Collection<Entry> entries) {
        Map<String, Map<String, String>> merged = new HashMap<>();
        entries.stream().sorted((a, b) -> a.pid().compareTo(b.pid())).forEach(e -> merged
                .computeIfAbsent(e.app(), a -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER)).putAll(e.settings()));
        merged.replaceAll((app, settings) -> Collections.unmodifiableMap(settings));
        return Map.copyOf(merged);
    }
}
