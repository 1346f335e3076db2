package io.fnhost.http.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import javax.servlet.Servlet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps exactly one dispatch servlet registered per route prefix in use. {@link #sync()} compares the
 * prefixes of the current route table with the registered ones; it always reads the newest table, so
 * concurrent changes converge whatever order their syncs run in. A prefix's servlet is registered
 * after its routes are in the table and unregistered after they left it.
 */
final class PrefixServlets implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrefixServlets.class);

    /** Registers a servlet for a route prefix; closing the result unregisters it. */
    @FunctionalInterface
    interface Registrar {
        AutoCloseable register(String prefix, Servlet servlet) throws Exception;
    }

    private final Registrar registrar;
    private final Supplier<Set<String>> wanted;
    private final Supplier<Servlet> servlets;
    private final Map<String, AutoCloseable> registered = new HashMap<>();
    private boolean closed;

    PrefixServlets(Registrar registrar, Supplier<Set<String>> wanted, Supplier<Servlet> servlets) {
        this.registrar = registrar;
        this.wanted = wanted;
        this.servlets = servlets;
    }

    synchronized void sync() {
        if (closed) {
            return;
        }
        Set<String> prefixes = wanted.get();
        for (Iterator<Map.Entry<String, AutoCloseable>> it = registered.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, AutoCloseable> e = it.next();
            if (!prefixes.contains(e.getKey())) {
                it.remove();
                unregister(e.getKey(), e.getValue());
            }
        }
        for (String prefix : prefixes) {
            if (!registered.containsKey(prefix)) {
                try {
                    registered.put(prefix, registrar.register(prefix, servlets.get()));
                    LOG.info("HTTP functions under route prefix '{}' are served at {}", prefix, pattern(prefix));
                } catch (Exception e) {
                    LOG.warn("Cannot register the dispatch servlet for route prefix '{}': {}", prefix, e.toString(), e);
                }
            }
        }
    }

    synchronized Set<String> registeredPrefixes() {
        return Set.copyOf(registered.keySet());
    }

    @Override
    public synchronized void close() {
        closed = true;
        registered.forEach(this::unregister);
        registered.clear();
    }

    private void unregister(String prefix, AutoCloseable registration) {
        try {
            registration.close();
        } catch (Exception e) {
            LOG.debug("Dispatch servlet for route prefix '{}' was already gone: {}", prefix, e.toString());
        }
    }

    /** The whiteboard servlet pattern of a route prefix. */
    static String pattern(String prefix) {
        return prefix.isEmpty() ? "/*" : "/" + prefix + "/*";
    }
}
