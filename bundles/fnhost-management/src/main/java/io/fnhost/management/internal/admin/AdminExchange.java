package io.fnhost.management.internal.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fnhost.spi.FunctionKeys;

/**
 * One admin API request and its response: route values, query parameters, the JSON body (bounded)
 * and JSON answers. Every answer is {@code application/json; charset=utf-8} (or empty) and carries
 * {@code Cache-Control: no-store}: admin answers hold keys and live state, neither may be cached.
 */
final class AdminExchange {
    static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";
    /** Header carrying a function key; wins over the {@code code} query parameter, as on Azure. */

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final ObjectMapper mapper;
    private final long maxRequestBodyBytes;
    private Map<String, String> routeValues = Map.of();

    AdminExchange(HttpServletRequest request, HttpServletResponse response, ObjectMapper mapper, long maxRequestBodyBytes) {
        this.request = request;
        this.response = response;
        this.mapper = mapper;
        this.maxRequestBodyBytes = maxRequestBodyBytes;
    }

    void routeValues(Map<String, String> values) {
        this.routeValues = values;
    }

    /** The value of route parameter {@code {name}} of the matched template. */
    String route(String name) {
        return routeValues.get(name);
    }

    /** A query parameter, or {@code null} when absent. */
    String query(String name) {
        return request.getParameter(name);
    }

    String method() {
        return request.getMethod();
    }

    /** The key the caller presented ({@link FunctionKeys#presentedKey}): never read from a form body. */
    String presentedKey() {
        return FunctionKeys.presentedKey(request.getHeader(FunctionKeys.KEY_HEADER), request.getQueryString());
    }

    /** This request's URL without its query: the {@code self} link of Azure's key payloads. */
    String requestUrl() {
        return request.getRequestURL().toString();
    }

    /** {@code scheme://host:port} plus the servlet context path: where {@code /admin} and {@code /api} live. */
    String baseUrl() {
        String url = request.getRequestURL().toString();
        String uri = request.getRequestURI();
        String origin = url.endsWith(uri) ? url.substring(0, url.length() - uri.length()) : url;
        return origin + request.getContextPath();
    }

    ObjectNode newObject() {
        return mapper.createObjectNode();
    }

    ArrayNode newArray() {
        return mapper.createArrayNode();
    }

    /** A DTO (public fields) as JSON; {@code null} fields are left out. */
    JsonNode toJson(Object dto) {
        return mapper.valueToTree(dto);
    }

    /**
     * The request body as a JSON object.
     *
     * @throws ApiProblem 400 when the body is missing, not JSON or not an object; 413 when it is larger
     *         than the configured limit
     */
    ObjectNode readJsonObject(String expected) throws IOException {
        byte[] body = readBody();
        if (body.length == 0) {
            throw ApiProblem.badRequest("missing body", "This endpoint needs a JSON body: " + expected + ".");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("invalid JSON", "The body is not valid JSON (" + e.getOriginalMessage()
                    + "). Send " + expected + ".");
        }
        if (node == null || !node.isObject()) {
            throw ApiProblem.badRequest("invalid body", "The body must be a JSON object: " + expected + ".");
        }
        return (ObjectNode) node;
    }

    /**
     * The raw request body, at most the configured limit.
     *
     * @throws ApiProblem 413 when it is larger than the limit
     */
    byte[] readBody() throws IOException {
        if (request.getContentLengthLong() > maxRequestBodyBytes) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, maxRequestBodyBytes + 1));
        }
        if (body.length > maxRequestBodyBytes) {
            throw tooLarge();
        }
        return body;
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(413, "body too large", "The request body is larger than " + maxRequestBodyBytes
                + " bytes, the admin API's limit (configuration io.fnhost.management.AdminApi, maxRequestBodyBytes).");
    }

    /** The request's servlet view, for endpoints that stream a body of their own (uploads). */
    HttpServletRequest request() {
        return request;
    }

    void setHeader(String name, String value) {
        response.setHeader(name, value);
    }

    /** Answers {@code status} with {@code body} as JSON. */
    void json(int status, JsonNode body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType(JSON_CONTENT_TYPE);
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    /** Answers {@code status} with no body. */
    void empty(int status) {
        response.setStatus(status);
        response.setContentLength(0);
    }

    /** Answers a problem as {@code {"error", "detail"}}. */
    void problem(ApiProblem problem) throws IOException {
        ObjectNode body = newObject();
        body.put("error", problem.error());
        body.put("detail", problem.detail());
        json(problem.status(), body);
    }
}
