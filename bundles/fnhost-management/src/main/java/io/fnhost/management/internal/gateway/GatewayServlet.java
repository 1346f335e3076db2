package io.fnhost.management.internal.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.servlet.ReadListener;
import javax.servlet.Servlet;
import javax.servlet.ServletConfig;
import javax.servlet.ServletContext;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.client.api.Response;
import org.eclipse.jetty.client.util.DeferredContentProvider;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.proxy.AsyncProxyServlet;
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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fnhost.cluster.FunctionCluster;
import io.fnhost.spi.NodeIdentity;

/**
 * The HTTP gateway of a management-only node: serves {@code /api/*} by proxying each request to a worker
 * that runs the function its route belongs to ({@link WorkerSelector}), with Jetty's asynchronous proxy.
 * <p>
 * A request whose attempt did not reach the worker (the connection failed) is sent to another candidate,
 * and the failed worker is avoided for a while; so is a GET or HEAD that got no answer at all. A request
 * body up to {@link Config#retryBodyLimitBytes()} is read first so that it can be sent again; a larger or
 * chunked one is streamed, and such a request is not retried. No candidate: 503 with a JSON
 * {@code {"error", "detail"}} naming the app and route; every candidate failed: 502; no answer in time: 504.
 * Keys and auth levels pass through untouched: the worker enforces them exactly as when called directly.
 * <p>
 * Every client request ends with an answer: overrides of the proxy's callbacks never let an exception
 * escape (Jetty leaves the request open forever otherwise), and deactivation fails the requests still
 * outstanding with 503.
 */
@Component(service = Servlet.class, immediate = true, configurationPid = GatewayServlet.PID, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api/*",
        // Pax Web drops a second servlet without a name: every fnhost servlet has its own
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=fnhost-management:gateway",
        // AsyncProxyServlet starts async processing for every request
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED + "=true" })
@Designate(ocd = GatewayServlet.Config.class)
public class GatewayServlet extends AsyncProxyServlet {
    private static final long serialVersionUID = 1L;
    static final String PID = "io.fnhost.management.Gateway";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServlet.class);
    /** Names the {@link Exchange} on the client's request and on each request to a worker (package: tests). */
    static final String EXCHANGE_ATTRIBUTE = GatewayServlet.class.getName() + ".exchange";
    /** A management-only node: a standalone node serves /api/* itself. */
    static final String MANAGEMENT_ONLY = "(&(" + NodeIdentity.ROLE_PROPERTY + "=" + NodeIdentity.MANAGEMENT + ")(!("
            + NodeIdentity.ROLE_PROPERTY + "=" + NodeIdentity.WORKER + ")))";

    @ObjectClassDefinition(name = "fnhost HTTP gateway",
            description = "The management node's /api/* gateway to the workers (active on management-only nodes)")
    public @interface Config {
        @AttributeDefinition(name = "Client threads",
                description = "Threads of the gateway's own HTTP client pool (Jetty's maxThreads)")
        int maxThreads() default 64;

        @AttributeDefinition(name = "Connections per worker",
                description = "Most connections the gateway opens to one worker (Jetty's maxConnections)")
        int maxConnectionsPerWorker() default 256;

        @AttributeDefinition(name = "Idle timeout (ms)",
                description = "An idle connection to a worker is closed after this long")
        long idleTimeoutMillis() default 30_000;

        @AttributeDefinition(name = "Request timeout (ms)",
                description = "A worker that has not answered a request completely after this long gets it "
                        + "aborted and the client gets 504 (Azure's front end gives up after 230 s)")
        long timeoutMillis() default 230_000;

        @AttributeDefinition(name = "Connect timeout (ms)",
                description = "A connection to a worker not established after this long counts as failed "
                        + "and the request is retried on another worker")
        long connectTimeoutMillis() default 2_000;

        @AttributeDefinition(name = "Suspect time (ms)",
                description = "A worker that failed to connect is avoided this long (unless no other can take the request)")
        long suspectMillis() default 2_000;

        @AttributeDefinition(name = "Retry body limit (bytes)",
                description = "Request bodies up to this size are read before sending, so that a request whose "
                        + "worker failed to connect can be sent to another; larger ones are streamed and not retried")
        int retryBodyLimitBytes() default 65_536;
    }

    private final transient NodeIdentity node;
    private final transient Config config;
    private final transient WorkerSelector selector;
    private final transient ObjectMapper json = new ObjectMapper();
    /** Requests started and not yet answered: failed on deactivation. */
    private final transient Set<Exchange> outstanding = ConcurrentHashMap.newKeySet();
    private transient volatile boolean closing;

    @Activate
    public GatewayServlet(@Reference(target = MANAGEMENT_ONLY) NodeIdentity node, @Reference FunctionCluster cluster,
            Config config) {
        this(node, new WorkerSelector(cluster::nodes, System::nanoTime, positive(config.suspectMillis(), "suspectMillis")),
                config);
    }

    GatewayServlet(NodeIdentity node, WorkerSelector selector, Config config) {
        this.node = node;
        this.selector = selector;
        this.config = config;
        positive(config.maxThreads(), "maxThreads");
        positive(config.maxConnectionsPerWorker(), "maxConnectionsPerWorker");
        positive(config.idleTimeoutMillis(), "idleTimeoutMillis");
        positive(config.timeoutMillis(), "timeoutMillis");
        positive(config.connectTimeoutMillis(), "connectTimeoutMillis");
        if (config.retryBodyLimitBytes() < 0) {
            throw new IllegalArgumentException(PID + ": retryBodyLimitBytes is " + config.retryBodyLimitBytes()
                    + "; use 0 (never buffer bodies) or more");
        }
    }

    private static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(PID + ": " + name + " is " + value + "; use a positive number");
        }
        return value;
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    /** Hands the typed configuration to the proxy as the init parameters it reads. */
    @Override
    public void init(ServletConfig servletConfig) throws ServletException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("maxThreads", String.valueOf(config.maxThreads()));
        params.put("maxConnections", String.valueOf(config.maxConnectionsPerWorker()));
        params.put("idleTimeout", String.valueOf(config.idleTimeoutMillis()));
        params.put("timeout", String.valueOf(config.timeoutMillis()));
        // Via: http/1.1 <this node's name>
        params.put("viaHost", node.name());
        super.init(new InitParameters(servletConfig, params));
        // Pax Web destroys and initialises a servlet again when its context restarts: serve again
        closing = false;
        LOG.info("HTTP gateway of node {} serves /api/* from the cluster's workers", node.name());
    }

    @Override
    protected HttpClient createHttpClient() throws ServletException {
        HttpClient client = super.createHttpClient();
        client.setConnectTimeout(config.connectTimeoutMillis());
        // a body without Content-Type must reach the worker without one (Jetty would add
        // application/octet-stream, and the worker would hand the function bytes instead of a string)
        client.setDefaultRequestContentType(null);
        return client;
    }

    @Override
    public void destroy() {
        closing = true;
        stopClient();
        failOutstanding();
    }

    @Deactivate
    void deactivate() {
        destroy();
    }

    private synchronized void stopClient() {
        HttpClient client = getHttpClient();
        if (client != null && !client.isStopped()) {
            // aborts the requests in flight: their failure callbacks answer their clients (503, closing)
            super.destroy();
        }
    }

    private void failOutstanding() {
        for (Exchange ex : outstanding) {
            fail(ex, 503, "gateway stopping", "The gateway on node " + node.name()
                    + " stopped while " + ex.describe() + " was in flight; send it again");
        }
    }

    // ------------------------------------------------------------------------------------------ requests

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (closing) {
            writeProblem(response, 503, "gateway stopping", "The gateway on node " + node.name()
                    + " is stopping; send the request again");
            return;
        }
        String uri = request.getRequestURI();
        String contextPath = request.getContextPath();
        String path = contextPath == null || contextPath.isEmpty() ? uri : uri.substring(contextPath.length());
        WorkerSelector.Targets targets;
        try {
            targets = selector.targets(request.getMethod(), path);
        } catch (RuntimeException e) {
            // the cluster service is going away under this request
            LOG.debug("Gateway: no cluster state for {} {}: {}", request.getMethod(), path, e.toString());
            writeProblem(response, 503, "no cluster", "The gateway on node " + node.name()
                    + " cannot read the cluster's state right now; send the request again");
            return;
        }
        String query = request.getQueryString();
        Exchange ex = new Exchange(request, response, query == null ? path : path + "?" + query, targets);
        if (targets.candidates.isEmpty()) {
            noCandidate(ex);
            return;
        }
        request.setAttribute(EXCHANGE_ATTRIBUTE, ex);
        long length = request.getContentLengthLong();
        boolean chunked = request.getHeader(HttpHeader.TRANSFER_ENCODING.asString()) != null;
        outstanding.add(ex);
        try {
            if (length > config.retryBodyLimitBytes() || (length < 0 && chunked)) {
                // too large to keep: streamed by the proxy to the worker rewriteTarget picks
                ex.streamed = true;
                super.service(request, response);
            } else {
                request.startAsync().setTimeout(0);
                if (length > 0) {
                    ServletInputStream input = request.getInputStream();
                    input.setReadListener(new BodyReader(ex, input, (int) length));
                } else {
                    forward(ex);
                }
            }
        } catch (IOException | RuntimeException e) {
            unexpected("forward " + ex.describe(), e);
            fail(ex, 502, "bad gateway", "The gateway could not forward " + ex.describe() + " (" + e.getClass().getName() + ")");
        }
    }

    /** The streamed path: {@link AsyncProxyServlet} asks where to send the request. */
    @Override
    protected String rewriteTarget(HttpServletRequest clientRequest) {
        Exchange ex = exchange(clientRequest);
        if (ex == null) {
            return null;
        }
        Optional<WorkerSelector.Worker> worker = selector.pick(ex.targets, ex.tried);
        if (worker.isEmpty()) {
            return null;
        }
        begin(ex, worker.get());
        return worker.get().url + ex.pathAndQuery;
    }

    @Override
    protected void onProxyRewriteFailed(HttpServletRequest clientRequest, HttpServletResponse proxyResponse) {
        Exchange ex = exchange(clientRequest);
        if (ex != null) {
            noCandidate(ex);
        } else {
            writeProblem(proxyResponse, 503, "no worker", "No worker can take this request");
        }
    }

    /** Sends the request (again) to the best worker not tried yet; {@code false} when none is left. */
    private boolean forward(Exchange ex) {
        Optional<WorkerSelector.Worker> next = selector.pick(ex.targets, ex.tried);
        if (next.isEmpty()) {
            return false;
        }
        WorkerSelector.Worker worker = next.get();
        Exchange.Attempt attempt = begin(ex, worker);
        try {
            Request proxyRequest = newProxyRequest(ex.request, worker.url + ex.pathAndQuery);
            copyRequestHeaders(ex.request, proxyRequest);
            // X-Forwarded-For/-Proto/-Host/-Server and Via
            addProxyHeaders(ex.request, proxyRequest);
            proxyRequest.timeout(getTimeout(), TimeUnit.MILLISECONDS);
            byte[] body = ex.body;
            if (body != null) {
                // the client already got its 100 Continue when the body was read
                proxyRequest.header(HttpHeader.EXPECT, null);
                // not a typed provider: the client's Content-Type (or none) goes to the worker unchanged
                DeferredContentProvider content = new DeferredContentProvider(ByteBuffer.wrap(body));
                content.close();
                proxyRequest.content(content);
            }
            sendProxyRequest(ex.request, ex.response, proxyRequest);
        } catch (RuntimeException e) {
            end(ex, attempt);
            unexpected("send " + ex.describe() + " to " + worker, e);
            fail(ex, 502, "bad gateway", "The gateway could not send " + ex.describe() + " to worker " + worker.node
                    + " (" + e.getClass().getName() + ")");
        }
        return true;
    }

    private Exchange.Attempt begin(Exchange ex, WorkerSelector.Worker worker) {
        Exchange.Attempt attempt = ex.begin(worker);
        selector.acquire(worker.node);
        return attempt;
    }

    private void end(Exchange ex, Exchange.Attempt attempt) {
        if (attempt != null && attempt.end()) {
            selector.release(attempt.worker.node);
        }
    }

    /** Both paths: watch whether the attempt reached the worker, which decides whether it may be retried. */
    @Override
    protected void sendProxyRequest(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Request proxyRequest) {
        Exchange ex = exchange(clientRequest);
        Exchange.Attempt attempt = ex == null ? null : ex.attempt;
        if (ex != null) {
            proxyRequest.attribute(EXCHANGE_ATTRIBUTE, ex);
        }
        if (attempt != null) {
            proxyRequest.onRequestBegin(r -> attempt.sent = true);
            proxyRequest.onResponseBegin(r -> attempt.answered = true);
        }
        super.sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
    }

    @Override // Jetty already writes its own Date header: the worker's would be a second one
    protected String filterServerResponseHeader(HttpServletRequest clientRequest, Response serverResponse,
            String headerName, String headerValue) {
        return HttpHeader.DATE.is(headerName) ? null : headerValue;
    }

    @Override
    protected void onProxyResponseSuccess(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            Response serverResponse) {
        Exchange ex = exchange(serverResponse.getRequest());
        if (ex == null) {
            super.onProxyResponseSuccess(clientRequest, proxyResponse, serverResponse);
            return;
        }
        end(ex, ex.attempt);
        if (ex.finish()) {
            outstanding.remove(ex);
            super.onProxyResponseSuccess(clientRequest, proxyResponse, serverResponse);
        }
    }

    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            Response serverResponse, Throwable failure) {
        Exchange ex = exchange(serverResponse.getRequest());
        if (ex != null && ex.finished()) {
            // answered already: clientRequest and proxyResponse may serve the connection's next request now
            end(ex, ex.attempt);
            return;
        }
        try {
            if (ex != null && retried(ex, proxyResponse, failure)) {
                return;
            }
        } catch (RuntimeException e) {
            // an exception escaping here would leave the client waiting forever
            unexpected("retry " + ex.describe(), e);
        }
        super.onProxyResponseFailure(clientRequest, proxyResponse, serverResponse, failure);
    }

    /** Ends the failed attempt; sends the request to another worker when that is safe and one is left. */
    private boolean retried(Exchange ex, HttpServletResponse proxyResponse, Throwable failure) {
        Exchange.Attempt attempt = ex.attempt;
        end(ex, attempt);
        if (attempt == null || closing || ex.finished() || isTimeout(failure)) {
            return false;
        }
        // not sent: the connection failed, nothing reached the worker; sent, unanswered: it may have died
        // (a streamed attempt may have failed on the client's side instead: no verdict on the worker)
        boolean unreachable = !attempt.sent || (!attempt.answered && !ex.streamed);
        if (!unreachable) {
            return false;
        }
        if (selector.suspect(attempt.worker.node)) {
            LOG.warn("Gateway: worker {} failed to take a request ({}); avoiding it for {} ms", attempt.worker,
                    rootCause(failure), config.suspectMillis());
        }
        boolean idempotent = "GET".equals(ex.method) || "HEAD".equals(ex.method);
        boolean mayResend = !ex.streamed && !proxyResponse.isCommitted() && (!attempt.sent || idempotent);
        if (!mayResend) {
            return false;
        }
        LOG.debug("Gateway: {} failed on {} ({}); trying another worker", ex.describe(), attempt.worker, rootCause(failure));
        return forward(ex);
    }

    /**
     * The client's body failed while it was being streamed to a worker. When the exchange was answered
     * already (a 502 because the worker could not take the streamed body), only the worker's side is
     * cleaned up: Jetty recycles request and response objects, so this late callback's
     * {@code clientRequest} and {@code proxyResponse} may belong to the connection's next request.
     */
    @Override
    protected void onClientRequestFailure(HttpServletRequest clientRequest, Request proxyRequest,
            HttpServletResponse proxyResponse, Throwable failure) {
        Exchange ex = exchange(proxyRequest);
        if (ex != null && ex.finished()) {
            proxyRequest.abort(failure);
            return;
        }
        super.onClientRequestFailure(clientRequest, proxyRequest, proxyResponse, failure);
    }

    /** Every error the proxy answers (502, 504, a failed client body) goes out as JSON. */
    @Override
    protected void sendProxyResponseError(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, int status) {
        Exchange ex = exchange(clientRequest);
        if (ex == null) {
            try {
                writeProblem(proxyResponse, status, "bad gateway", "The gateway could not forward the request");
            } finally {
                if (clientRequest.isAsyncStarted()) {
                    clientRequest.getAsyncContext().complete();
                }
            }
            return;
        }
        if (closing) {
            fail(ex, 503, "gateway stopping", "The gateway on node " + node.name() + " stopped while "
                    + ex.describe() + " was in flight; send it again");
        } else if (status == HttpServletResponse.SC_GATEWAY_TIMEOUT) {
            fail(ex, status, "gateway timeout", "Worker " + lastNode(ex) + " did not answer " + ex.describe()
                    + " within " + config.timeoutMillis() + " ms (" + PID + " timeoutMillis)");
        } else if (ex.tried.size() > 1) {
            fail(ex, 502, "bad gateway", "No worker took " + ex.describe() + ": tried " + String.join(", ", ex.tried));
        } else {
            fail(ex, status >= 500 ? 502 : status, "bad gateway", "Worker " + lastNode(ex) + " failed to answer "
                    + ex.describe() + (ex.streamed ? " (its body was streamed, so it was not sent again)" : ""));
        }
    }

    private static String lastNode(Exchange ex) {
        Exchange.Attempt a = ex.attempt;
        return a == null ? "?" : a.worker.node;
    }

    private void noCandidate(Exchange ex) {
        String detail;
        if (ex.targets.route == null) {
            detail = "No worker node is up to take " + ex.describe() + "; GET /admin/nodes lists the nodes";
        } else {
            detail = "No worker runs function '" + ex.targets.route.function() + "' of app '" + ex.targets.route.app()
                    + "' (route /" + ex.targets.route.template() + ") for " + ex.method
                    + " right now; GET /admin/apps/" + ex.targets.route.app() + " shows its state on each node";
        }
        fail(ex, 503, "no running worker", detail);
    }

    /** Answers the client with a JSON problem and ends its request, unless it was answered already. */
    private void fail(Exchange ex, int status, String error, String detail) {
        end(ex, ex.attempt);
        if (!ex.finish()) {
            return;
        }
        outstanding.remove(ex);
        try {
            writeProblem(ex.response, status, error, detail);
        } catch (RuntimeException e) {
            LOG.debug("Gateway: cannot answer {}: {}", ex.describe(), e.toString());
        } finally {
            try {
                if (ex.request.isAsyncStarted()) {
                    ex.request.getAsyncContext().complete();
                }
            } catch (IllegalStateException e) {
                LOG.debug("Gateway: {} was completed already: {}", ex.describe(), e.toString());
            }
        }
    }

    private void writeProblem(HttpServletResponse response, int status, String error, String detail) {
        if (response.isCommitted()) {
            return;
        }
        try {
            Map<String, String> problem = new LinkedHashMap<>();
            problem.put("error", error);
            problem.put("detail", detail);
            byte[] body = json.writeValueAsBytes(problem);
            response.resetBuffer();
            response.setStatus(status);
            response.setHeader(HttpHeader.CACHE_CONTROL.asString(), "no-store");
            response.setContentType("application/json; charset=utf-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.flushBuffer();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response was taken over meanwhile
            LOG.debug("Gateway: cannot write the {} answer: {}", status, e.toString());
        }
    }

    /**
     * Logs a failure that is a bug somewhere: its class at WARN, the whole exception at DEBUG only, since
     * its message may quote the request's URI and with it a key given as {@code ?code=}.
     */
    private static void unexpected(String what, Exception e) {
        LOG.warn("Gateway: cannot {}: {} (the stack trace is logged at DEBUG)", what, e.getClass().getName());
        LOG.debug("Gateway: cannot {}", what, e);
    }

    private static Exchange exchange(HttpServletRequest request) {
        Object ex = request.getAttribute(EXCHANGE_ATTRIBUTE);
        return ex instanceof Exchange ? (Exchange) ex : null;
    }

    /** The exchange a request to a worker belongs to ({@link #sendProxyRequest} tags each one). */
    private static Exchange exchange(Request proxyRequest) {
        Object ex = proxyRequest == null ? null : proxyRequest.getAttributes().get(EXCHANGE_ATTRIBUTE);
        return ex instanceof Exchange ? (Exchange) ex : null;
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }

    /** Reads a small request body into memory, then forwards the request; it can then be sent again. */
    private final class BodyReader implements ReadListener {
        private final Exchange ex;
        private final ServletInputStream input;
        /** One byte more than announced: a body longer than its Content-Length is noticed. */
        private final byte[] buffer;
        private int filled;

        BodyReader(Exchange ex, ServletInputStream input, int length) {
            this.ex = ex;
            this.input = input;
            this.buffer = new byte[length + 1];
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (input.isReady() && !input.isFinished()) {
                int n = input.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    return;
                }
                filled += n;
                if (filled == buffer.length) {
                    throw new IOException("the body is longer than its Content-Length " + (buffer.length - 1));
                }
            }
        }

        @Override
        public void onAllDataRead() {
            try {
                if (filled != buffer.length - 1) {
                    fail(ex, 400, "bad request", "The request body ended after " + filled + " of the "
                            + (buffer.length - 1) + " bytes its Content-Length announced");
                    return;
                }
                ex.body = Arrays.copyOf(buffer, filled);
                if (!forward(ex)) {
                    noCandidate(ex);
                }
            } catch (RuntimeException e) {
                unexpected("forward " + ex.describe(), e);
                fail(ex, 502, "bad gateway", "The gateway could not forward " + ex.describe() + " (" + e.getClass().getName() + ")");
            }
        }

        @Override
        public void onError(Throwable t) {
            fail(ex, 400, "bad request", "The gateway could not read the request body: " + t.getMessage());
        }
    }

    /** The container's servlet configuration with the gateway's init parameters. */
    private static final class InitParameters implements ServletConfig {
        private final ServletConfig delegate;
        private final Map<String, String> params;

        InitParameters(ServletConfig delegate, Map<String, String> params) {
            this.delegate = delegate;
            this.params = params;
        }

        @Override
        public String getServletName() {
            return delegate.getServletName();
        }

        @Override
        public ServletContext getServletContext() {
            return delegate.getServletContext();
        }

        @Override
        public String getInitParameter(String name) {
            return params.get(name);
        }

        @Override
        public Enumeration<String> getInitParameterNames() {
            return Collections.enumeration(params.keySet());
        }
    }

}
