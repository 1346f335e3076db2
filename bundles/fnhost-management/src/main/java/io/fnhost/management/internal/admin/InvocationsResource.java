package io.fnhost.management.internal.admin;

import java.io.IOException;

import com.fasterxml.jackson.databind.node.ArrayNode;

import io.fnhost.management.internal.admin.AdminRouter.Access;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.InvocationRecordDTO;

/**
 * fnhost's own {@code GET /admin/invocations?function=&limit=}: the newest invocation records first,
 * as the host keeps them (a bounded in-memory store). Not part of Azure's admin API.
 */
final class InvocationsResource implements AdminResource {
    static final int DEFAULT_LIMIT = 100;

    private final FunctionRuntime runtime;
    private final int maxLimit;

    InvocationsResource(FunctionRuntime runtime, int maxLimit) {
        this.runtime = runtime;
        this.maxLimit = maxLimit;
    }

    @Override
    public void addRoutes(AdminRouter.Builder routes) {
        routes.add("GET", "invocations", Access.MASTER_KEY_RUNNING_HOST, this::list);
    }

    private void list(AdminExchange exchange) throws IOException {
        int limit = limit(exchange.query("limit"));
        String function = exchange.query("function");
        if (function != null && function.isBlank()) {
            function = null;
        }
        ArrayNode body = exchange.newArray();
        for (InvocationRecordDTO record : runtime.invocations(function, limit)) {
            body.add(exchange.toJson(record));
        }
        exchange.json(200, body);
    }

    private int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > maxLimit) {
            throw ApiProblem.badRequest("invalid limit", "limit must be a whole number from 1 to " + maxLimit
                    + " (default " + DEFAULT_LIMIT + "), not '" + text + "'.");
        }
        return limit;
    }
}
