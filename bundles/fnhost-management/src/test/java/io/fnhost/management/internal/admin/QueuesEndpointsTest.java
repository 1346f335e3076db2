package io.fnhost.management.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fnhost.spi.QueueAdmin;
import io.fnhost.spi.QueueDTO;

/** fnhost's {@code /admin/queues} endpoints over real HTTP, with and without the queue extension. */
class QueuesEndpointsTest extends AdminApiHttpTest {

    /** Queues in memory, checking names as the real one does. */
    static final class InMemoryQueueAdmin implements QueueAdmin {
        final Map<String, List<String>> queues = new LinkedHashMap<>();

        @Override
        public List<QueueDTO> queues() {
            List<QueueDTO> list = new ArrayList<>();
            queues.forEach((name, messages) -> {
                if (!name.endsWith(POISON_SUFFIX)) {
                    QueueDTO dto = new QueueDTO();
                    dto.name = name;
                    dto.messages = messages.size();
                    dto.poisonMessages = queues.getOrDefault(name + POISON_SUFFIX, List.of()).size();
                    list.add(dto);
                }
            });
            return list;
        }

        @Override
        public String enqueue(String queue, String text) {
            if (!queue.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("'" + queue + "' is not a valid queue name: use 3 to 63 characters");
            }
            queues.computeIfAbsent(queue, q -> new ArrayList<>()).add(text);
            return "id-" + queues.get(queue).size();
        }

        @Override
        public int redrive(String poisonQueue) {
            if (!poisonQueue.endsWith(POISON_SUFFIX)) {
                throw new IllegalArgumentException("'" + poisonQueue + "' is not a poison queue");
            }
            List<String> poison = queues.get(poisonQueue);
            if (poison == null) {
                throw new NoSuchElementException("There is no queue '" + poisonQueue + "'.");
            }
            String target = poisonQueue.substring(0, poisonQueue.length() - POISON_SUFFIX.length());
            queues.computeIfAbsent(target, q -> new ArrayList<>()).addAll(poison);
            int moved = poison.size();
            poison.clear();
            return moved;
        }

        @Override
        public String toString() {
            return queues.toString();
        }
    }

    final InMemoryQueueAdmin queues = new InMemoryQueueAdmin();

    @Test
    void withoutTheQueueExtensionEveryEndpointAnswers503() throws Exception {
        assertProblem(get("/admin/queues"), 503, "queues unavailable", "fnhost-queue");
        assertProblem(post("/admin/queues/orders/messages", "hello"), 503, "queues unavailable", "fnhost-queue");
        assertProblem(post("/admin/queues/orders-poison/redrive", null), 503, "queues unavailable", "fnhost-queue");
    }

    @Test
    void enqueuesTheBodyAsSentAndAnswers201WithTheId() throws Exception {
        queueAdmin.set(queues);
        Response response = call("POST", "/admin/queues/orders/messages", MASTER_KEY, "{\"city\":\"Oslo\"} ünïcode");
        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.path("id").asText()).isEqualTo("id-1");
        assertThat(body.path("queue").asText()).isEqualTo("orders");
        assertThat(queues.queues.get("orders")).containsExactly("{\"city\":\"Oslo\"} ünïcode");
    }

    @Test
    void listsQueuesWithDepthAndPoisonCounts() throws Exception {
        queueAdmin.set(queues);
        queues.enqueue("orders", "a");
        queues.enqueue("orders", "b");
        queues.enqueue("orders-poison", "c");
        JsonNode body = get("/admin/queues").json();
        assertThat(body).hasSize(1);
        assertThat(body.get(0).path("name").asText()).isEqualTo("orders");
        assertThat(body.get(0).path("messages").asLong()).isEqualTo(2);
        assertThat(body.get(0).path("poisonMessages").asLong()).isEqualTo(1);
    }

    @Test
    void redriveAnswers200WithTheCount() throws Exception {
        queueAdmin.set(queues);
        queues.enqueue("orders-poison", "c");
        queues.enqueue("orders-poison", "d");
        Response response = post("/admin/queues/orders-poison/redrive", null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("moved").asInt()).isEqualTo(2);
        assertThat(response.json().path("target").asText()).isEqualTo("orders");
        assertThat(queues.queues.get("orders")).containsExactly("c", "d");
    }

    @Test
    void badNamesAre400AndUnknownPoisonQueues404() throws Exception {
        queueAdmin.set(queues);
        assertProblem(post("/admin/queues/Bad_Name/messages", "x"), 400, "invalid queue name", "3 to 63");
        assertProblem(post("/admin/queues/orders/redrive", null), 400, "invalid queue name", "not a poison queue");
        assertProblem(post("/admin/queues/none-poison/redrive", null), 404, "queue not found", "none-poison");
    }

    @Test
    void needTheMasterKey() throws Exception {
        queueAdmin.set(queues);
        assertThat(call("GET", "/admin/queues", null, null).status()).isEqualTo(401);
        assertThat(call("POST", "/admin/queues/orders/messages", "wrong", "x").status()).isEqualTo(401);
        assertThat(queues.queues).isEmpty();
    }

    @Test
    void bodiesAboveTheLimitAre413() throws Exception {
        queueAdmin.set(queues);
        assertThat(post("/admin/queues/orders/messages", "x".repeat((int) MAX_BODY_BYTES + 1)).status()).isEqualTo(413);
    }
}
