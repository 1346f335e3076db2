package ${package};

import java.util.HashMap;
import java.util.Map;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;

/**
 * A plain {@link HttpResponseMessage} and builder for unit tests: what
 * {@code HttpRequestMessage.createResponseBuilder} hands out when the request is a mock, as in
 * Azure's own Java samples.
 */
public class HttpResponseMessageMock implements HttpResponseMessage {

    private final HttpStatusType status;
    private final Map<String, String> headers;
    private final Object body;

    public HttpResponseMessageMock(HttpStatusType status, Map<String, String> headers, Object body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    @Override
    public HttpStatusType getStatus() {
        return status;
    }

    @Override
    public int getStatusCode() {
        return status.value();
    }

    @Override
    public String getHeader(String key) {
        return headers.get(key);
    }

    @Override
    public Object getBody() {
        return body;
    }

    /** The builder a mocked request returns from {@code createResponseBuilder}. */
    public static class Builder implements HttpResponseMessage.Builder {

        private final Map<String, String> headers = new HashMap<>();
        private HttpStatusType status;
        private Object body;

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
            return new HttpResponseMessageMock(status, headers, body);
        }
    }
}
