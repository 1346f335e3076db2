package io.fnhost.queue.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.jms.Connection;
import javax.jms.JMSException;
import javax.jms.MessageConsumer;
import javax.jms.Session;
import javax.jms.TextMessage;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import io.fnhost.core.internal.invoke.AppContext;
import io.fnhost.core.internal.invoke.CompiledFunction;
import io.fnhost.core.internal.invoke.GsonValueConverter;
import io.fnhost.core.internal.invoke.IndexedDescriptor;
import io.fnhost.core.internal.invoke.InvocationRecords;
import io.fnhost.core.internal.invoke.TimeoutWatchdog;
import io.fnhost.core.internal.spec.FunctionIndexer;
import io.fnhost.core.internal.spec.IndexedFunction;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.TriggerData;
import io.fnhost.spi.TriggerListener;

/**
 * Queue function throughput against a plain JMS consumer on the same broker, in one run (docs/benchmarks.md).
 * One embedded broker configured as the node's ({@link EmbeddedBroker}: persistent NIO journal, delivery
 * count persisted before delivery). Per round, {@code N} persistent messages are preloaded (not timed),
 * then drained and timed:
 * <ul>
 * <li><b>fnhost</b>: the queue trigger ({@link QueueTriggerProvider}) with its default concurrency
 * (batchSize 16 + newBatchThreshold 8 x processors), invoking a no-op function compiled by the core
 * ({@link CompiledFunction}, as at deploy time); each message a transacted acknowledgement;
 * <li><b>jms</b>: the baseline, plain JMS ({@code artemis-jms-client}) on the same broker and the same
 * number of consumers, each a transacted session committing per message, reading the text, with the JMS
 * client's defaults (1 MB prefetch per consumer; listeners run on the client's global thread pool of
 * 8 x processors threads);
 * <li><b>jms-like</b>: the same, set up as fnhost sets up its consumers: no prefetch
 * ({@code consumerWindowSize=0}) and a thread pool of its own without a bound
 * ({@code useGlobalPools=false&threadPoolMaxSize=-1}), so every consumer can run at once.
 * </ul>
 * Rounds rotate the order of the three after a warm-up of each. Run:
 * {@code java -cp benchmarks/jmh/target/benchmarks.jar io.fnhost.queue.internal.QueueThroughputBenchmark [N] [rounds]}.
 */
public final class QueueThroughputBenchmark {
    private static final String FNHOST_QUEUE = "bench-in";
    private static final String JMS_QUEUE = "bench-jms";

    private final EmbeddedBroker broker;
    private final BrokerConnections brokers;
    private final TimeoutWatchdog watchdog = new TimeoutWatchdog();
    private final CompiledFunction noop;
    private final int consumers = QueueOptions.DEFAULTS.maxInFlight();

    private QueueThroughputBenchmark(Path journal) throws IOException {
        broker = new EmbeddedBroker(true, "127.0.0.1", freePort(), journal, 64);
        broker.awaitStarted(120_000);
        brokers = new BrokerConnections(broker);
        AppContext app = new AppContext("bench", "1.0.0", NoOpQueueFunction.class.getClassLoader(), null, 300_000,
                "00:05:00", new GsonValueConverter(), new InvocationRecords(1000), watchdog, "bench-node");
        IndexedFunction function = new FunctionIndexer().index("bench", List.of(NoOpQueueFunction.class)).stream()
                .filter(f -> f.dto().name.equals("noopQueue")).findFirst().orElseThrow();
        noop = CompiledFunction.compile(function.method(), new IndexedDescriptor("bench", function), app);
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path journal = Files.createTempDirectory("fnhost-queue-bench");
        QueueThroughputBenchmark bench = new QueueThroughputBenchmark(journal);
        try {
            System.out.printf(Locale.ROOT, "queue throughput: %d persistent messages per round, %d consumers, %d rounds%n",
                    messages, bench.consumers, rounds);
            List<String> sides = List.of("fnhost", "jms", "jms-like");
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (String side : sides) {
                bench.round(side, messages / 4, true);
                rates.put(side, new ArrayList<>());
            }
            for (int r = 0; r < rounds; r++) {
                // rotate the order: drift of the machine affects every side alike
                for (int i = 0; i < sides.size(); i++) {
                    String side = sides.get((r + i) % sides.size());
                    rates.get(side).add(bench.round(side, messages, false));
                }
            }
            double f = median(rates.get("fnhost"));
            double j = median(rates.get("jms"));
            double j0 = median(rates.get("jms-like"));
            System.out.printf(Locale.ROOT, "RESULT fnhost %.0f msg/s, jms %.0f msg/s, jms-like %.0f msg/s (medians); "
                    + "fnhost/jms %.2f, fnhost/jms-like %.2f (target >= 0.80)%n", f, j, j0, f / j, f / j0);
        } finally {
            bench.close();
            try (Stream<Path> files = Files.walk(journal)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private double round(String side, int messages, boolean warmUp) throws Exception {
        String queue = side.equals("fnhost") ? FNHOST_QUEUE : JMS_QUEUE;
        fill(queue, messages);
        long nanos = side.equals("fnhost") ? drainFnhost(messages) : drainJms(messages, side.equals("jms-like"));
        double rate = messages / (nanos / 1e9);
        System.out.printf(Locale.ROOT, "%s %-6s %8.0f msg/s (%d ms)%n", warmUp ? "warm-up" : "round  ", side, rate,
                TimeUnit.NANOSECONDS.toMillis(nanos));
        return rate;
    }

    /** Preloads persistent messages (base64 text, as Azure writes them), committed in batches. */
    private void fill(String queue, int messages) throws Exception {
        BrokerConnection connection = brokers.embedded();
        try (ClientSession session = connection.transactedSession(); ClientProducer producer = session.createProducer()) {
            connection.ensureQueue(session, queue);
            SimpleString address = SimpleString.of(queue);
            String text = QueueMessages.encode("{\"order\":42,\"city\":\"Oslo\"}".getBytes(), true);
            for (int i = 1; i <= messages; i++) {
                producer.send(address, QueueMessages.newMessage(session, text));
                if (i % 500 == 0) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    private long drainFnhost(int messages) throws Exception {
        CountDownLatch done = new CountDownLatch(messages);
        FunctionInvoker counting = new FunctionInvoker() {
            @Override
            public FunctionDescriptor function() {
                return noop.function();
            }

            @Override
            public InvocationResult invoke(TriggerData trigger) {
                InvocationResult result = noop.invoke(trigger);
                done.countDown();
                return result;
            }
        };
        long start = System.nanoTime();
        TriggerListener listener = new QueueTriggerProvider(brokers, new GsonValueConverter()).start(counting);
        await(done);
        long nanos = System.nanoTime() - start;
        listener.stop();
        return nanos;
    }

    private long drainJms(int messages, boolean likeFnhost) throws Exception {
        CountDownLatch done = new CountDownLatch(messages);
        String url = broker.inVmUrl()
                + (likeFnhost ? "?consumerWindowSize=0&useGlobalPools=false&threadPoolMaxSize=-1" : "");
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
                Connection connection = factory.createConnection()) {
            long start = System.nanoTime();
            for (int i = 0; i < consumers; i++) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(JMS_QUEUE));
                consumer.setMessageListener(message -> {
                    try {
                        ((TextMessage) message).getText();
                        session.commit();
                        done.countDown();
                    } catch (JMSException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            connection.start();
            await(done);
            return System.nanoTime() - start;
        }
    }

    private static void await(CountDownLatch done) throws InterruptedException {
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(done.getCount() + " messages not processed after 10 minutes");
        }
    }

    private void close() {
        brokers.close();
        broker.stop();
        watchdog.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
