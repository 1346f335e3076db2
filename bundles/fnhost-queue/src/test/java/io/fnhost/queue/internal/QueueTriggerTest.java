package io.fnhost.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fnhost.queue.internal.TestFunction.Outcome;
import io.fnhost.spi.BindingException;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.QueueDTO;
import io.fnhost.spi.TriggerData;
import io.fnhost.spi.TriggerListener;

/**
 * The queue trigger and output against a real Artemis broker (embedded, persistent journal in a temp
 * folder): Azure's dequeue counting, poison queue, visibility timeout, encodings, concurrency bound,
 * outputs only on success, and the admin operations.
 */
class QueueTriggerTest {
    private static final long WAIT_SECONDS = 20;

    @TempDir
    Path journal;
    EmbeddedBroker broker;
    BrokerConnections brokers;
    QueueTriggerProvider triggers;
    QueueOutputBindingProvider outputs;
    ArtemisQueueAdmin admin;
    final List<TriggerListener> started = new ArrayList<>();
    final List<AutoCloseable> closeLast = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        startBroker(journal);
    }

    private void startBroker(Path dir) throws IOException {
        broker = new EmbeddedBroker(true, "127.0.0.1", freePort(), dir, 32);
        broker.awaitStarted(30_000);
        brokers = new BrokerConnections(broker);
        triggers = new QueueTriggerProvider(brokers, TestFunction.CONVERTER);
        outputs = new QueueOutputBindingProvider(brokers, TestFunction.CONVERTER);
        admin = new ArtemisQueueAdmin(broker, brokers);
    }

    @AfterEach
    void stopAll() throws Exception {
        stopBroker();
        for (AutoCloseable c : closeLast) {
            c.close();
        }
    }

    private void stopBroker() {
        started.forEach(TriggerListener::stop);
        started.clear();
        brokers.close();
        broker.stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private TriggerListener start(TestFunction function) throws BindingException {
        TriggerListener listener = triggers.start(function);
        started.add(listener);
        return listener;
    }

    /** Sends raw stored text (as another client or Azure's tooling would) with optional properties. */
    private void sendRaw(String queue, String storedText, Map<String, Object> properties) throws Exception {
        BrokerConnection connection = brokers.embedded();
        try (ClientSession session = connection.transactedSession(); ClientProducer producer = session.createProducer()) {
            connection.ensureQueue(session, queue);
            ClientMessage message = QueueMessages.newMessage(session, storedText);
            properties.forEach((k, v) -> message.putObjectProperty(k, v));
            producer.send(SimpleString.of(queue), message);
            session.commit();
        }
    }

    /** The stored texts of up to {@code count} messages of {@code queue} (and one more if it is there at once). */
    private List<String> take(String queue, int count) throws Exception {
        return consume(queue, count, true, QueueMessages::text);
    }

    /**
     * Up to {@code count} messages of {@code queue}, consumed, waiting for each; with {@code oneMore}, also a
     * message beyond {@code count} already there, so that a test sees a duplicate.
     */
    private <T> List<T> consume(String queue, int count, boolean oneMore, Function<ClientMessage, T> read)
            throws Exception {
        List<T> taken = new ArrayList<>();
        BrokerConnection connection = brokers.embedded();
        try (ClientSession session = connection.transactedSession()) {
            connection.ensureQueue(session, queue);
            try (ClientConsumer consumer = session.createConsumer(queue)) {
                session.start();
                for (int i = 0; i < count; i++) {
                    ClientMessage m = consumer.receive(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
                    if (m == null) {
                        break;
                    }
                    taken.add(read.apply(m));
                    m.acknowledge();
                }
                ClientMessage extra = oneMore ? consumer.receiveImmediate() : null;
                if (extra != null) {
                    taken.add(read.apply(extra));
                    extra.acknowledge();
                }
                session.commit();
            }
        }
        return taken;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String text) {
        return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }

    private QueueDTO queue(String name) {
        return admin.queues().stream().filter(q -> q.name.equals(name)).findFirst().orElseThrow();
    }

    /**
     * Waits until the broker counts {@code expected} messages in {@code name}: Artemis adds a routed
     * message to its queue's count, and drops an acknowledged one, on its own executor, a moment after
     * the client's send or commit returned.
     */
    private void awaitMessages(String name, long expected) {
        Awaitility.await().atMost(Duration.ofSeconds(WAIT_SECONDS)).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(queue(name).messages).isEqualTo(expected));
    }

    // ---- delivery and metadata

    @Test
    void deliversTheDecodedTextWithAzureMetadata() throws Exception {
        BlockingQueue<TriggerData> seen = new LinkedBlockingQueue<>();
        TestFunction fn = new TestFunction("orders", "orders");
        fn.body = data -> {
            seen.add(data);
            return Outcome.ok();
        };
        start(fn);
        String id = admin.enqueue("orders", "{\"city\":\"Oslo\",\"n\":3,\"tags\":[1]}");

        TriggerData data = seen.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(data).isNotNull();
        assertThat(data.value()).isEqualTo("{\"city\":\"Oslo\",\"n\":3,\"tags\":[1]}");
        assertThat(data.metadata("Id")).isEqualTo(id);
        assertThat(data.metadata("DequeueCount")).isEqualTo(1L);
        assertThat(data.metadata("QueueTrigger")).isEqualTo(data.value());
        assertThat(data.metadata("city")).isEqualTo("Oslo");
        assertThat(data.metadata("n")).isEqualTo("3");
        assertThat(data.metadata("tags")).isEqualTo("[1]");
        assertThat(data.metadata("missing")).isNull();
        assertThat((String) data.metadata("InsertionTime")).endsWith("Z");
        assertThat((String) data.metadata("ExpirationTime")).endsWith("Z");
        assertThat((String) data.metadata("NextVisibleTime")).endsWith("Z");
        assertThat(data.metadata("PopReceipt")).isNotNull();
    }

    @Test
    void binaryParametersGetTheDecodedBytes() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        TestFunction fn = new TestFunction("bytes", "bytes-in");
        fn.triggerType = byte[].class;
        fn.body = data -> {
            seen.add(data.value());
            return Outcome.ok();
        };
        start(fn);
        sendRaw("bytes-in", Base64.getEncoder().encodeToString(new byte[] { 0, (byte) 0xff, 7 }), Map.of());
        assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(new byte[] { 0, (byte) 0xff, 7 });
    }

    // ---- encodings

    @Test
    void base64IsDecodedByDefaultAndNoneIsTakenAsIs() throws Exception {
        BlockingQueue<Object> base64Seen = new LinkedBlockingQueue<>();
        TestFunction base64 = new TestFunction("b64", "enc-b64");
        base64.body = data -> {
            base64Seen.add(data.value());
            return Outcome.ok();
        };
        BlockingQueue<Object> noneSeen = new LinkedBlockingQueue<>();
        TestFunction none = new TestFunction("none", "enc-none");
        none.queuesSection.put("messageEncoding", "none");
        none.body = data -> {
            noneSeen.add(data.value());
            return Outcome.ok();
        };
        start(base64);
        start(none);
        sendRaw("enc-b64", b64("héllo wörld"), Map.of());
        sendRaw("enc-none", "plain text", Map.of());
        assertThat(base64Seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("héllo wörld");
        assertThat(noneSeen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("plain text");
    }

    @Test
    void outputsAreEncodedAsTheWritingAppSays() throws Exception {
        TestFunction base64 = new TestFunction("w64", "w64-in").output("out", "w64-out");
        base64.body = data -> Outcome.ok("out", "héllo");
        TestFunction none = new TestFunction("wnone", "wnone-in").output("out", "wnone-out");
        none.queuesSection.put("messageEncoding", "none");
        none.body = data -> Outcome.ok("out", "héllo");
        outputs.bind(base64, base64.outputBinding("out"));
        outputs.bind(none, none.outputBinding("out"));
        start(base64);
        start(none);
        admin.enqueue("w64-in", "go");
        sendRaw("wnone-in", "go", Map.of());
        assertThat(take("w64-out", 1)).containsExactly(b64("héllo"));
        assertThat(take("wnone-out", 1)).containsExactly("héllo");
    }

    @Test
    void textThatIsNotBase64GoesStraightToPoisonWithoutAnInvocation() throws Exception {
        AtomicInteger invocations = new AtomicInteger();
        TestFunction fn = new TestFunction("strict", "strict");
        fn.body = data -> {
            invocations.incrementAndGet();
            return Outcome.ok();
        };
        start(fn);
        sendRaw("strict", "not base64 at all!", Map.of());
        assertThat(take("strict-poison", 1)).containsExactly("not base64 at all!");
        assertThat(invocations).hasValue(0);
    }

    // ---- dequeue counting and poison

    @Test
    void poisonAfterExactlyMaxDequeueCountAttempts() throws Exception {
        List<Object> counts = new CopyOnWriteArrayList<>();
        TestFunction fn = new TestFunction("fails", "work");
        fn.queuesSection.put("maxDequeueCount", 3);
        fn.body = data -> {
            counts.add(data.metadata("DequeueCount"));
            return Outcome.failed();
        };
        start(fn);
        String id = admin.enqueue("work", "doomed");

        assertThat(take("work-poison", 1)).containsExactly(b64("doomed"));
        // the move to poison commits with the third attempt's acknowledgement: no fourth can follow
        assertThat(counts).containsExactly(1L, 2L, 3L);
        awaitMessages("work", 0);
        assertThat(id).isNotBlank();
    }

    @Test
    void aMessageArrivingAboveMaxDequeueCountGoesStraightToPoison() throws Exception {
        AtomicInteger invocations = new AtomicInteger();
        TestFunction fn = new TestFunction("late", "tired");
        fn.body = data -> {
            invocations.incrementAndGet();
            return Outcome.ok();
        };
        start(fn);
        sendRaw("tired", b64("again"), Map.of(QueueMessages.EARLIER_DEQUEUES, 9));
        assertThat(take("tired-poison", 1)).containsExactly(b64("again"));
        assertThat(invocations).hasValue(0);
    }

    /** A message as it lies in a queue: type, body bytes and properties. */
    private record Stored(byte type, byte[] body, Map<String, Object> properties) {
    }

    /** Up to {@code count} messages of {@code queue} as they are, consumed, waiting for each. */
    private List<Stored> takeAsIs(String queue, int count) throws Exception {
        return consume(queue, count, false, m -> {
            byte[] body = new byte[m.getBodyBuffer().readableBytes()];
            m.getBodyBuffer().readBytes(body);
            return new Stored(m.getType(), body, m.toPropertyMap());
        });
    }

    @Test
    void anUnreadableMessageIsPoisonedAfterMaxDequeueCountDeliveriesAndTheListenerGoesOn() throws Exception {
        BlockingQueue<Object> invoked = new LinkedBlockingQueue<>();
        TestFunction fn = new TestFunction("careful", "garbled");
        fn.queuesSection.put("maxDequeueCount", 3);
        fn.body = data -> {
            invoked.add(data.value());
            return Outcome.ok();
        };
        start(fn);
        // a text message whose body is raw bytes, not a string: "not null", then a length of 1000, then one byte
        byte[] rawBody = { 1, 0, 0, 3, (byte) 0xe8, 'x' };
        BrokerConnection connection = brokers.embedded();
        try (ClientSession session = connection.transactedSession(); ClientProducer producer = session.createProducer()) {
            ClientMessage garbled = session.createMessage(Message.TEXT_TYPE, true);
            garbled.getBodyBuffer().writeBytes(rawBody);
            producer.send(SimpleString.of("garbled"), garbled);
            session.commit();
        }
        // a sender that set a property fnhost keeps itself (the insertion time) to text
        sendRaw("garbled", b64("dated"), Map.of(QueueMessages.INSERTION_TIME, "yesterday"));
        admin.enqueue("garbled", "fine");

        assertThat(invoked.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("fine");
        List<Stored> poisoned = takeAsIs("garbled-poison", 2);
        assertThat(poisoned).hasSize(2);
        Stored body = poisoned.stream().filter(m -> m.type() == Message.TEXT_TYPE && m.body().length == rawBody.length)
                .findFirst().orElseThrow();
        assertThat(body.body()).isEqualTo(rawBody);
        assertThat(body.properties()).containsEntry(QueueMessages.EARLIER_DEQUEUES, 3);
        Stored dated = poisoned.stream().filter(m -> m != body).findFirst().orElseThrow();
        assertThat(dated.properties()).containsEntry(QueueMessages.EARLIER_DEQUEUES, 3)
                .containsEntry(QueueMessages.INSERTION_TIME, "yesterday");
        // the broker saw each unreadable message exactly three times (the original and two retry copies),
        // the good one once, and nothing waits any more: no fourth delivery, no endless redelivery
        org.apache.activemq.artemis.core.server.Queue garbled = broker.awaitStarted(1_000)
                .locateQueue(SimpleString.of("garbled"));
        Awaitility.await().atMost(Duration.ofSeconds(WAIT_SECONDS)).untilAsserted(() -> {
            assertThat(garbled.getMessagesAdded()).isEqualTo(3 + 3 + 1);
            assertThat(garbled.getMessagesAcknowledged()).isEqualTo(3 + 3 + 1);
        });
        awaitMessages("garbled", 0);
        assertThat(invoked).isEmpty();

        // the listener still consumes
        admin.enqueue("garbled", "still here");
        assertThat(invoked.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("still here");
    }

    @Test
    void aFailedMessageIsRetriedAfterTheVisibilityTimeout() throws Exception {
        BlockingQueue<Long> attempts = new LinkedBlockingQueue<>();
        TestFunction fn = new TestFunction("slowretry", "retry-later");
        fn.queuesSection.put("visibilityTimeout", "00:00:01.5");
        fn.body = data -> {
            attempts.add(System.nanoTime());
            return (Long) data.metadata("DequeueCount") == 1L ? Outcome.failed() : Outcome.ok();
        };
        start(fn);
        admin.enqueue("retry-later", "x");
        Long first = attempts.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        Long second = attempts.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(second - first)).isGreaterThanOrEqualTo(1_400);
    }

    @Test
    void theDequeueCountSurvivesABrokerRestartAfterAnUnfinishedDelivery() throws Exception {
        sendRaw("durable", b64("survivor"), Map.of());
        // a consumer takes the message and dies before acknowledging it (the node was killed mid-invocation)
        BrokerConnection connection = brokers.embedded();
        ClientSession session = connection.transactedSession();
        ClientConsumer consumer = session.createConsumer("durable");
        session.start();
        assertThat(consumer.receive(TimeUnit.SECONDS.toMillis(WAIT_SECONDS))).isNotNull();
        // the broker goes down with the delivery open (a crash: nothing is closed gracefully first)
        broker.stop();
        stopBroker();

        startBroker(journal);
        BlockingQueue<TriggerData> seen = new LinkedBlockingQueue<>();
        TestFunction fn = new TestFunction("durable", "durable");
        fn.body = data -> {
            seen.add(data);
            return Outcome.ok();
        };
        start(fn);
        TriggerData data = seen.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(data).isNotNull();
        assertThat(data.value()).isEqualTo("survivor");
        assertThat(data.metadata("DequeueCount")).isEqualTo(2L);
    }

    // ---- outputs

    @Test
    void outputsAreSentOnlyWhenTheFunctionSucceeds() throws Exception {
        TestFunction fn = new TestFunction("chain", "chain-in").output("out", "chain-out");
        fn.body = data -> (Long) data.metadata("DequeueCount") == 1L
                ? new Outcome(InvocationStatus.FAILED, Map.of("out", "from the failed attempt"))
                : Outcome.ok("out", "done");
        assertThat(outputs.bind(fn, fn.outputBinding("out"))).isNotNull();
        start(fn);
        admin.enqueue("chain-in", "go");
        assertThat(take("chain-out", 1)).containsExactly(b64("done"));
    }

    @Test
    void anOutputThatCannotBeWrittenFailsTheDeliveryAndSendsNothing() throws Exception {
        AtomicInteger invocations = new AtomicInteger();
        TestFunction fn = new TestFunction("unwritable", "unwritable-in").output("out", "unwritable-out");
        fn.queuesSection.put("maxDequeueCount", 2);
        fn.body = data -> {
            invocations.incrementAndGet();
            Object value = "ok".equals(data.value()) ? "written" : new Shadowing();
            return Outcome.ok("out", List.of("first", value));
        };
        outputs.bind(fn, fn.outputBinding("out"));
        start(fn);
        admin.enqueue("unwritable-in", "doomed");

        assertThat(take("unwritable-in-poison", 1))
                .containsExactly(b64("doomed"));
        // failed like a failing function: two invocations, then poison; not even the first element was sent
        assertThat(invocations).hasValue(2);
        admin.enqueue("unwritable-in", "ok");
        assertThat(take("unwritable-out", 2).stream().map(QueueTriggerTest::unb64)).containsExactly("first", "written");
        assertThat(invocations).hasValue(3);
    }

    /** A POJO Gson refuses to write: two fields of the same JSON name. */
    static class Counted {
        int count = 1;
    }

    static final class Shadowing extends Counted {
        @SuppressWarnings("unused")
        int count = 2;
    }

    @Test
    void aListOutputWritesOneMessagePerElementAndPojosAsJson() throws Exception {
        TestFunction fn = new TestFunction("fanout", "fan-in").output("out", "fan-out");
        fn.body = data -> Outcome.ok("out", List.of("a", 42, new Order("Oslo", 3)));
        outputs.bind(fn, fn.outputBinding("out"));
        start(fn);
        admin.enqueue("fan-in", "go");
        List<String> texts = take("fan-out", 3);
        assertThat(texts).hasSize(3);
        assertThat(texts.stream().map(QueueTriggerTest::unb64))
                .containsExactlyInAnyOrder("a", "42", "{\"city\":\"Oslo\",\"count\":3}");
    }

    /** A POJO output, serialized with Gson defaults. */
    static final class Order {
        final String city;
        final int count;

        Order(String city, int count) {
            this.city = city;
            this.count = count;
        }
    }

    @Test
    void anOutputWithoutAQueueTriggerIsSentInItsOwnTransaction() throws Exception {
        TestFunction http = new TestFunction("web", "unused");
        http.bindings.set(0, TestFunction.binding("httpTrigger", "in", "req", null));
        http.output("out", "from-http");
        var handler = outputs.bind(http, http.outputBinding("out"));
        handler.write("inv-1", new String[] { "one", "two" });
        assertThat(take("from-http", 2).stream().map(QueueTriggerTest::unb64)).containsExactly("one", "two");
    }

    // ---- concurrency

    @Test
    void concurrencyNeverExceedsBatchSizePlusNewBatchThreshold() throws Exception {
        int messages = 9;
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch threeRunning = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(messages);
        TestFunction fn = new TestFunction("bounded", "bounded");
        fn.queuesSection.put("batchSize", 2);
        fn.queuesSection.put("newBatchThreshold", 1);
        fn.body = data -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            threeRunning.countDown();
            try {
                release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            done.countDown();
            return Outcome.ok();
        };
        start(fn);
        for (int i = 0; i < messages; i++) {
            admin.enqueue("bounded", "m" + i);
        }
        assertThat(threeRunning.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(queue("bounded").consumers).isEqualTo(3);
        release.countDown();
        assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(maxInFlight).hasValue(3);
    }

    // ---- connections and names

    @Test
    void anExternalBrokerIsReachedByItsUrl(@TempDir Path otherJournal) throws Exception {
        int port = freePort();
        EmbeddedBroker external = new EmbeddedBroker(true, "127.0.0.1", port, otherJournal, 16);
        external.awaitStarted(30_000);
        closeLast.add(external::stop);
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        TestFunction fn = new TestFunction("remote", "remote-q");
        fn.settings.put("AzureWebJobsStorage", "tcp://127.0.0.1:" + port + "?user=fn&password=s3cret");
        fn.body = data -> {
            seen.add(data.value());
            return Outcome.ok();
        };
        start(fn);
        BrokerConnection remote = new BrokerConnection(BrokerAddress.parse("tcp://127.0.0.1:" + port), "tcp://127.0.0.1:" + port);
        closeLast.add(0, remote);
        try (ClientSession session = remote.transactedSession(); ClientProducer producer = session.createProducer()) {
            producer.send(SimpleString.of("remote-q"), QueueMessages.newMessage(session, b64("over tcp")));
            session.commit();
        }
        assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("over tcp");
        assertThat(admin.queues()).extracting(q -> q.name).doesNotContain("remote-q");
    }

    /** A worker stopping while its management node's broker is down must not hang its shutdown. */
    @Test
    void aListenerStopsPromptlyWhileItsRemoteBrokerIsDown(@TempDir Path otherJournal) throws Exception {
        int port = freePort();
        EmbeddedBroker external = new EmbeddedBroker(true, "127.0.0.1", port, otherJournal, 16);
        external.awaitStarted(30_000);
        TestFunction fn = new TestFunction("remote", "remote-down");
        fn.settings.put("AzureWebJobsStorage", "tcp://127.0.0.1:" + port);
        fn.body = data -> Outcome.ok();
        TriggerListener listener = start(fn);
        external.stop();

        // every blocking close waits for the client's 30 s call timeout: 2 x 32 of them in a row took minutes
        assertTimeoutPreemptively(Duration.ofSeconds(QueueListener.STOP_WAIT_SECONDS + 10), listener::stop);
    }

    @Test
    void anAzureStorageConnectionStringIsRefusedWithoutShowingIt() {
        TestFunction fn = new TestFunction("azure", "orders");
        fn.settings.put("AzureWebJobsStorage", "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=T0pS3cret==");
        assertThatThrownBy(() -> triggers.start(fn)).isInstanceOf(BindingException.class)
                .hasMessageContaining("'AzureWebJobsStorage'").hasMessageContaining("tcp://host:port")
                .hasMessageContaining("UseDevelopmentStorage=true").hasMessageNotContaining("T0pS3cret");
    }

    @Test
    void developmentStorageMeansTheEmbeddedBroker() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        TestFunction fn = new TestFunction("dev", "dev-q");
        fn.bindings.get(0).attributes.put("connection", "");
        fn.settings.put("AzureWebJobsStorage", "UseDevelopmentStorage=true");
        fn.body = data -> {
            seen.add(data.value());
            return Outcome.ok();
        };
        start(fn);
        admin.enqueue("dev-q", "local");
        assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("local");
    }

    @Test
    void badQueueNamesAreRefusedWithTheRule() {
        TestFunction upper = new TestFunction("upper", "Orders");
        assertThatThrownBy(() -> triggers.start(upper)).isInstanceOf(BindingException.class)
                .hasMessageContaining("'Orders'").hasMessageContaining("lowercase");
        TestFunction setting = new TestFunction("setting", "%OrdersQueue%");
        assertThatThrownBy(() -> triggers.start(setting)).isInstanceOf(BindingException.class)
                .hasMessageContaining("OrdersQueue");
        assertThatThrownBy(() -> admin.enqueue("a--b", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no two hyphens");
    }

    @Test
    void queueNamesResolveAppSettings() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        TestFunction fn = new TestFunction("named", "%OrdersQueue%");
        fn.settings.put("OrdersQueue", "orders-eu");
        fn.body = data -> {
            seen.add(data.value());
            return Outcome.ok();
        };
        start(fn);
        admin.enqueue("orders-eu", "hej");
        assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("hej");
    }

    // ---- admin

    @Test
    void redriveMovesPoisonMessagesBackWithTheDequeueCountReset() throws Exception {
        BlockingQueue<Object> counts = new LinkedBlockingQueue<>();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        TestFunction fn = new TestFunction("flaky", "flaky");
        fn.queuesSection.put("maxDequeueCount", 2);
        fn.body = data -> {
            counts.add(data.metadata("DequeueCount"));
            return failuresLeft.getAndDecrement() > 0 ? Outcome.failed() : Outcome.ok();
        };
        start(fn);
        admin.enqueue("flaky", "retry me");
        assertThat(counts.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1L);
        assertThat(counts.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(2L);
        // the poison move commits right after the second attempt returns: wait for the poison count
        QueueDTO flaky = queue("flaky");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        // no event marks the commit: look again each time a (never expected) further attempt could show up
        while (flaky.poisonMessages == 0 && System.nanoTime() < deadline) {
            assertThat(counts.poll(50, TimeUnit.MILLISECONDS)).as("no third attempt").isNull();
            flaky = queue("flaky");
        }
        assertThat(flaky.poisonMessages).isEqualTo(1);
        assertThat(admin.queues()).extracting(q -> q.name).doesNotContain("flaky-poison");

        assertThat(admin.redrive("flaky-poison")).isEqualTo(1);
        assertThat(counts.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1L);
        assertThatThrownBy(() -> admin.redrive("flaky")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-poison");
        assertThatThrownBy(() -> admin.redrive("nothing-here-poison"))
                .isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void anOperatorsMessageIsEncodedAsTheConsumingAppSays() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        TestFunction fn = new TestFunction("raw", "raw-q");
        fn.queuesSection.put("messageEncoding", "none");
        fn.body = data -> {
            seen.add(data.value());
            return Outcome.ok();
        };
        TriggerListener listener = start(fn);
        admin.enqueue("raw-q", "as sent");
        assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("as sent");

        listener.stop();
        started.remove(listener);
        admin.enqueue("raw-q", "nobody listens");
        assertThat(take("raw-q", 1)).containsExactly(b64("nobody listens"));
    }

    @Test
    void anOperatorsRunGetsTheInputAsAFirstDelivery() {
        TestFunction fn = new TestFunction("manual", "manual");
        TriggerData data = triggers.adminInvocation(fn, "{\"id\":7}");
        assertThat(data.value()).isEqualTo("{\"id\":7}");
        assertThat(data.metadata("DequeueCount")).isEqualTo(1L);
        assertThat(data.metadata("QueueTrigger")).isEqualTo("{\"id\":7}");
        assertThat(data.metadata("id")).isEqualTo("7");
        assertThat(data.metadata("Id")).isNotNull();
    }

    @Test
    void anOperatorsRunSendsTheOutputsTheListenerSendsForAMessageOnlyWhenItSucceeds() throws Exception {
        TestFunction fn = new TestFunction("manual-out", "manual-in").output("out", "manual-out");
        // same broker as the trigger: the output handler leaves these outputs to the trigger
        assertThat(outputs.bind(fn, fn.outputBinding("out"))).isNotNull();
        fn.body = data -> data.value().equals("bad")
                ? new Outcome(InvocationStatus.FAILED, Map.of("out", "from the failed run"))
                : Outcome.ok("out", "made of " + data.value());

        TriggerData failed = triggers.adminInvocation(fn, "bad");
        triggers.adminInvocationDone(fn, failed, fn.invoke(failed));
        TriggerData good = triggers.adminInvocation(fn, "order-7");
        triggers.adminInvocationDone(fn, good, fn.invoke(good));

        // the failed run sent nothing: the good run's message is the first
        assertThat(take("manual-out", 1)).containsExactly(b64("made of order-7"));
    }

    @Test
    void aDisabledFunctionDoesNotConsume() throws Exception {
        TestFunction fn = new TestFunction("off", "off-q");
        fn.disabled = true;
        AtomicInteger invocations = new AtomicInteger();
        fn.body = data -> {
            invocations.incrementAndGet();
            return Outcome.ok();
        };
        start(fn);
        admin.enqueue("off-q", "wait");
        awaitMessages("off-q", 1);
        assertThat(queue("off-q").consumers).isZero();
        assertThat(invocations).hasValue(0);
    }
}
