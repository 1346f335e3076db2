package io.fnhost.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;

/**
 * The {@link HttpRequestMessage} a function receives, as the Azure host presents it: header names
 * lower-cased (repeated headers joined with ", "), query parameters with empty values left out (first
 * value wins), the body already read and converted on first use by the function's {@link BodyPlan}.
 * <p>
 * URI, headers and query are computed on first use from the servlet request. Servlet containers
 * recycle request objects, so after {@link #close()} (the dispatcher calls it when the invocation has
 * returned, timed out or not) views not yet computed throw {@link IllegalStateException} instead of
 * reading another request's data. Thread-safe.
 */
final class HttpRequestAdapter implements HttpRequestMessage<Object> {
    private static final Object UNSET = new Object();

    private final HttpServletRequest request;
    private final HttpMethod method;
    private final Object rawBody;
    private final BodyPlan plan;

    private boolean closed;
    private URI uri;
    private Map<String, String> headers;
    private Map<String, String> query;
    private Object body = UNSET;

    HttpRequestAdapter(HttpServletRequest request, HttpMethod method, Object rawBody, BodyPlan plan) {
        this.request = request;
        this.method = method;
        this.rawBody = rawBody;
        this.plan = plan;
    }

    /** The raw body: {@code null}, a {@code String} or {@code byte[]}. */
    Object rawBody() {
        return rawBody;
    }

    synchronized void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the HTTP request has completed; read request data during the invocation");
        }
    }

    @Override
    public synchronized URI getUri() {
        if (uri == null) {
            checkOpen();
            uri = buildUri(request);
        }
        return uri;
    }

    @Override
    public HttpMethod getHttpMethod() {
        return method;
    }

    @Override
    public synchronized Map<String, String> getHeaders() {
        if (headers == null) {
            checkOpen();
            headers = readHeaders(request);
        }
        return headers;
    }

    @Override
    public synchronized Map<String, String> getQueryParameters() {
        if (query == null) {
            checkOpen();
            query = parseQuery(request.getQueryString());
        }
        return query;
    }

    @Override
    public synchronized Object getBody() {
        if (body == UNSET) {
            body = plan.convert(rawBody);
        }
        return body;
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return new HttpResponse.Builder(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new HttpResponse.Builder(status);
    }

    static URI buildUri(HttpServletRequest request) {
        StringBuilder sb = new StringBuilder(128);
        String scheme = request.getScheme();
        sb.append(scheme).append("://");
        String host = request.getHeader("Host");
        if (host == null || host.isEmpty()) {
            sb.append(request.getServerName());
            int port = request.getServerPort();
            if (port > 0 && !(port == 80 && "http".equals(scheme)) && !(port == 443 && "https".equals(scheme))) {
                sb.append(':').append(port);
            }
        } else {
            sb.append(host);
        }
        sb.append(request.getRequestURI());
        String q = request.getQueryString();
        if (q != null && !q.isEmpty()) {
            sb.append('?').append(q);
        }
        try {
            return new URI(sb.toString());
        } catch (URISyntaxException e) {
            // a raw query the URI grammar refuses (e.g. an unencoded '|'): let URI quote it
            try {
                return new URI(scheme, host, request.getRequestURI(), q, null);
            } catch (URISyntaxException e2) {
                throw new IllegalArgumentException("request URI cannot be represented: " + e2.getMessage(), e2);
            }
        }
    }

    static Map<String, String> readHeaders(HttpServletRequest request) {
        Map<String, String> map = new HashMap<>();
        Enumeration<String> names = request.getHeaderNames();
        if (names == null) {
            return Collections.emptyMap();
        }
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            String key = RouteTable.lowerCase(name);
            Enumeration<String> values = request.getHeaders(name);
            String joined = null;
            while (values != null && values.hasMoreElements()) {
                String v = values.nextElement();
                joined = joined == null ? v : joined + ", " + v;
            }
            if (joined != null) {
                // the container may list a name twice in different cases
                map.merge(key, joined, (a, b) -> a + ", " + b);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** Parses a raw query string: first value wins, keys with empty values are left out. */
    static Map<String, String> parseQuery(String queryString) {
        if (queryString == null || queryString.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> map = new HashMap<>();
        int start = 0;
        int len = queryString.length();
        while (start <= len) {
            int amp = queryString.indexOf('&', start);
            int end = amp < 0 ? len : amp;
            if (end > start) {
                int eq = queryString.indexOf('=', start);
                if (eq > start && eq < end - 1) {
                    String key = decode(queryString.substring(start, eq));
                    String value = decode(queryString.substring(eq + 1, end));
                    if (!value.isEmpty()) {
                        map.putIfAbsent(key, value);
                    }
                }
            }
            start = end + 1;
        }
        return Collections.unmodifiableMap(map);
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // malformed escape: keep the text as sent
        }
    }

    @Override
    public String toString() {
        return "HttpRequestMessage[" + method + "]";
    }
}
