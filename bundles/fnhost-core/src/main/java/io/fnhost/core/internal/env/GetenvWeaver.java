package io.fnhost.core.internal.env;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.core.env.AppEnvironment;

/**
 * Makes app settings reach function code the way Azure code reads them: weaves every
 * {@code System.getenv} call in the classes of function app bundles (those with the
 * {@value #APP_HEADER} header; libraries embedded in the app included, since in Azure they read the app's
 * environment too) into a call of {@link AppEnvironment}, and adds that package as a dynamic import of
 * the woven class. Classes of other bundles, fnhost's included, are never touched.
 * <p>
 * Registered by {@link AppEnvironmentPublisher} once the settings snapshot is published. A class that
 * cannot be woven is logged once and loads unchanged: its {@code getenv} calls then read the node's
 * environment.
 */
final class GetenvWeaver implements WeavingHook {
    private static final Logger LOG = LoggerFactory.getLogger(GetenvWeaver.class);
    /** The manifest header that marks a function app bundle (see FunctionApp). */
    static final String APP_HEADER = "Fnhost-FunctionApp";
    /** The bridge package at its current major version, so a woven class wires to a compatible bridge. */
    static final String BRIDGE_IMPORT = AppEnvironment.class.getPackageName() + ";version=\"[1.0,2.0)\"";

    private final GetenvRewriter rewriter = new GetenvRewriter(AppEnvironment.class.getName().replace('.', '/'));
    /** Classes already reported, so a class that a refresh loads again is not logged again. */
    private final Map<String, Boolean> reported = new ConcurrentHashMap<>();

    @Override
    public void weave(WovenClass woven) {
        Bundle bundle = woven.getBundleWiring().getBundle();
        String app = bundle.getHeaders("").get(APP_HEADER);
        if (app == null) {
            return;
        }
        try {
            byte[] rewritten = rewriter.rewrite(woven.getBytes());
            if (rewritten != null) {
                woven.setBytes(rewritten);
                woven.getDynamicImports().add(BRIDGE_IMPORT);
                LOG.debug("Wove the System.getenv calls of {} in function app {}", woven.getClassName(), app.trim());
            }
        } catch (RuntimeException | LinkageError e) {
            // Never let it escape: the framework would blacklist the hook for every later class.
            if (reported.putIfAbsent(app.trim() + "/" + woven.getClassName(), Boolean.TRUE) == null) {
                LOG.warn("Class {} of function app {} (bundle {}) is not woven: its System.getenv calls read the "
                        + "node's environment instead of the app's settings. Cause: {}", woven.getClassName(),
                        app.trim(), bundle.getBundleId(), e.toString());
            }
        }
    }
}
