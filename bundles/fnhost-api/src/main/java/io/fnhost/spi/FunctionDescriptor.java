package io.fnhost.spi;

import java.lang.reflect.Type;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** A deployed function as its providers see it. Immutable for the life of one app version. */
@ProviderType
public interface FunctionDescriptor {
    /** The function app's name. */
    String app();

    /** The app's version ({@code Bundle-Version}). */
    String appVersion();

    /**
     * Deployment generation of the app version: larger is newer. When two versions of one app run side
     * by side during an update, providers let the newer generation win (routes, listeners).
     */
    long generation();

    /** The function's name ({@code @FunctionName}). */
    String name();

    /** The function's spec and state (a copy). */
    FunctionDTO dto();

    /** The trigger binding. */
    BindingDTO trigger();

    /** The first binding of type {@code type} and direction {@code direction}, or {@code null}. */
    BindingDTO binding(String type, String direction);

    /**
     * Generic type of the method parameter bound to {@code bindingName} (for {@code $return}, the
     * method's return type), or {@code null} when no parameter carries that binding.
     */
    Type parameterType(String bindingName);

    /**
     * The app's {@code host.json} section {@code extensions.<extension>} as nested maps, lists, strings,
     * numbers and booleans; empty when absent.
     */
    Map<String, Object> hostExtension(String extension);

    /**
     * Whether the function is disabled by app setting {@code AzureWebJobs.<name>.Disabled}. Fixed for
     * the life of one listener: when the setting changes, the core starts a new listener (with the new
     * value) and then stops the old one. A trigger provider must not deliver events of a disabled
     * function; the HTTP trigger answers 404 unless the master key is presented.
     */
    default boolean disabled() {
        return false;
    }

    /** The current value of the app's setting {@code name} (see {@link AppSettings}), or {@code null}. */
    default String appSetting(String name) {
        return null;
    }
}
