package io.fnhost.http.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import javax.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fnhost.spi.BindingException;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.NodeIdentity;
import io.fnhost.spi.TriggerListener;
import io.fnhost.spi.TriggerProvider;
import io.fnhost.spi.ValueConverter;

/**
 * The {@code httpTrigger} extension. {@link #start} plans the function's route once (template,
 * methods, body conversion, auth level, the app's throttle), adds it to the {@link RouteRegistry} and
 * makes sure a dispatch servlet serves its route prefix ({@code /<prefix>/*}, or {@code /*} for an
 * empty prefix) on the OSGi HTTP Whiteboard; the returned listener removes exactly that route again,
 * and the prefix's servlet when it was the last route under it. The default prefix {@code api} is
 * always served, so a node that is still starting answers 503 there rather than 404.
 */
// Only on a node that runs functions: on a management-only node the gateway owns /api/* (docs/nodes.md).
@Component(service = TriggerProvider.class, property = TriggerProvider.BINDING_TYPE + "=httpTrigger",
        configurationPid = HttpTriggerProvider.PID,
        reference = @Reference(name = "workerRole", service = NodeIdentity.class,
                target = "(" + NodeIdentity.ROLE_PROPERTY + "=" + NodeIdentity.WORKER + ")"))
@Designate(ocd = HttpTriggerProvider.Config.class)
public final class HttpTriggerProvider implements TriggerProvider {
    static final String PID = "io.fnhost.http.HttpTrigger";
    private static final Logger LOG = LoggerFactory.getLogger(HttpTriggerProvider.class);

    @ObjectClassDefinition(id = PID, name = "fnhost HTTP trigger",
            description = "Serves httpTrigger functions on the OSGi HTTP Whiteboard, one servlet per route prefix.")
    public @interface Config {
        @AttributeDefinition(name = "Maximum request body (bytes)",
                description = "Requests with a larger body are refused with 413 before the function runs. "
                        + "Azure's limit is 104857600 (100 MB).")
        long maxRequestBodyBytes() default 104_857_600L;

        @AttributeDefinition(name = "Whiteboard context selector",
                description = "LDAP filter (osgi.http.whiteboard.context.select) choosing the servlet context of the "
                        + "dispatch servlets; empty means the default context.")
        String whiteboardContextSelect() default "";
    }

    private final ValueConverter converter;
    private final RouteRegistry registry = new RouteRegistry();
    private final AppThrottles throttles = new AppThrottles();
    private final PrefixServlets servlets;

    @Activate
    public HttpTriggerProvider(BundleContext context, @Reference ValueConverter converter, @Reference FunctionKeys keys,
            @Reference FunctionRuntime runtime, Config config) {
        this(converter, keys, runtime::running, config.maxRequestBodyBytes(),
                whiteboard(context, config.whiteboardContextSelect()));
        servlets.sync();
    }

    HttpTriggerProvider(ValueConverter converter, FunctionKeys keys, BooleanSupplier hostRunning, long maxRequestBodyBytes,
            PrefixServlets.Registrar registrar) {
        this.converter = converter;
        HttpDispatcher dispatcher = new HttpDispatcher(registry::table, new ResponseWriter(converter), keys, hostRunning,
                maxRequestBodyBytes);
        this.servlets = new PrefixServlets(registrar, this::servedPrefixes, () -> new DispatchServlet(dispatcher));
    }

    private Set<String> servedPrefixes() {
        Set<String> prefixes = new LinkedHashSet<>(registry.table().prefixes());
        prefixes.add(FunctionRoute.DEFAULT_ROUTE_PREFIX);
        return prefixes;
    }

    @Deactivate
    void deactivate() {
        servlets.close();
    }

    @Override
    public TriggerListener start(FunctionInvoker invoker) throws BindingException {
        FunctionRoute route = FunctionRoute.of(invoker, converter, throttles);
        try {
            registry.add(route);
        } catch (Exception e) {
            throttles.release(route.app, route.generation, route.throttle);
            throw e;
        }
        servlets.sync();
        LOG.debug("HTTP function {} started", route);
        AtomicBoolean stopped = new AtomicBoolean();
        return () -> {
            if (stopped.compareAndSet(false, true)) {
                registry.remove(route);
                throttles.release(route.app, route.generation, route.throttle);
                servlets.sync();
                LOG.debug("HTTP function {} stopped", route);
            }
        };
    }

    RouteRegistry registry() {
        return registry;
    }

    PrefixServlets servlets() {
        return servlets;
    }

    AppThrottles throttles() {
        return throttles;
    }

    /** Registers dispatch servlets as whiteboard services, each with its own name (Pax Web drops unnamed twins). */
    private static PrefixServlets.Registrar whiteboard(BundleContext context, String contextSelect) {
        return (prefix, servlet) -> {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, PrefixServlets.pattern(prefix));
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "fnhost-http:" + PrefixServlets.pattern(prefix));
            // throttled requests wait suspended, without a thread
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED, Boolean.TRUE);
            if (contextSelect != null && !contextSelect.isBlank()) {
                props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT, contextSelect);
            }
            ServiceRegistration<Servlet> registration = context.registerService(Servlet.class, servlet, props);
            return registration::unregister;
        };
    }
}
