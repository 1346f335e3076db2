package io.fnhost.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishMojoTest {

    static final String KEY = "env-master-key-9876543210";

    @TempDir
    File dir;

    private final RecordingLog log = new RecordingLog();

    private PublishMojo mojo(Map<String, String> environment) throws Exception {
        PublishMojo mojo = new PublishMojo();
        mojo.setLog(log);
        mojo.environment = environment::get;
        mojo.timeoutSeconds = 10;
        mojo.file = new File(dir, "demo-1.0.0.jar");
        Files.write(mojo.file.toPath(), new byte[] {'P', 'K', 3, 4});
        return mojo;
    }

    @Test
    void publishesWithUrlAndKeyFromTheEnvironmentAndNeverLogsTheKey() throws Exception {
        try (PublishEndpointStub node = new PublishEndpointStub(201, "application/json", AppPublisherTest.CREATED)) {
            PublishMojo mojo = mojo(Map.of("FNHOST_URL", node.baseUrl().toString(), "FNHOST_MASTER_KEY", KEY));

            mojo.execute();

            assertEquals(KEY, node.requests().get(0).header("x-functions-key"));
            assertTrue(log.lines.stream().anyMatch(l -> l.contains("Published demo 1.0.0")), log.lines.toString());
            assertTrue(log.lines.stream().anyMatch(l -> l.equals("[INFO]   hello  RUNNING  httpTrigger")),
                    log.lines.toString());
            assertTrue(log.lines.stream().noneMatch(l -> l.contains(KEY)), log.lines.toString());
        }
    }

    @Test
    void theSameBytesAgainAreReportedAsUnchangedNotAsPublished() throws Exception {
        try (PublishEndpointStub node = new PublishEndpointStub(200, "application/json", AppPublisherTest.UNCHANGED)) {
            PublishMojo mojo = mojo(Map.of("FNHOST_URL", node.baseUrl().toString(), "FNHOST_MASTER_KEY", KEY));

            mojo.execute();

            assertTrue(log.lines.contains("[INFO] Unchanged: demo 1.0.0 already runs with these exact bytes "
                    + "(sha256 ab12, published 2026-11-27T12:00:00Z); nothing was redeployed"), log.lines.toString());
            assertTrue(log.lines.stream().noneMatch(l -> l.contains("Published")), log.lines.toString());
        }
    }

    @Test
    void aRefusalFailsTheBuildWithTheNodesMessage() throws Exception {
        String refusal = "{\"error\":\"Unresolvable imports\",\"detail\":\"com.google.gson is not exported on the node: embed it\"}";
        try (PublishEndpointStub node = new PublishEndpointStub(422, "application/json", refusal)) {
            PublishMojo mojo = mojo(Map.of("FNHOST_MASTER_KEY", KEY));
            mojo.url = node.baseUrl().toString();

            MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
            assertEquals("fnhost refused the function app (HTTP 422): Unresolvable imports: "
                    + "com.google.gson is not exported on the node: embed it", e.getMessage());
            assertTrue(log.lines.stream().noneMatch(l -> l.contains(KEY)), log.lines.toString());
        }
    }

    @Test
    void noKeyFailsBeforeSendingAnything() throws Exception {
        try (PublishEndpointStub node = new PublishEndpointStub(201, "application/json", AppPublisherTest.CREATED)) {
            PublishMojo mojo = mojo(Map.of("FNHOST_URL", node.baseUrl().toString()));

            MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
            assertTrue(e.getMessage().contains("set the environment variable FNHOST_MASTER_KEY"), e.getMessage());
            assertTrue(node.requests().isEmpty());
        }
    }

    @Test
    void theUrlDefaultsToTheLocalNodeAndAPropertyWinsOverTheEnvironment() throws Exception {
        assertEquals(URI.create("http://localhost:8181"), mojo(Map.of()).nodeUrl());
        assertEquals(URI.create("http://env:9000"), mojo(Map.of("FNHOST_URL", "http://env:9000")).nodeUrl());
        PublishMojo configured = mojo(Map.of("FNHOST_URL", "http://env:9000"));
        configured.url = "https://configured:8443";
        assertEquals(URI.create("https://configured:8443"), configured.nodeUrl());
    }

    @Test
    void aUrlThatIsNotHttpSaysWhatWasExpected() throws Exception {
        MojoExecutionException e = assertThrows(MojoExecutionException.class,
                () -> mojo(Map.of("FNHOST_URL", "localhost:8181")).nodeUrl());
        assertTrue(e.getMessage().startsWith("FNHOST_URL must be the node's base URL such as http://localhost:8181, "
                + "got 'localhost:8181'"), e.getMessage());
    }

    @Test
    void aUrlWithCredentialsIsRefusedWithoutPrintingThem() throws Exception {
        MojoExecutionException e = assertThrows(MojoExecutionException.class,
                () -> mojo(Map.of("FNHOST_URL", "http://ops:s3cret@node:8181")).nodeUrl());
        assertEquals("FNHOST_URL must be the node's base URL such as http://localhost:8181, got 'http://***@node:8181' "
                + "(no user:password@, ?query or #fragment: only scheme, host, port and path)", e.getMessage());

        MojoExecutionException malformed = assertThrows(MojoExecutionException.class,
                () -> mojo(Map.of("FNHOST_URL", "http://ops:s3cret@node:8181/a b")).nodeUrl());
        assertTrue(malformed.getMessage().contains("got 'http://***@node:8181/a b'"), malformed.getMessage());
    }

    @Test
    void aMissingJarSaysHowToBuildIt() throws Exception {
        PublishMojo mojo = mojo(Map.of("FNHOST_MASTER_KEY", KEY));
        mojo.file = new File(dir, "absent.jar");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("mvn package fnhost:publish"), e.getMessage());
    }

    @Test
    void onlyARemoteNodeOverPlainHttpIsWarnedAbout() throws Exception {
        PublishMojo mojo = mojo(Map.of());
        mojo.warnIfKeyTravelsInClear(URI.create("http://localhost:8181"));
        mojo.warnIfKeyTravelsInClear(URI.create("https://fnhost.example.org"));
        assertTrue(log.lines.isEmpty(), log.lines.toString());

        mojo.warnIfKeyTravelsInClear(URI.create("http://fnhost.example.org:8181"));
        assertEquals(List.of("[WARNING] Sending the master key to fnhost.example.org over plain HTTP; "
                + "use https:// for a remote node"), log.lines);
    }

    /** A Maven log that keeps its lines. */
    static final class RecordingLog implements Log {
        final List<String> lines = new ArrayList<>();

        private void add(String level, CharSequence content, Throwable error) {
            lines.add("[" + level + "] " + content + (error == null ? "" : " " + error));
        }

        @Override public boolean isDebugEnabled() { return true; }
        @Override public void debug(CharSequence content) { add("DEBUG", content, null); }
        @Override public void debug(CharSequence content, Throwable error) { add("DEBUG", content, error); }
        @Override public void debug(Throwable error) { add("DEBUG", "", error); }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public void info(CharSequence content) { add("INFO", content, null); }
        @Override public void info(CharSequence content, Throwable error) { add("INFO", content, error); }
        @Override public void info(Throwable error) { add("INFO", "", error); }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public void warn(CharSequence content) { add("WARNING", content, null); }
        @Override public void warn(CharSequence content, Throwable error) { add("WARNING", content, error); }
        @Override public void warn(Throwable error) { add("WARNING", "", error); }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public void error(CharSequence content) { add("ERROR", content, null); }
        @Override public void error(CharSequence content, Throwable error) { add("ERROR", content, error); }
        @Override public void error(Throwable error) { add("ERROR", "", error); }
    }
}
