package io.fnhost.http.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;

/**
 * The {@link HttpResponseMessage} that {@code createResponseBuilder} builds. Header names compare
 * case-insensitively; setting a header again replaces it. Unlike foreign implementations (of which
 * only {@code Content-Type} can be read), all its headers reach the HTTP response.
 */
final class HttpResponse implements HttpResponseMessage {
    private final HttpStatusType status;
    /** name, value, name, value... in the order first set. */
    private final List<String> headers;
    private final Object body;

    private HttpResponse(HttpStatusType status, List<String> headers, Object body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    @Override
    public HttpStatusType getStatus() {
        return status;
    }

    @Override
    public String getHeader(String name) {
        return find(headers, name);
    }

    @Override
    public Object getBody() {
        return body;
    }

    /** Header names and values, alternating. */
    List<String> headers() {
        return headers;
    }

    private static String find(List<String> headers, String name) {
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }

    /** Builder with status 200 unless told otherwise. Not thread-safe, like any builder. */
    static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final List<String> headers = new ArrayList<>(4);
        private Object body;

        Builder(HttpStatusType status) {
            this.status = Objects.requireNonNull(status, "status");
        }

        @Override
        public Builder status(HttpStatusType status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        @Override
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "header name");
            for (int i = 0; i < headers.size(); i += 2) {
                if (headers.get(i).equalsIgnoreCase(name)) {
                    headers.set(i + 1, value);
                    return this;
                }
            }
            headers.add(name);
            headers.add(value);
            return this;
        }

        @Override
        public Builder body(Object body) {
            this.body = body;
            return this;
        }

        @Override
        public HttpResponse build() {
            return new HttpResponse(status, Collections.unmodifiableList(new ArrayList<>(headers)), body);
        }
    }
}
