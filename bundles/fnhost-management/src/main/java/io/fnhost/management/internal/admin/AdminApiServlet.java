package io.fnhost.management.internal.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fnhost.cluster.ClusterInvocations;
import io.fnhost.management.internal.apps.AppPublisher;
import io.fnhost.spi.AppSettings;
import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.KeyScope;
import io.fnhost.spi.NodeIdentity;
import io.fnhost.spi.QueueAdmin;

/**
 * The admin API at {@code /admin/*} on the OSGi HTTP Whiteboard: Azure's host, functions and keys
 * endpoints plus fnhost's invocation records (docs/admin-api.md). Thin: the {@link AdminResource}s
 * turn requests into calls of {@link FunctionRuntime} and {@link FunctionKeys}; the
 * {@link AdminRouter} matches, authorizes (master key) and answers errors. A new group of endpoints
 * is one more resource in {@link #resources}.
 */
@Component(service = Servlet.class, configurationPid = AdminApiServlet.PID, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/admin/*",
        // Pax Web drops a second servlet without a name: every fnhost servlet has its own
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=fnhost-management:admin",
        // POST /admin/apps takes multipart/form-data too (getParts); maxUploadBytes is checked by the
        // resource, this ceiling only bounds what the container spools to disk for a multipart body
        "osgi.http.whiteboard.servlet.multipart.enabled=true",
        "osgi.http.whiteboard.servlet.multipart.maxRequestSize=" + AdminApiServlet.MULTIPART_CEILING_BYTES },
        // only on a node with the management role (standalone or management): a worker serves no /admin
        reference = @Reference(name = "managementRole", service = NodeIdentity.class,
                target = "(" + NodeIdentity.ROLE_PROPERTY + "=" + NodeIdentity.MANAGEMENT + ")"))
@Designate(ocd = AdminApiServlet.Config.class)
public final class AdminApiServlet extends HttpServlet {
    static final String PID = "io.fnhost.management.AdminApi";
    /** What the container accepts as a multipart body at most (1 GiB), whatever maxUploadBytes says. */
    static final long MULTIPART_CEILING_BYTES = 1L << 30;
    private static final long serialVersionUID = 1L;

    @ObjectClassDefinition(id = PID, name = "fnhost admin API",
            description = "The Azure-compatible admin API under /admin (master key required).")
    public @interface Config {
        @AttributeDefinition(name = "Whiteboard context selector", required = false,
                description = "LDAP filter (osgi.http.whiteboard.context.select) choosing the servlet context of "
                        + "/admin/*; leave unset for the default context.")
        String osgi_http_whiteboard_context_select();

        @AttributeDefinition(name = "Maximum request body (bytes)",
                description = "JSON bodies (function input, key values) larger than this are refused with 413.",
                min = "1")
        long maxRequestBodyBytes() default 1_048_576L;

        @AttributeDefinition(name = "Wait for a running host (ms)",
                description = "While the host starts, requests that need it wait up to this long before "
                        + "answering 503 (Azure waits 30 s).", min = "0")
        long runningHostWaitMillis() default 5_000L;

        @AttributeDefinition(name = "Maximum invocation records per request",
                description = "Largest accepted limit of GET /admin/invocations.", min = "1")
        int maxInvocationsLimit() default 1_000;

        @AttributeDefinition(name = "Maximum upload (bytes)",
                description = "Function apps published to POST /admin/apps larger than this are refused with 413 "
                        + "(multipart bodies are also bounded at 1 GiB by the container).", min = "1")
        long maxUploadBytes() default 100L * 1024 * 1024;
    }

    private final transient AdminRouter router;
    /** The queue extension's admin service while it is present (optional: /admin/queues answers 503 without it). */
    private final transient AtomicReference<QueueAdmin> queueAdmin;
    /** The other nodes' invocation records while this node is in a cluster (optional). */
    private final transient AtomicReference<ClusterInvocations> clusterInvocations = new AtomicReference<>();

    @Activate
    public AdminApiServlet(@Reference FunctionRuntime runtime, @Reference FunctionKeys keys,
            @Reference AppPublisher publisher, @Reference AppSettings settings, Config config) {
        this(runtime, keys, config.maxRequestBodyBytes(), Duration.ofMillis(config.runningHostWaitMillis()),
                config.maxInvocationsLimit(), new AtomicReference<>(),
                List.of(new AppsResource(publisher, settings, config.maxUploadBytes()),
                        new NodesResource(publisher::cluster)));
    }

    /** Without the apps endpoints and the queue extension: for tests of the other resources. */
    AdminApiServlet(FunctionRuntime runtime, FunctionKeys keys, long maxRequestBodyBytes, Duration runningHostWait,
            int maxInvocationsLimit) {
        this(runtime, keys, maxRequestBodyBytes, runningHostWait, maxInvocationsLimit, new AtomicReference<>(),
                List.of());
    }

    /** Without the apps endpoints, with the queue extension {@code queueAdmin} holds: for tests. */
    AdminApiServlet(FunctionRuntime runtime, FunctionKeys keys, long maxRequestBodyBytes, Duration runningHostWait,
            int maxInvocationsLimit, AtomicReference<QueueAdmin> queueAdmin) {
        this(runtime, keys, maxRequestBodyBytes, runningHostWait, maxInvocationsLimit, queueAdmin, List.of());
    }

    /** With {@code moreResources} (the apps endpoints) and no queue extension: for tests. */
    AdminApiServlet(FunctionRuntime runtime, FunctionKeys keys, long maxRequestBodyBytes, Duration runningHostWait,
            int maxInvocationsLimit, List<AdminResource> moreResources) {
        this(runtime, keys, maxRequestBodyBytes, runningHostWait, maxInvocationsLimit, new AtomicReference<>(),
                moreResources);
    }

    AdminApiServlet(FunctionRuntime runtime, FunctionKeys keys, long maxRequestBodyBytes, Duration runningHostWait,
            int maxInvocationsLimit, AtomicReference<QueueAdmin> queueAdmin, List<AdminResource> moreResources) {
        this.queueAdmin = queueAdmin;
        AdminRouter.Builder routes = new AdminRouter.Builder();
        for (AdminResource resource : resources(runtime, keys, maxInvocationsLimit, queueAdmin, clusterInvocations)) {
            resource.addRoutes(routes);
        }
        moreResources.forEach(resource -> resource.addRoutes(routes));
        ObjectMapper mapper = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
        this.router = routes.build(key -> keys.authorize(null, key) == KeyScope.MASTER, runtime::running,
                runningHostWait, mapper, maxRequestBodyBytes);
    }

    private static List<AdminResource> resources(FunctionRuntime runtime, FunctionKeys keys, int maxInvocationsLimit,
            AtomicReference<QueueAdmin> queueAdmin, AtomicReference<ClusterInvocations> clusterInvocations) {
        return List.of(new HostResource(runtime), new FunctionsResource(runtime, clusterInvocations::get),
                new KeysResource(runtime, keys),
                new InvocationsResource(runtime, clusterInvocations::get, maxInvocationsLimit),
                new QueuesResource(queueAdmin::get));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindClusterInvocations(ClusterInvocations invocations) {
        clusterInvocations.set(invocations);
    }

    void unbindClusterInvocations(ClusterInvocations invocations) {
        clusterInvocations.compareAndSet(invocations, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindQueueAdmin(QueueAdmin admin) {
        queueAdmin.set(admin);
    }

    void unbindQueueAdmin(QueueAdmin admin) {
        queueAdmin.compareAndSet(admin, null);
    }

    /** Every method (PATCH included, which {@link HttpServlet} would refuse) goes to the router. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        router.handle(request.getPathInfo(), request, response);
    }
}
