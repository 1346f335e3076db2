package io.fnhost.management.internal.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fnhost.management.internal.admin.AdminRouter.Access;
import io.fnhost.spi.QueueAdmin;
import io.fnhost.spi.QueueDTO;

/**
 * fnhost's queue endpoints (not part of Azure's admin API, whose queues live in Azure Storage):
 * {@code GET /admin/queues}, {@code POST /admin/queues/{name}/messages} and
 * {@code POST /admin/queues/{name}-poison/redrive}. They call the optional {@link QueueAdmin} of the queue
 * extension; while it is absent they answer 503.
 */
final class QueuesResource implements AdminResource {
    private final Supplier<QueueAdmin> queueAdmin;

    QueuesResource(Supplier<QueueAdmin> queueAdmin) {
        this.queueAdmin = queueAdmin;
    }

    @Override
    public void addRoutes(AdminRouter.Builder routes) {
        routes.add("GET", "queues", Access.MASTER_KEY, this::list);
        routes.add("POST", "queues/{name}/messages", Access.MASTER_KEY, this::enqueue);
        routes.add("POST", "queues/{name}/redrive", Access.MASTER_KEY, this::redrive);
    }

    private void list(AdminExchange exchange) throws IOException {
        ArrayNode body = exchange.newArray();
        for (QueueDTO queue : call(admin -> admin.queues())) {
            body.add(exchange.toJson(queue));
        }
        exchange.json(200, body);
    }

    private void enqueue(AdminExchange exchange) throws IOException {
        String queue = exchange.route("name");
        String text = new String(exchange.readBody(), StandardCharsets.UTF_8);
        String id = call(admin -> admin.enqueue(queue, text));
        ObjectNode body = exchange.newObject();
        body.put("id", id);
        body.put("queue", queue);
        exchange.json(201, body);
    }

    private void redrive(AdminExchange exchange) throws IOException {
        String queue = exchange.route("name");
        int moved = call(admin -> admin.redrive(queue));
        ObjectNode body = exchange.newObject();
        body.put("queue", queue);
        body.put("target", queue.substring(0, queue.length() - QueueAdmin.POISON_SUFFIX.length()));
        body.put("moved", moved);
        exchange.json(200, body);
    }

    /** Runs {@code operation} on the queue admin, turning its refusals into admin API problems. */
    private <T> T call(java.util.function.Function<QueueAdmin, T> operation) {
        QueueAdmin admin = queueAdmin.get();
        if (admin == null) {
            throw unavailable("The queue extension is not running on this node: install the fnhost-queue feature "
                    + "(part of fnhost-worker) or check bundle io.fnhost.queue in karaf.log.");
        }
        try {
            return operation.apply(admin);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid queue name", e.getMessage());
        } catch (NoSuchElementException e) {
            throw ApiProblem.notFound("queue not found", e.getMessage());
        } catch (IllegalStateException e) {
            throw unavailable(e.getMessage());
        }
    }

    private static ApiProblem unavailable(String detail) {
        return new ApiProblem(503, "queues unavailable", detail);
    }
}
