package io.fnhost.maven;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Publishes the built function app jar to a running fnhost node: {@code mvn package fnhost:publish}.
 * <p>
 * The node's URL comes from {@code -Dfnhost.url}, else the environment variable {@code FNHOST_URL}, else
 * {@code http://localhost:8181}. The master key comes from {@code -Dfnhost.masterKey}, else
 * {@code FNHOST_MASTER_KEY}; prefer the environment variable, which stays out of shell history and
 * process lists. The key is sent in the {@code x-functions-key} header and never printed.
 */
@Mojo(name = "publish", threadSafe = true)
public class PublishMojo extends AbstractMojo {

    static final String URL_VARIABLE = "FNHOST_URL";
    static final String KEY_VARIABLE = "FNHOST_MASTER_KEY";
    static final String DEFAULT_URL = "http://localhost:8181";

    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** Base URL of the node; default: environment variable FNHOST_URL, else http://localhost:8181. */
    @Parameter(property = "fnhost.url")
    String url;

    /** The node's master key; default: environment variable FNHOST_MASTER_KEY (preferred). */
    @Parameter(property = "fnhost.masterKey")
    String masterKey;

    /** The function app jar to publish. */
    @Parameter(property = "fnhost.file", defaultValue = "${project.build.directory}/${project.build.finalName}.jar",
            required = true)
    File file;

    /** Seconds to wait for the node's answer (it validates and starts the app before answering). */
    @Parameter(property = "fnhost.timeout", defaultValue = "120")
    int timeoutSeconds;

    /** Skips publishing. */
    @Parameter(property = "fnhost.publish.skip", defaultValue = "false")
    boolean skip;

    /** Where environment variables come from; a test replaces it. */
    UnaryOperator<String> environment = System::getenv;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Publishing skipped (fnhost.publish.skip)");
            return;
        }
        URI node = nodeUrl();
        String key = masterKey();
        if (timeoutSeconds <= 0) {
            throw new MojoExecutionException("fnhost.timeout must be a positive number of seconds, got " + timeoutSeconds);
        }
        if (!file.isFile()) {
            throw new MojoExecutionException("No function app jar at " + file
                    + ". Build it in the same run: mvn package fnhost:publish (or name one with -Dfnhost.file=...)");
        }
        warnIfKeyTravelsInClear(node);
        AppPublisher publisher = new AppPublisher(node, key, Duration.ofSeconds(timeoutSeconds));
        getLog().info("Publishing " + file.getName() + " (" + file.length() + " bytes) to " + publisher.endpoint());
        PublishedApp app;
        try {
            app = publisher.publish(file.toPath());
        } catch (PublishException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("Publishing interrupted", e);
        }
        report(app);
    }

    /** The key in a plain-HTTP header can be read on the way to another machine: say so. */
    void warnIfKeyTravelsInClear(URI node) {
        if ("http".equals(node.getScheme()) && !LOCAL_HOSTS.contains(node.getHost().toLowerCase(Locale.ROOT))) {
            getLog().warn("Sending the master key to " + node.getHost() + " over plain HTTP; use https:// for a remote node");
        }
    }

    private void report(PublishedApp app) {
        if (app.unchanged()) {
            // the node answers 200 with created=false to a repeated upload: saying "Published" would hide that
            // the running version (and its publishedAt) stayed as it was
            getLog().info("Unchanged: " + app.name() + " " + app.version() + " already runs with these exact bytes "
                    + "(sha256 " + app.sha256() + ", published " + app.publishedAt() + "); nothing was redeployed");
        } else {
            getLog().info("Published " + app.name() + " " + app.version() + " (sha256 " + app.sha256() + ", "
                    + app.size() + " bytes, " + app.publishedAt() + ")");
        }
        for (PublishedApp.Function function : app.functions()) {
            String line = "  " + function.name() + "  " + function.state() + "  " + function.trigger();
            if ("Running".equalsIgnoreCase(function.state())) {
                getLog().info(line);
            } else {
                getLog().warn(line + " (see GET /admin/functions/" + function.name() + "/status on the node)");
            }
        }
    }

    URI nodeUrl() throws MojoExecutionException {
        String value = firstPresent(url, environment.apply(URL_VARIABLE));
        if (value == null) {
            return URI.create(DEFAULT_URL);
        }
        String source = url != null && !url.isBlank() ? "fnhost.url" : URL_VARIABLE;
        try {
            URI uri = new URI(value.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(value, "not an http:// or https:// URL with a host");
            }
            if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                // user info would be printed with the URL; the master key is what authenticates
                throw new URISyntaxException(value, "no user:password@, ?query or #fragment: only scheme, host, port and path");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new MojoExecutionException(source + " must be the node's base URL such as " + DEFAULT_URL
                    + ", got '" + withoutCredentials(e.getInput()) + "' (" + e.getReason() + ")");
        }
    }

    /** The URL as it may be printed: any {@code user:password@} masked. */
    private static String withoutCredentials(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }

    String masterKey() throws MojoExecutionException {
        String key = firstPresent(masterKey, environment.apply(KEY_VARIABLE));
        if (key == null) {
            throw new MojoExecutionException("No master key: set the environment variable " + KEY_VARIABLE
                    + " to the node's master key (or pass -Dfnhost.masterKey=...)");
        }
        return key.strip();
    }

    private static String firstPresent(String configured, String fromEnvironment) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : null;
    }
}
