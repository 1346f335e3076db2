package io.fnhost.management.internal.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * A worker node's HTTP side on a real Jetty: {@code /api/hello} echoes what arrived (method, raw path and
 * query, body, forwarding headers) one per line; {@code /api/secure} wants key {@value #KEY} like a
 * function-level function; {@code /api/slow} waits until {@link #releaseSlow}; other paths are 404.
 * Every answer names the node in {@code X-Node} and carries the worker's own {@code Date}.
 */
final class FakeWorker implements AutoCloseable {
    static final String KEY = "k1";

    final String name;
    final AtomicInteger hits = new AtomicInteger();
    /** Counted down when a request enters {@code /api/slow}. */
    volatile CountDownLatch slowEntered = new CountDownLatch(1);
    private final CountDownLatch slowRelease = new CountDownLatch(1);
    private final Server server;

    FakeWorker(String name) throws Exception {
        this.name = name;
        server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new Echo()), "/api/*");
        server.setHandler(context);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getURI().getPort();
    }

    void releaseSlow() {
        slowRelease.countDown();
    }

    /** Stops listening: connections to it are refused from now on. */
    void stop() throws Exception {
        server.stop();
    }

    @Override
    public void close() throws Exception {
        releaseSlow();
        server.stop();
    }

    private final class Echo extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            hits.incrementAndGet();
            resp.setHeader("X-Node", name);
            resp.setDateHeader("Date", System.currentTimeMillis());
            String path = req.getRequestURI();
            if (path.equals("/api/slow")) {
                slowEntered.countDown();
                try {
                    if (!slowRelease.await(30, TimeUnit.SECONDS)) {
                        resp.sendError(500, "never released");
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (path.equals("/api/secure")) {
                if (!KEY.equals(req.getHeader("x-functions-key")) && !("code=" + KEY).equals(req.getQueryString())) {
                    resp.setStatus(401);
                    return;
                }
            } else if (!path.startsWith("/api/hello")) {
                resp.setStatus(404);
                return;
            }
            byte[] body = req.getInputStream().readAllBytes();
            StringBuilder out = new StringBuilder();
            line(out, "node", name);
            line(out, "method", req.getMethod());
            line(out, "path", path);
            line(out, "query", req.getQueryString());
            line(out, "contentType", req.getContentType());
            line(out, "bodyLength", String.valueOf(body.length));
            line(out, "body", body.length <= 1024 ? new String(body, StandardCharsets.UTF_8) : "");
            line(out, "bodySha256", sha256(body));
            line(out, "xForwardedFor", req.getHeader("X-Forwarded-For"));
            line(out, "xForwardedProto", req.getHeader("X-Forwarded-Proto"));
            line(out, "xForwardedHost", req.getHeader("X-Forwarded-Host"));
            line(out, "xForwardedServer", req.getHeader("X-Forwarded-Server"));
            line(out, "via", req.getHeader("Via"));
            line(out, "host", req.getHeader("Host"));
            line(out, "key", req.getHeader("x-functions-key"));
            resp.setContentType("text/plain; charset=utf-8");
            resp.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
        }

        private void line(StringBuilder out, String key, String value) {
            out.append(key).append('=').append(value).append('\n');
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
