package io.fnhost.http.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.microsoft.azure.functions.HttpResponseMessage;

import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.ValueConverter;

/**
 * Writes an invocation's {@code http} output to the servlet response as the Azure host does: an
 * {@link HttpResponseMessage} gives status, headers and body; any other value is the body of a 200;
 * no value gives an empty 200. Bodies: a {@code String} as UTF-8 ({@code text/plain; charset=utf-8}
 * unless a Content-Type was set), {@code byte[]} raw ({@code application/octet-stream}), anything
 * else as Gson JSON through the core's {@link ValueConverter} ({@code application/json; charset=utf-8}).
 * A failed or timed-out invocation gives an empty 500; the error is logged once with the invocation
 * id, never sent to the caller.
 */
final class ResponseWriter {
    static final String TEXT = "text/plain; charset=utf-8";
    static final String BYTES = "application/octet-stream";
    static final String JSON = "application/json; charset=utf-8";
    private static final byte[] EMPTY = new byte[0];
    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);

    private final ValueConverter converter;

    ResponseWriter(ValueConverter converter) {
        this.converter = converter;
    }

    void write(FunctionRoute route, InvocationResult result, HttpServletResponse response) throws IOException {
        if (result == null) {
            LOG.warn("HTTP function {}/{} returned no invocation result", route.app, route.function);
            writeEmpty(response, 500);
            return;
        }
        if (!result.succeeded()) {
            Throwable error = result.error();
            LOG.warn("HTTP function {}/{} invocation {} {}: {}", route.app, route.function, result.invocationId(),
                    result.status(), error == null ? "no error given" : error.toString(), error);
            writeEmpty(response, 500);
            return;
        }
        Object output = route.outputName == null ? null : result.output(route.outputName);
        try {
            writeOutput(output, response);
        } catch (RuntimeException e) {
            // e.g. a body Gson cannot serialize, or a broken HttpResponseMessage implementation
            LOG.warn("HTTP function {}/{} invocation {}: cannot write its response: {}", route.app, route.function,
                    result.invocationId(), e.toString(), e);
            if (!response.isCommitted()) {
                response.reset();
                writeEmpty(response, 500);
            }
        }
    }

    void writeOutput(Object output, HttpServletResponse response) throws IOException {
        if (output == null) {
            writeEmpty(response, 200);
            return;
        }
        int status = 200;
        String contentType = null;
        Object body = output;
        List<String> headers = null;
        if (output instanceof HttpResponseMessage) {
            HttpResponseMessage message = (HttpResponseMessage) output;
            status = message.getStatusCode();
            if (status < 100 || status > 999) {
                throw new IllegalArgumentException("HTTP status " + status + " is outside 100-999");
            }
            if (message instanceof HttpResponse) {
                headers = ((HttpResponse) message).headers();
            } else {
                contentType = message.getHeader("Content-Type");
            }
            body = message.getBody();
        }
        // compute the bytes before touching the response, so a conversion failure can still give a clean 500
        byte[] bytes;
        String defaultType;
        if (body == null) {
            bytes = EMPTY;
            defaultType = null;
        } else if (body instanceof String) {
            bytes = ((String) body).getBytes(StandardCharsets.UTF_8);
            defaultType = TEXT;
        } else if (body instanceof byte[]) {
            bytes = (byte[]) body;
            defaultType = BYTES;
        } else {
            bytes = converter.toJson(body).getBytes(StandardCharsets.UTF_8);
            defaultType = JSON;
        }
        response.setStatus(status);
        if (headers != null) {
            for (int i = 0; i < headers.size(); i += 2) {
                String name = headers.get(i);
                String value = headers.get(i + 1);
                if (value == null || !isSafe(name) || !isSafe(value) || "content-length".equalsIgnoreCase(name)) {
                    continue; // no header splitting; the length is ours to set
                }
                if ("content-type".equalsIgnoreCase(name)) {
                    contentType = value;
                } else {
                    response.setHeader(name, value);
                }
            }
        }
        if (contentType != null && isSafe(contentType)) {
            response.setContentType(contentType);
        } else if (defaultType != null && bytes.length > 0) {
            response.setContentType(defaultType);
        }
        if (status == 204 || status == 304 || status < 200) {
            return; // no body allowed
        }
        response.setContentLength(bytes.length);
        if (bytes.length > 0) {
            response.getOutputStream().write(bytes);
        }
    }

    static void writeEmpty(HttpServletResponse response, int status) {
        response.setStatus(status);
        response.setContentLength(0);
    }

    private static boolean isSafe(String s) {
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return false;
            }
        }
        return true;
    }
}
