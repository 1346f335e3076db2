package io.fnhost.http.internal;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The whiteboard servlet of one route prefix. Thin: every method (PATCH included, which
 * {@link HttpServlet} would refuse) goes to the shared {@link HttpDispatcher}.
 */
final class DispatchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient HttpDispatcher dispatcher;

    DispatchServlet(HttpDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        dispatcher.dispatch(req, resp);
    }
}
