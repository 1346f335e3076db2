package io.fnhost.core.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;

import io.fnhost.core.internal.invoke.AppContext;
import io.fnhost.spi.AppSettings;

/** One deployed version of a function app: one bundle carrying the {@code Fnhost-FunctionApp} header. */
final class FunctionApp {
    /** Manifest header that marks a bundle as a function app; its value is the app's name. */
    static final String HEADER = "Fnhost-FunctionApp";

    final Bundle bundle;
    final String name;
    final String version;
    final long generation;
    final HostJson hostJson;
    /** Where the app's settings live (read live: they change at runtime). */
    final AppSettings settings;
    AppContext context;
    /** Why every function of this version is in error (bad host.json, several injectors), or null. */
    String error;
    final List<DeployedFunction> functions = new ArrayList<>();

    FunctionApp(Bundle bundle, String name, long generation, HostJson hostJson, AppSettings settings) {
        this.bundle = bundle;
        this.name = name;
        this.version = bundle.getVersion().toString();
        this.generation = generation;
        this.hostJson = hostJson;
        this.settings = settings;
    }

    @Override
    public String toString() {
        return name + " " + version + " (bundle " + bundle.getBundleId() + ")";
    }
}
