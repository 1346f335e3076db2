package io.fnhost.core.env;

import java.util.Map;
import java.util.Objects;

import io.fnhost.core.internal.env.PublishedEnvironment;

/**
 * The environment a function app sees: its app settings, then {@code AzureWebJobsStorage} (always set),
 * then the node's own environment. fnhost weaves every {@code System.getenv(name)} and
 * {@code System.getenv()} call in a function app bundle's classes (embedded libraries included, as in
 * Azure where they run in the app's process) into {@link #getenv(String, Class)} and
 * {@link #getenv(Class)}, passing the calling class so that the app is known without a stack walk.
 * <p>
 * Why static methods: a woven call site is an {@code invokestatic} that replaces another
 * {@code invokestatic}, with nothing but the call's own arguments on the operand stack; there is no
 * instance to call a service on. The methods read an immutable snapshot that the core replaces as a
 * whole when settings change, so a look-up takes no lock and makes no Configuration Admin call.
 * <p>
 * Names match case-insensitively, as Azure's app settings do (they are Windows environment variables
 * there). While fnhost's core is not running, calls answer from the node's environment.
 */
public final class AppEnvironment {
    private AppEnvironment() {
    }

    /**
     * What {@code System.getenv(name)} answers for code in {@code caller}'s function app.
     *
     * @param name the variable's name, as passed to {@code System.getenv}
     * @param caller the class whose code made the call
     * @return the app's setting, else the node's variable, else {@code null}
     * @throws NullPointerException if {@code name} is null, as {@code System.getenv} does
     */
    public static String getenv(String name, Class<?> caller) {
        Objects.requireNonNull(name, "name");
        Map<String, String> environment = PublishedEnvironment.of(caller);
        return environment == null ? System.getenv(name) : environment.get(name);
    }

    /**
     * What {@code System.getenv()} answers for code in {@code caller}'s function app.
     *
     * @param caller the class whose code made the call
     * @return an unmodifiable map: the node's environment overlaid with the app's settings and
     *         {@code AzureWebJobsStorage}; its keys match case-insensitively
     */
    public static Map<String, String> getenv(Class<?> caller) {
        Map<String, String> environment = PublishedEnvironment.of(caller);
        return environment == null ? System.getenv() : environment;
    }
}
