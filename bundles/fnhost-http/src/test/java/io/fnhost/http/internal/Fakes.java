package io.fnhost.http.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.google.gson.Gson;
import com.microsoft.azure.functions.HttpRequestMessage;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.TriggerData;
import io.fnhost.spi.ValueConverter;

/** Small hand-written fakes: a Gson ValueConverter, descriptors, invokers, servlet request/response. */
final class Fakes {
    private Fakes() {
    }

    /** The worker's conversion rules, reduced to what these tests need. */
    static class GsonConverter implements ValueConverter {
        private final Gson gson = new Gson();
        final List<Type> conversions = new CopyOnWriteArrayList<>();

        @Override
        public Object convert(Object source, Type target) {
            conversions.add(target);
            if (target instanceof ParameterizedType && ((ParameterizedType) target).getRawType() == Optional.class) {
                Type inner = ((ParameterizedType) target).getActualTypeArguments()[0];
                return Optional.ofNullable(source == null ? null : convert(source, inner));
            }
            if (target == String.class) {
                return source instanceof byte[] ? new String((byte[]) source, StandardCharsets.UTF_8) : String.valueOf(source);
            }
            if (target == byte[].class) {
                return source instanceof String ? ((String) source).getBytes(StandardCharsets.UTF_8) : source;
            }
            String text = source instanceof byte[] ? new String((byte[]) source, StandardCharsets.UTF_8) : String.valueOf(source);
            try {
                return gson.fromJson(text, target);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot convert to " + target.getTypeName() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toJson(Object value) {
            return gson.toJson(value);
        }
    }

    /** A POJO body. */
    static final class Person {
        String name;
        int age;
        String nickname;

        Person() {
        }

        Person(String name, int age) {
            this.name = name;
            this.age = age;
        }
    }

    /** Type holder: {@code HttpRequestMessage<T>} parameter types without reflection on methods. */
    static Type requestOf(Type bodyType) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[] {bodyType};
            }

            @Override
            public Type getRawType() {
                return HttpRequestMessage.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
    }

    static Type optionalOf(Type inner) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[] {inner};
            }

            @Override
            public Type getRawType() {
                return Optional.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
    }

    /** A function descriptor built field by field. */
    static final class Fn implements FunctionDescriptor {
        String app = "app";
        String version = "1.0.0";
        long generation = 1;
        String name = "fn";
        BindingDTO trigger = Fakes.binding("httpTrigger", "in", "req");
        List<BindingDTO> others = new ArrayList<>(List.of(Fakes.binding("http", "out", "$return")));
        Type triggerType = requestOf(optionalOf(String.class));
        Map<String, Object> http = new LinkedHashMap<>();

        Fn(String app, String name) {
            this.app = app;
            this.name = name;
            // Azure's Maven plugin always writes authLevel for httpTrigger
            trigger.attributes.put("authLevel", "ANONYMOUS");
        }

        Fn route(String route) {
            trigger.attributes.put("route", route);
            return this;
        }

        Fn methods(String... methods) {
            trigger.attributes.put("methods", methods);
            return this;
        }

        Fn prefix(Object prefix) {
            http.put("routePrefix", prefix);
            return this;
        }

        Fn generation(long g) {
            generation = g;
            return this;
        }

        Fn body(Type bodyType) {
            triggerType = requestOf(bodyType);
            return this;
        }

        boolean disabled;

        Fn authLevel(String level) {
            trigger.attributes.put("authLevel", level);
            return this;
        }

        Fn disabled(boolean value) {
            disabled = value;
            return this;
        }

        @Override
        public boolean disabled() {
            return disabled;
        }

        @Override
        public String app() {
            return app;
        }

        @Override
        public String appVersion() {
            return version;
        }

        @Override
        public long generation() {
            return generation;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public FunctionDTO dto() {
            FunctionDTO dto = new FunctionDTO();
            dto.app = app;
            dto.name = name;
            return dto;
        }

        @Override
        public BindingDTO trigger() {
            return trigger;
        }

        @Override
        public BindingDTO binding(String type, String direction) {
            if (trigger.type.equals(type) && trigger.direction.equals(direction)) {
                return trigger;
            }
            return others.stream().filter(b -> b.type.equals(type) && b.direction.equals(direction)).findFirst().orElse(null);
        }

        @Override
        public Type parameterType(String bindingName) {
            return trigger.name.equals(bindingName) ? triggerType : null;
        }

        @Override
        public Map<String, Object> hostExtension(String extension) {
            return "http".equals(extension) ? http : Map.of();
        }
    }

    static BindingDTO binding(String type, String direction, String name) {
        BindingDTO b = new BindingDTO();
        b.type = type;
        b.direction = direction;
        b.name = name;
        return b;
    }

    /** Records the trigger data it receives and answers with {@code behaviour}. */
    static final class Invoker implements FunctionInvoker {
        final FunctionDescriptor function;
        final List<TriggerData> calls = new CopyOnWriteArrayList<>();
        volatile Function<TriggerData, InvocationResult> behaviour = data -> ok(null);

        Invoker(FunctionDescriptor function) {
            this.function = function;
        }

        @Override
        public FunctionDescriptor function() {
            return function;
        }

        @Override
        public InvocationResult invoke(TriggerData trigger) {
            calls.add(trigger);
            return behaviour.apply(trigger);
        }
    }

    static InvocationResult ok(Object returnValue) {
        return result(InvocationStatus.SUCCEEDED, null, Map.of(BindingDTO.RETURN, returnValue == null ? NULL : returnValue));
    }

    private static final Object NULL = new Object();

    static InvocationResult result(InvocationStatus status, Throwable error, Map<String, Object> outputs) {
        return new InvocationResult() {
            @Override
            public String invocationId() {
                return "inv-1";
            }

            @Override
            public InvocationStatus status() {
                return status;
            }

            @Override
            public Throwable error() {
                return error;
            }

            @Override
            public Object output(String bindingName) {
                Object v = outputs.get(bindingName);
                return v == NULL ? null : v;
            }
        };
    }

    // ---------------------------------------------------------------- servlet request and response

    /** A servlet request answering the few methods the dispatcher uses; others fail the test. */
    static final class Request {
        String method = "GET";
        String scheme = "http";
        String uri = "/";
        String query;
        String contextPath = "";
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        byte[] body;

        Request(String method, String uri) {
            this.method = method;
            int q = uri.indexOf('?');
            this.uri = q < 0 ? uri : uri.substring(0, q);
            this.query = q < 0 ? null : uri.substring(q + 1);
            header("Host", "localhost:8181");
        }

        Request header(String name, String value) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        Request body(String contentType, byte[] bytes) {
            if (contentType != null) {
                header("Content-Type", contentType);
            }
            this.body = bytes;
            return this;
        }

        Request body(String contentType, String text) {
            return body(contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        private String first(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        HttpServletRequest build() {
            return (HttpServletRequest) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "getMethod": return method;
                            case "getScheme": return scheme;
                            case "getRequestURI": return uri;
                            case "getQueryString": return query;
                            case "getContextPath": return contextPath;
                            case "getServerName": return "localhost";
                            case "getServerPort": return 8181;
                            case "getHeader": return first((String) args[0]);
                            case "getHeaderNames": return Collections.enumeration(headers.keySet());
                            case "getHeaders": {
                                List<String> v = headers.get(args[0]);
                                return Collections.enumeration(v == null ? List.of() : v);
                            }
                            case "getContentType": return first("Content-Type");
                            case "getCharacterEncoding": {
                                String ct = first("Content-Type");
                                int i = ct == null ? -1 : ct.toLowerCase().indexOf("charset=");
                                return i < 0 ? null : ct.substring(i + 8).trim();
                            }
                            case "getContentLengthLong": return body == null ? -1L : (long) body.length;
                            case "getInputStream": return input(body == null ? new byte[0] : body);
                            case "toString": return "FakeRequest " + method + " " + uri;
                            case "hashCode": return System.identityHashCode(proxy);
                            case "equals": return proxy == args[0];
                            default: throw new UnsupportedOperationException("fake request: " + m.getName());
                        }
                    });
        }
    }

    private static ServletInputStream input(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener readListener) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** Records what the dispatcher writes. */
    static final class Response {
        int status = 200;
        String contentType;
        long contentLength = -1;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean committed;

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse build() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    committed = true;
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    committed = true;
                    body.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener writeListener) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus": status = (Integer) args[0]; return null;
                            case "setContentType": contentType = (String) args[0]; return null;
                            case "setContentLength": contentLength = (Integer) args[0]; return null;
                            case "setHeader": headers.put((String) args[0], (String) args[1]); return null;
                            case "getOutputStream": return out;
                            case "isCommitted": return committed;
                            case "reset": {
                                if (committed) {
                                    throw new IllegalStateException("committed");
                                }
                                status = 200;
                                contentType = null;
                                contentLength = -1;
                                headers.clear();
                                body.reset();
                                return null;
                            }
                            case "hashCode": return System.identityHashCode(proxy);
                            case "equals": return proxy == args[0];
                            case "toString": return "FakeResponse";
                            default: throw new UnsupportedOperationException("fake response: " + m.getName());
                        }
                    });
        }
    }
}
