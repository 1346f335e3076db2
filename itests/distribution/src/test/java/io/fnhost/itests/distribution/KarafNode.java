package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * One fnhost node started from the real distribution tar.gz, as a JUnit 5 extension:
 * {@code @RegisterExtension static final KarafNode node = KarafNode.standalone("name");}
 * <p>
 * Before all tests of the class it unpacks the distribution into {@code target/nodes/<name>},
 * moves every listening port to a free one, starts Karaf as a child process
 * ({@code bin/karaf daemon}: the script {@code exec}s the JVM, so the child's PID is Karaf's) with
 * Java 17, and polls until every bundle is active. After all tests it stops that PID (SIGTERM, the
 * JVM's shutdown hook stops the framework; forcibly after a deadline). When a test fails, the tail
 * of {@code data/log/karaf.log} is printed.
 */
public final class KarafNode implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    /** Karaf's administrator, as shipped in the distribution's etc/users.properties. */
    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "admin";

    /** The master key every test node starts with (environment variable FNHOST_MASTER_KEY). */
    public static final String MASTER_KEY = "it-master-" + java.util.UUID.randomUUID();

    private static final Duration BOOT_DEADLINE = Duration.ofMinutes(3);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(60);
    private static final int LOG_TAIL_LINES = 150;

    private final String name;
    private final List<String> deployedBeforeStart = new ArrayList<>();
    /** Environment variables given to the node's process (FNHOST_ROLE, FNHOST_CLUSTER_MEMBERS, ...). */
    private final Map<String, String> environment = new LinkedHashMap<>();
    /** Bundles that must be active before the node counts as ready (override: -Dfnhost.it.requiredBundles=a,b). */
    private final Set<String> requiredBundles = Set.of(System.getProperty("fnhost.it.requiredBundles",
            "io.fnhost.api,io.fnhost.core,io.fnhost.http,io.fnhost.queue,io.fnhost.management,io.fnhost.cluster")
            .split(","));

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Path home;
    private Process process;
    private int httpPort;
    private int sshPort;
    private int rmiRegistryPort;
    private int rmiServerPort;
    /** Whether the HTTP, SSH and RMI ports go to the process as FNHOST_*_PORT instead of into etc/. */
    private boolean portsFromEnvironment;
    private int clusterPort;
    private long bootStarted;
    private Duration bootTime;

    private KarafNode(String name) {
        this.name = name;
    }

    /** A node of the standalone distribution, unpacked under target/nodes/{@code name}. */
    public static KarafNode standalone(String name) {
        return new KarafNode(name);
    }

    /**
     * Gives the node's process an environment variable, e.g. {@code FNHOST_ROLE}. By default a node is
     * a cluster of its own: {@code FNHOST_NODE_NAME} is its name, {@code FNHOST_CLUSTER_PORT} a free port
     * and {@code FNHOST_CLUSTER_MEMBERS} its own address; set the latter to join another node.
     */
    public KarafNode withEnv(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Sets {@code FNHOST_ROLE}: {@code management}, {@code worker} or {@code standalone}. */
    public KarafNode withRole(String role) {
        return withEnv("FNHOST_ROLE", role);
    }

    /**
     * Gives the node its HTTP, SSH and RMI ports as the environment variables {@code FNHOST_HTTP_PORT},
     * {@code FNHOST_SSH_PORT}, {@code FNHOST_RMI_REGISTRY_PORT} and {@code FNHOST_RMI_SERVER_PORT} (as an
     * operator's script does, docs/nodes.md) instead of writing them into the etc/ files.
     */
    public KarafNode withPortsFromEnvironment() {
        portsFromEnvironment = true;
        return this;
    }

    /** Puts an artifact (file name under target/it-artifacts) into deploy/ before Karaf starts. */
    public KarafNode withDeployedBeforeStart(String artifact) {
        deployedBeforeStart.add(artifact);
        return this;
    }

    // ---------------------------------------------------------------------------------------- lifecycle

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        boot();
    }

    /**
     * Unpacks, configures and starts the node and waits until it is ready: what {@code beforeAll} does,
     * for tests that start several nodes in order (a worker's {@code FNHOST_CLUSTER_MEMBERS} names the
     * {@link #clusterAddress()} of a node booted before it). {@link #stop()} stops it.
     */
    public void boot() throws Exception {
        try {
            unpack();
            configurePorts();
            for (String artifact : deployedBeforeStart) {
                deploy(artifact, artifact);
            }
            start();
            awaitReady();
        } catch (Throwable t) {
            printLogTail("node '" + name + "' did not come up: " + t);
            stop();
            throw t;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        printLogTail("test " + context.getDisplayName() + " failed: " + cause);
    }

    private void unpack() throws IOException, InterruptedException {
        Path distribution = artifact("fnhost-distribution.tar.gz");
        Path work = Paths.get(System.getProperty("fnhost.it.work", "target/nodes")).toAbsolutePath();
        Path dir = work.resolve(name);
        deleteTree(dir);
        Files.createDirectories(dir);
        // tar keeps the scripts' exec bits; it is on every machine Karaf runs on
        run(dir, Duration.ofMinutes(2), "tar", "-xzf", distribution.toString(), "-C", dir.toString());
        try (Stream<Path> children = Files.list(dir)) {
            home = children.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalStateException("empty distribution " + distribution));
        }
    }

    private void configurePorts() throws IOException {
        httpPort = freePort();
        sshPort = freePort();
        rmiRegistryPort = freePort();
        rmiServerPort = freePort();
        clusterPort = freePort();
        if (portsFromEnvironment) {
            environment.put("FNHOST_HTTP_PORT", String.valueOf(httpPort));
            environment.put("FNHOST_SSH_PORT", String.valueOf(sshPort));
            environment.put("FNHOST_RMI_REGISTRY_PORT", String.valueOf(rmiRegistryPort));
            environment.put("FNHOST_RMI_SERVER_PORT", String.valueOf(rmiServerPort));
        } else {
            setProperty("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(httpPort));
            setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort));
            setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(rmiRegistryPort));
            setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(rmiServerPort));
        }
        // the embedded queue broker's TCP acceptor (default 61616) must not clash between nodes either
        Path broker = home.resolve("etc/io.fnhost.queue.EmbeddedBroker.cfg");
        if (!Files.exists(broker)) {
            Files.writeString(broker, "port = " + freePort() + "\n");
        }
    }

    private void start() throws IOException {
        Path javaHome = karafJavaHome();
        Path out = home.resolve("karaf-stdout.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "daemon")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("FNHOST_MASTER_KEY", MASTER_KEY);
        builder.environment().put("FNHOST_NODE_NAME", name);
        builder.environment().put("FNHOST_CLUSTER_PORT", String.valueOf(clusterPort));
        builder.environment().put("FNHOST_CLUSTER_MEMBERS", "127.0.0.1:" + clusterPort);
        builder.environment().putAll(environment);
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("EXTRA_JAVA_OPTS");
        long started = System.nanoTime();
        process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill, "stop karaf node " + name));
        System.out.printf("[%s] Karaf started: pid %d, http %d, ssh %d, java %s, home %s%n",
                name, process.pid(), httpPort, sshPort, javaHome, home);
        bootStarted = started;
    }

    private void awaitReady() {
        await("node " + name + " ready (all bundles active, fnhost bundles present)")
                .atMost(BOOT_DEADLINE)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Karaf exited with " + process.exitValue());
                    }
                    return allBundlesActive();
                });
        bootTime = Duration.ofNanos(System.nanoTime() - bootStarted);
        System.out.printf("[%s] ready after %d ms (process start -> all bundles active)%n", name, bootTime.toMillis());
    }

    private boolean allBundlesActive() throws IOException, InterruptedException {
        HttpResponse<String> response = adminGet("/system/console/bundles.json");
        if (response.statusCode() != 200) {
            return false;
        }
        Set<String> missing = new HashSet<>(requiredBundles);
        for (JsonElement element : JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("data")) {
            JsonObject bundle = element.getAsJsonObject();
            boolean fragment = bundle.has("fragment") && bundle.get("fragment").getAsBoolean();
            if (!fragment && !"Active".equals(bundle.get("state").getAsString())) {
                return false;
            }
            missing.remove(bundle.get("symbolicName").getAsString());
        }
        return missing.isEmpty();
    }

    /** Stops the node by its PID: SIGTERM (graceful), then SIGKILL after a deadline. Idempotent. */
    public void stop() {
        if (process == null) {
            return;
        }
        ProcessHandle handle = process.toHandle();
        List<ProcessHandle> children = handle.descendants().toList();
        handle.destroy();
        try {
            if (!process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                System.out.printf("[%s] pid %d did not stop within %s, killing it%n", name, process.pid(), STOP_DEADLINE);
                handle.destroyForcibly();
                process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        System.out.printf("[%s] stopped pid %d%n", name, process.pid());
    }

    /** Starts the stopped node again, on the same home, ports and data, and waits until it is ready. */
    public void startAgain() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("node " + name + " is still running");
        }
        start();
        awaitReady();
    }

    /**
     * Kills the node at once (SIGKILL, as {@code kill -9}): nothing shuts down gracefully, to test what
     * survives a crash. Returns when the process is gone; {@link #startAgain} brings it back.
     */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------------------------------- access

    /** The node's name (also its {@code FNHOST_NODE_NAME}). */
    public String name() {
        return name;
    }

    /** The node's HTTP port. */
    public int httpPort() {
        return httpPort;
    }

    /** The node's SSH port (Karaf shell). */
    public int sshPort() {
        return sshPort;
    }

    /** The node's JMX RMI registry port. */
    public int rmiRegistryPort() {
        return rmiRegistryPort;
    }

    /** The node's JMX RMI server port. */
    public int rmiServerPort() {
        return rmiServerPort;
    }

    /** The port of the node's cluster member ({@code FNHOST_CLUSTER_PORT}); known once the node is configured. */
    public int clusterPort() {
        return clusterPort;
    }

    /** {@code 127.0.0.1:<cluster port>}: what another node lists in {@code FNHOST_CLUSTER_MEMBERS} to join this one. */
    public String clusterAddress() {
        return "127.0.0.1:" + clusterPort;
    }

    public Path home() {
        return home;
    }

    public long pid() {
        return process.pid();
    }

    public Duration bootTime() {
        return bootTime;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + httpPort + pathAndQuery);
    }

    /** A file from target/it-artifacts (the distribution and the test apps, copied by the build). */
    public static Path artifact(String fileName) {
        Path path = Paths.get(System.getProperty("fnhost.it.artifacts", "target/it-artifacts")).resolve(fileName);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("missing test artifact " + path.toAbsolutePath()
                    + " (run the tests through Maven: mvn verify)");
        }
        return path.toAbsolutePath();
    }

    public Path deployDir() {
        return home.resolve("deploy");
    }

    /**
     * Drops an artifact into deploy/ under {@code fileName}, replacing what is there. The jar is
     * written beside the folder first and moved in atomically, so FileInstall never sees half a jar.
     */
    public Path deploy(String artifact, String fileName) throws IOException {
        Path staging = home.resolve("deploy-staging");
        Files.createDirectories(staging);
        Path tmp = staging.resolve(fileName);
        Files.copy(artifact(artifact), tmp, StandardCopyOption.REPLACE_EXISTING);
        Path target = deployDir().resolve(fileName);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    public void undeploy(String fileName) throws IOException {
        Files.delete(deployDir().resolve(fileName));
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    public HttpResponse<String> post(String pathAndQuery, String contentType, String body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), handler);
    }

    /** A request to fnhost's admin API with the master key in {@code x-functions-key}. */
    public HttpResponse<String> admin(String method, String path, String jsonBody) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body = jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("x-functions-key", MASTER_KEY)
                .method(method, body);
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request);
    }

    /** GET with the administrator's credentials (WebConsole JSON, ...). */
    public HttpResponse<String> adminGet(String path) throws IOException, InterruptedException {
        String credentials = Base64.getEncoder()
                .encodeToString((ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Basic " + credentials).GET());
    }

    /** The bundles as the WebConsole lists them: symbolicName, version, state, ... */
    public List<JsonObject> bundles() throws IOException, InterruptedException {
        HttpResponse<String> response = adminGet("/system/console/bundles.json");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("bundles.json answered " + response.statusCode());
        }
        List<JsonObject> bundles = new ArrayList<>();
        JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("data")
                .forEach(e -> bundles.add(e.getAsJsonObject()));
        return bundles;
    }

    /** Runs Karaf shell commands over SSH with bin/client (commands on stdin, batch mode). */
    public String shell(String commands) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(),
                "-u", ADMIN_USER, "-p", ADMIN_PASSWORD, "-a", String.valueOf(sshPort), "-b")
                .directory(home.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", karafJavaHome().toString());
        Process client = builder.start();
        client.getOutputStream().write((commands + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().close();
        byte[] output = client.getInputStream().readAllBytes();
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new IllegalStateException("bin/client did not finish: " + commands);
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    public Path logFile() {
        return home.resolve("data/log/karaf.log");
    }

    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile())) {
                return "(no " + logFile() + ")";
            }
            List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile() + ": " + e + ")";
        }
    }

    private void printLogTail(String reason) {
        if (home == null) {
            return;
        }
        System.out.printf("%n===== [%s] %s%n===== last %d lines of %s%n%s%n===== end of karaf.log tail%n",
                name, reason, LOG_TAIL_LINES, logFile(), logTail(LOG_TAIL_LINES));
        Path out = home.resolve("karaf-stdout.log");
        try {
            if (Files.exists(out) && Files.size(out) > 0) {
                System.out.printf("===== [%s] Karaf stdout/stderr:%n%s%n", name, Files.readString(out));
            }
        } catch (IOException e) {
            // the log tail above is what matters
        }
    }

    // ---------------------------------------------------------------------------------------- helpers

    /**
     * Java for Karaf: system property fnhost.it.javaHome, else JAVA_HOME, else the test JVM's own.
     * Karaf 4.4.10 does not run on Java 25, so a JDK of 25 or later is refused here.
     */
    static Path karafJavaHome() {
        Path javaHome = Optional.ofNullable(System.getProperty("fnhost.it.javaHome"))
                .or(() -> Optional.ofNullable(System.getenv("JAVA_HOME")))
                .map(Paths::get)
                .orElse(Paths.get(System.getProperty("java.home")));
        int feature = javaFeatureVersion(javaHome);
        if (feature >= 25) {
            throw new IllegalStateException("Karaf 4.4.10 needs Java 17 (found Java " + feature + " at " + javaHome
                    + "): set JAVA_HOME or -Dfnhost.it.javaHome to a Java 17 JDK");
        }
        return javaHome;
    }

    private static int javaFeatureVersion(Path javaHome) {
        try {
            Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(javaHome.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private void setProperty(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        String text = Files.readString(path);
        Pattern line = Pattern.compile("^(\\s*" + Pattern.quote(key) + "\\s*=).*$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        text = m.find() ? m.replaceFirst("$1 " + value) : text + "\n" + key + " = " + value + "\n";
        Files.writeString(path, text);
    }

    private static final Set<Integer> PORTS_HANDED_OUT = new HashSet<>();

    /** A port that is free now and not yet handed to another node of this test run. */
    private static synchronized int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                if (PORTS_HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    private static void run(Path dir, Duration deadline, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(deadline.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
