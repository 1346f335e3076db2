package io.fnhost.itests.framework;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Records every bundle event (synchronously, so none is missed or reordered) and every framework event,
 * for tests that must show what a deployment did not touch. Register it through the test's closeable
 * context, which removes it after the test.
 */
final class BundleEventLog implements SynchronousBundleListener, FrameworkListener {
    /** One bundle event, with the bundle's identity copied at the time (it may be uninstalled later). */
    static final class Entry {
        final long bundleId;
        final String symbolicName;
        final String version;
        final int type;

        Entry(BundleEvent event) {
            Bundle b = event.getBundle();
            this.bundleId = b.getBundleId();
            this.symbolicName = b.getSymbolicName();
            this.version = String.valueOf(b.getVersion());
            this.type = event.getType();
        }

        @Override
        public String toString() {
            return type(type) + " " + bundleId + ":" + symbolicName + "/" + version;
        }
    }

    final List<Entry> bundleEvents = new CopyOnWriteArrayList<>();
    final List<FrameworkEvent> frameworkEvents = new CopyOnWriteArrayList<>();

    static BundleEventLog register(BundleContext context) {
        BundleEventLog log = new BundleEventLog();
        context.addBundleListener(log);
        context.addFrameworkListener(log);
        return log;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        bundleEvents.add(new Entry(event));
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        frameworkEvents.add(event);
    }

    /** The bundle events of bundles not named {@code symbolicName}. */
    List<Entry> eventsOfOtherThan(String symbolicName) {
        return bundleEvents.stream().filter(e -> !symbolicName.equals(e.symbolicName)).collect(Collectors.toList());
    }

    long packagesRefreshed() {
        return frameworkEvents.stream().filter(e -> e.getType() == FrameworkEvent.PACKAGES_REFRESHED).count();
    }

    static String type(int type) {
        switch (type) {
            case BundleEvent.INSTALLED: return "INSTALLED";
            case BundleEvent.RESOLVED: return "RESOLVED";
            case BundleEvent.STARTING: return "STARTING";
            case BundleEvent.STARTED: return "STARTED";
            case BundleEvent.STOPPING: return "STOPPING";
            case BundleEvent.STOPPED: return "STOPPED";
            case BundleEvent.UPDATED: return "UPDATED";
            case BundleEvent.UNRESOLVED: return "UNRESOLVED";
            case BundleEvent.UNINSTALLED: return "UNINSTALLED";
            case BundleEvent.LAZY_ACTIVATION: return "LAZY_ACTIVATION";
            default: return String.valueOf(type);
        }
    }
}
