package io.fnhost.itests.framework;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;

import io.fnhost.spi.TriggerData;

/**
 * The HTTP request a test hands a function as its trigger value, standing in for fnhost-http
 * (not installed in this framework).
 */
final class TestHttpRequest implements HttpRequestMessage<Optional<String>> {
    private final URI uri;

    TestHttpRequest(String path) {
        this.uri = URI.create("http://localhost/api/" + path);
    }

    /** Trigger data whose value is a GET of {@code path} and whose metadata are {@code routeParams}. */
    static TriggerData get(String path, Map<String, String> routeParams) {
        TestHttpRequest request = new TestHttpRequest(path);
        Map<String, Object> metadata = new HashMap<>(routeParams);
        return new TriggerData() {
            @Override
            public Object value() {
                return request;
            }

            @Override
            public Object metadata(String name) {
                return metadata.get(name);
            }
        };
    }

    @Override
    public URI getUri() {
        return uri;
    }

    @Override
    public HttpMethod getHttpMethod() {
        return HttpMethod.GET;
    }

    @Override
    public Map<String, String> getHeaders() {
        return Map.of();
    }

    @Override
    public Map<String, String> getQueryParameters() {
        return Map.of();
    }

    @Override
    public Optional<String> getBody() {
        return Optional.empty();
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return createResponseBuilder((HttpStatusType) status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new Response(status);
    }

    private static final class Response implements HttpResponseMessage, HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new HashMap<>();
        private Object body;

        Response(HttpStatusType status) {
            this.status = status;
        }

        @Override
        public HttpResponseMessage.Builder status(HttpStatusType status) {
            this.status = status;
            return this;
        }

        @Override
        public HttpResponseMessage.Builder header(String key, String value) {
            headers.put(key, value);
            return this;
        }

        @Override
        public HttpResponseMessage.Builder body(Object body) {
            this.body = body;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            return this;
        }

        @Override
        public HttpStatusType getStatus() {
            return status;
        }

        @Override
        public String getHeader(String key) {
            return headers.get(key);
        }

        @Override
        public Object getBody() {
            return body;
        }
    }
}
