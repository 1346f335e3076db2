package io.fnhost.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.servlet.AsyncContext;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.microsoft.azure.functions.HttpMethod;

import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.KeyScope;

/**
 * The request path shared by every prefix servlet, in the Azure host's order: 503 while the host is
 * starting; route look-up in the current {@link RouteTable} (unknown routes and method mismatches: an
 * empty 404); a disabled function is 404 unless the master key is presented; the function's
 * {@code authLevel} against the key in {@code x-functions-key} (wins) or the {@code code} query
 * parameter (401, empty body); the app's throttle (429 with {@code X-FUNCTION-SCALEOUT: 1}, or a wait
 * without a thread); then body read, invocation on the calling thread, response. Routing is on the full
 * path (context path excluded), so which prefix servlet received the request does not matter.
 */
final class HttpDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(HttpDispatcher.class);
    private static final String[] NO_SEGMENTS = new String[0];
    /** Routing attempts for one request when the versions it reaches are being retired. */
    private static final int MAX_ROUTE_ATTEMPTS = 3;

    static final String SCALEOUT_HEADER = "X-FUNCTION-SCALEOUT";

    private final Supplier<RouteTable> routes;
    private final ResponseWriter writer;
    private final FunctionKeys keys;
    private final BooleanSupplier hostRunning;
    private final long maxBodyBytes;

    HttpDispatcher(Supplier<RouteTable> routes, ResponseWriter writer, FunctionKeys keys, BooleanSupplier hostRunning,
            long maxBodyBytes) {
        this.routes = routes;
        this.writer = writer;
        this.keys = keys;
        this.hostRunning = hostRunning;
        // bodies are read into one array
        this.maxBodyBytes = Math.min(maxBodyBytes, Integer.MAX_VALUE - 16);
    }

    void dispatch(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!hostRunning.getAsBoolean()) {
            // Azure's host answers 503 until it has started its functions
            ResponseWriter.writeEmpty(resp, 503);
            return;
        }
        HttpMethod method = method(req.getMethod());
        if (method == null) {
            ResponseWriter.writeEmpty(resp, 404);
            return;
        }
        String uri = req.getRequestURI();
        String contextPath = req.getContextPath();
        int from = contextPath == null ? 0 : contextPath.length();
        String[] segments = segments(uri, from);
        RouteTable.Match match = routes.get().match(method, segments);
        if (match == null) {
            ResponseWriter.writeEmpty(resp, 404);
            return;
        }
        FunctionRoute route = match.route;
        int refusal = refusal(req, route);
        if (refusal != 0) {
            ResponseWriter.writeEmpty(resp, refusal);
            return;
        }
        RequestThrottle throttle = route.throttle;
        if (throttle == null) {
            invoke(req, resp, method, segments, match);
            return;
        }
        if (!throttle.admit()) {
            resp.setHeader(SCALEOUT_HEADER, "1");
            ResponseWriter.writeEmpty(resp, 429);
            return;
        }
        if (throttle.tryStart()) {
            try {
                invoke(req, resp, method, segments, match);
            } finally {
                throttle.finish();
            }
            return;
        }
        // Wait for a slot without holding this thread: the request is resumed on a container thread.
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        throttle.enqueue(() -> async.start(() -> {
            try {
                invoke((HttpServletRequest) async.getRequest(), (HttpServletResponse) async.getResponse(), method,
                        segments, match);
            } catch (IOException | RuntimeException e) {
                LOG.debug("HTTP function {}/{}: writing the response failed: {}", route.app, route.function, e.toString());
            } finally {
                throttle.finish();
                async.complete();
            }
        }));
    }

    /**
     * 404 for a disabled function called without the master key, 401 when the presented key does not
     * satisfy the function's {@code authLevel}, else 0.
     */
    private int refusal(HttpServletRequest req, FunctionRoute route) {
        if (!route.needsKey()) {
            return 0;
        }
        KeyScope scope = keys.authorize(route.function, presentedKey(req));
        if (route.disabled && scope != KeyScope.MASTER) {
            return 404;
        }
        return scope.satisfies(route.authLevel) ? 0 : 401;
    }

    /** The key the request presents ({@link FunctionKeys#presentedKey}). */
    static String presentedKey(HttpServletRequest req) {
        return FunctionKeys.presentedKey(req.getHeader(FunctionKeys.KEY_HEADER), req.getQueryString());
    }

    private void invoke(HttpServletRequest req, HttpServletResponse resp, HttpMethod method, String[] segments,
            RouteTable.Match match) throws IOException {
        Object rawBody;
        try {
            rawBody = readBody(req);
        } catch (BodyTooLargeException e) {
            ResponseWriter.writeEmpty(resp, 413);
            return;
        }
        for (int attempt = 1;; attempt++) {
            FunctionRoute route = match.route;
            HttpRequestAdapter request = new HttpRequestAdapter(req, method, rawBody, route.body);
            InvocationResult result;
            try {
                result = route.invoker.invoke(new HttpTriggerData(request, match));
            } catch (RuntimeException | LinkageError e) {
                // the invoker promises not to throw; contain it if it does
                LOG.warn("HTTP function {}/{}: the invoker failed: {}", route.app, route.function, e.toString(), e);
                ResponseWriter.writeEmpty(resp, 500);
                return;
            } finally {
                request.close();
            }
            if (result == null || result.status() != InvocationStatus.RETIRED) {
                writer.write(route, result, resp);
                return;
            }
            // The version this request was routed to was retired (replaced or removed) before the
            // function started: route again in the current table, where its successor (or nothing) is.
            match = routes.get().match(method, segments);
            if (match == null) {
                ResponseWriter.writeEmpty(resp, 404);
                return;
            }
            // the successor may differ in authLevel or be disabled
            int refusal = refusal(req, match.route);
            if (refusal != 0) {
                ResponseWriter.writeEmpty(resp, refusal);
                return;
            }
            if (attempt == MAX_ROUTE_ATTEMPTS) {
                LOG.warn("HTTP function {}/{}: every version tried was retired; answering 503", route.app,
                        route.function);
                ResponseWriter.writeEmpty(resp, 503);
                return;
            }
        }
    }

    /** HTTP methods are case-sensitive; anything Azure's {@link HttpMethod} lacks cannot match a route. */
    static HttpMethod method(String name) {
        switch (name) {
            case "GET": return HttpMethod.GET;
            case "POST": return HttpMethod.POST;
            case "PUT": return HttpMethod.PUT;
            case "DELETE": return HttpMethod.DELETE;
            case "PATCH": return HttpMethod.PATCH;
            case "HEAD": return HttpMethod.HEAD;
            case "OPTIONS": return HttpMethod.OPTIONS;
            case "TRACE": return HttpMethod.TRACE;
            case "CONNECT": return HttpMethod.CONNECT;
            default: return null;
        }
    }

    /**
     * Path segments of the raw URI from {@code from}, as ASP.NET Core's router sees them: split at each
     * {@code /}, empty interior segments kept (so {@code /api//x} does not match {@code api/x}), one
     * trailing slash ignored, each segment percent-decoded as UTF-8 except {@code %2F}, which Kestrel
     * leaves encoded so that it never acts as a separator.
     */
    static String[] segments(String uri, int from) {
        int len = uri.length();
        int start = from < len && uri.charAt(from) == '/' ? from + 1 : from;
        int end = len > start && uri.charAt(len - 1) == '/' ? len - 1 : len;
        if (end <= start) {
            return NO_SEGMENTS;
        }
        int count = 1;
        for (int i = start; i < end; i++) {
            if (uri.charAt(i) == '/') {
                count++;
            }
        }
        String[] out = new String[count];
        int n = 0;
        int segmentStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || uri.charAt(i) == '/') {
                out[n++] = decode(uri, segmentStart, i);
                segmentStart = i + 1;
            }
        }
        return out;
    }

    private static String decode(String uri, int start, int end) {
        int pct = uri.indexOf('%', start);
        if (pct < 0 || pct >= end) {
            return uri.substring(start, end);
        }
        byte[] bytes = new byte[end - start];
        int n = 0;
        for (int i = start; i < end; i++) {
            char c = uri.charAt(i);
            if (c == '%' && i + 2 < end) {
                int hi = Character.digit(uri.charAt(i + 1), 16);
                int lo = Character.digit(uri.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0 && !(hi == 2 && lo == 15)) {
                    bytes[n++] = (byte) ((hi << 4) | lo);
                    i += 2;
                    continue;
                }
            }
            if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                // not expected in a raw URI; keep the character
                byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (n + enc.length > bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, bytes.length + enc.length * 2);
                }
                for (byte b : enc) {
                    bytes[n++] = b;
                }
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * The body as Azure presents it, or {@code null} when the request has none: {@code byte[]} for
     * {@code application/octet-stream} and {@code multipart/*}, otherwise text decoded with the request's
     * charset (UTF-8 when none or unknown).
     */
    Object readBody(HttpServletRequest req) throws IOException, BodyTooLargeException {
        long length = req.getContentLengthLong();
        if (length == 0 || (length < 0 && req.getHeader("Transfer-Encoding") == null)) {
            return null;
        }
        if (length > maxBodyBytes) {
            throw new BodyTooLargeException();
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = length > 0 ? in.readNBytes((int) length) : readBounded(in);
        }
        if (bytes.length == 0) {
            return null;
        }
        String contentType = req.getContentType();
        if (contentType != null && (contentType.regionMatches(true, 0, "application/octet-stream", 0, 24)
                || contentType.regionMatches(true, 0, "multipart/", 0, 10))) {
            return bytes;
        }
        return new String(bytes, charset(req.getCharacterEncoding()));
    }

    private byte[] readBounded(InputStream in) throws IOException, BodyTooLargeException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int r;
        while ((r = in.read(buffer)) > 0) {
            total += r;
            if (total > maxBodyBytes) {
                throw new BodyTooLargeException();
            }
            out.write(buffer, 0, r);
        }
        return out.toByteArray();
    }

    static Charset charset(String name) {
        if (name == null || name.equalsIgnoreCase("utf-8")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    static final class BodyTooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException() {
            super(null, null, false, false);
        }
    }
}
