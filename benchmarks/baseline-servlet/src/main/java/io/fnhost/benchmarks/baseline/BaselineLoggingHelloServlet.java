package io.fnhost.benchmarks.baseline;

import java.io.IOException;
import java.util.logging.Logger;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The baseline servlet plus the one thing {@code examples/hello} does besides answering: an INFO line
 * per request through {@code java.util.logging} (which Pax Logging writes to karaf.log). Comparing the
 * function against both servlets separates the cost of the log line from the cost of fnhost's dispatch.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/baseline/hello-logged")
@HttpWhiteboardServletName("fnhost-benchmarks:baseline-hello-logged")
public class BaselineLoggingHelloServlet extends BaselineHelloServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger("Function.baseline");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LOG.info("Java HTTP trigger processed a request.");
        super.doGet(request, response);
    }
}
