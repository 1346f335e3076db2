package io.fnhost.benchmarks.baseline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The load benchmark's baseline: what {@code examples/hello} answers to {@code GET ?name=Ada}
 * ({@code 200}, {@code text/plain; charset=utf-8}, {@code Hello, Ada}), written directly as a servlet
 * on the same Jetty, in the same (default) whiteboard context, with nothing of fnhost in between.
 * The servlet name is unique: Pax Web drops a second unnamed servlet.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/baseline/hello")
@HttpWhiteboardServletName("fnhost-benchmarks:baseline-hello")
public class BaselineHelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        if (name == null) {
            write(response, 400, "Please pass a name on the query string or in the request body");
            return;
        }
        write(response, 200, "Hello, " + name);
    }

    private static void write(HttpServletResponse response, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
