package io.fnhost.itests.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.dictionary.Dictionaries;

import io.fnhost.spi.BindingException;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.TriggerData;
import io.fnhost.spi.TriggerListener;
import io.fnhost.spi.TriggerProvider;

/**
 * A trigger extension for tests: remembers every invoker the core starts it with, so a test can
 * invoke functions directly and see which listeners the core stopped. It refuses the functions
 * named in {@link #refuse} with a {@link BindingException}.
 */
final class RecordingTriggerProvider implements TriggerProvider {
    final String type;
    final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /**
     * "start name disabled=x", "stop name disabled=x" and "adminInvocationDone name status", in the order
     * the core called them.
     */
    final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    RecordingTriggerProvider(String type) {
        this.type = type;
    }

    /** Registers this provider as the whiteboard service for {@link #type}. */
    ServiceRegistration<TriggerProvider> register(BundleContext context) {
        return context.registerService(TriggerProvider.class, this,
            Dictionaries.dictionaryOf(TriggerProvider.BINDING_TYPE, type));
    }

    /** Makes {@link #start} throw a {@link BindingException} with {@code message} for {@code function}. */
    RecordingTriggerProvider refuse(String function, String message) {
        refusals.put(function, message);
        return this;
    }

    @Override
    public TriggerListener start(FunctionInvoker invoker) throws BindingException {
        String refusal = refusals.get(invoker.function().name());
        if (refusal != null) {
            throw new BindingException(refusal);
        }
        Listener listener = new Listener(invoker, events);
        listeners.add(listener);
        events.add("start " + invoker.function().name() + " disabled=" + invoker.function().disabled());
        return listener;
    }

    @Override
    public void adminInvocationDone(FunctionDescriptor function, TriggerData trigger, InvocationResult result) {
        events.add("adminInvocationDone " + function.name() + " " + result.status());
    }

    /** The newest listening (not stopped) listener of {@code app}'s function {@code name} at {@code version}. */
    Optional<Listener> listening(String app, String version, String name) {
        List<Listener> all = new ArrayList<>(listeners);
        for (int i = all.size() - 1; i >= 0; i--) {
            Listener l = all.get(i);
            FunctionDescriptor f = l.invoker.function();
            if (!l.isStopped() && app.equals(f.app()) && version.equals(f.appVersion()) && name.equals(f.name())) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    Listener awaitListening(String app, String version, String name) {
        return Await.until(type + " listener for " + app + " " + version + " " + name,
            () -> listening(app, version, name), Optional::isPresent).get();
    }

    /** Every listener ever started for {@code app}, stopped or not. */
    List<Listener> listenersOf(String app) {
        List<Listener> result = new ArrayList<>();
        for (Listener l : listeners) {
            if (app.equals(l.invoker.function().app())) {
                result.add(l);
            }
        }
        return result;
    }

    /** One started trigger: the invoker the core handed over and whether the core stopped it. */
    static final class Listener implements TriggerListener {
        final FunctionInvoker invoker;
        private final List<String> events;
        private volatile int stops;

        Listener(FunctionInvoker invoker, List<String> events) {
            this.invoker = invoker;
            this.events = events;
        }

        @Override
        public void stop() {
            stops++;
            events.add("stop " + invoker.function().name() + " disabled=" + invoker.function().disabled());
        }

        boolean isStopped() {
            return stops > 0;
        }

        @Override
        public String toString() {
            FunctionDescriptor f = invoker.function();
            return f.app() + " " + f.appVersion() + " " + f.name() + (isStopped() ? " (stopped)" : " (listening)");
        }
    }
}
