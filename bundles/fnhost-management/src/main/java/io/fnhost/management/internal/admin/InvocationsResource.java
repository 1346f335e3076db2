package io.fnhost.management.internal.admin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ArrayNode;

import io.fnhost.cluster.ClusterInvocations;
import io.fnhost.management.internal.admin.AdminRouter.Access;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.InvocationRecordDTO;

/**
 * fnhost's own {@code GET /admin/invocations?function=&limit=}: the newest invocation records first,
 * as the host keeps them (a bounded in-memory store). Not part of Azure's admin API.
 * <p>
 * In a cluster the records of the other nodes are merged in (a management node runs no functions: its
 * workers hold the records); nodes that did not answer in time are named in the header
 * {@value #UNANSWERED_HEADER}.
 */
final class InvocationsResource implements AdminResource {
    static final int DEFAULT_LIMIT = 100;
    /** Names the nodes whose records are missing from the answer (comma-separated), when any. */
    static final String UNANSWERED_HEADER = "X-Fnhost-Unanswered-Nodes";
    private static final Logger LOG = LoggerFactory.getLogger(InvocationsResource.class);

    private final FunctionRuntime runtime;
    private final Supplier<ClusterInvocations> cluster;
    private final int maxLimit;

    /**
     * @param cluster the other nodes' records while this node is in a cluster, else null
     */
    InvocationsResource(FunctionRuntime runtime, Supplier<ClusterInvocations> cluster, int maxLimit) {
        this.runtime = runtime;
        this.cluster = cluster;
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
        List<InvocationRecordDTO> records = new ArrayList<>(runtime.invocations(function, limit));
        ClusterInvocations others = cluster.get();
        if (others != null) {
            List<String> unanswered;
            try {
                ClusterInvocations.Answer answer = others.invocations(function, limit);
                records.addAll(answer.records());
                unanswered = answer.unanswered();
            } catch (RuntimeException e) {
                // the cluster member is stopping: this node's records are still an answer
                LOG.debug("Cannot ask the cluster for invocation records: {}", e.toString());
                unanswered = List.of("cluster");
            }
            if (!unanswered.isEmpty()) {
                exchange.setHeader(UNANSWERED_HEADER, String.join(",", unanswered));
            }
            records.sort(ClusterInvocations.NEWEST_FIRST);
        }
        ArrayNode body = exchange.newArray();
        for (InvocationRecordDTO record : records.subList(0, Math.min(limit, records.size()))) {
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
