package io.fnhost.itests.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.fnhost.spi.AppSettings;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionRuntime;
import io.fnhost.spi.InvocationResult;

/**
 * App settings reach function code through plain {@code System.getenv}: the core weaves those calls in
 * function app bundles (test app settings-reader, app "settings", and a copy of it relabelled as app
 * "other") and nowhere else (the same classes in a bundle without the app header).
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class GetenvWeavingTest {
    private static final String APP_HEADER = "Fnhost-FunctionApp";
    private static final AtomicInteger installs = new AtomicInteger();

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    FunctionRuntime runtime;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 10_000)
    AppSettings appSettings;

    RecordingTriggerProvider httpTrigger;

    @BeforeEach
    void registerHttpProviders() {
        httpTrigger = new RecordingTriggerProvider("httpTrigger");
        httpTrigger.register(context);
        new RecordingBindingProvider("http").register(context);
    }

    @AfterEach
    void deleteSettings() throws Exception {
        AppSettingsFixture.deleteAll(configAdmin);
    }

    @Test
    void eachAppReadsItsOwnSettingsWithSystemGetenvAndSeesChangesWithoutRedeploy() throws Exception {
        AppSettingsFixture.set(configAdmin, "settings", "Greeting", "hello from settings");
        Configuration other = AppSettingsFixture.set(configAdmin, "other", "Greeting", "hello from other");
        TestApps.install(context, "settings-reader");
        install(relabelled("io.fnhost.itests.settings.other", "other"));

        awaitGetenv("settings", "setting", "Greeting", "hello from settings");
        awaitGetenv("other", "setting", "Greeting", "hello from other");
        // a library class of the app reading the whole map sees the same, names matching ignoring case
        assertThat(getenv("settings", "environment", "greeting")).isEqualTo("hello from settings");

        other.update(new java.util.Hashtable<>(Map.of("Greeting", "changed")));
        awaitGetenv("other", "setting", "Greeting", "changed");
        awaitGetenv("other", "environment", "Greeting", "changed");
        assertThat(getenv("settings", "setting", "Greeting")).isEqualTo("hello from settings");

        other.delete();
        // no setting any more: the node's own environment answers
        awaitGetenv("other", "setting", "Greeting", orUnset(System.getenv("Greeting")));
    }

    @Test
    void namesTheAppDoesNotSetComeFromTheNodesEnvironment() throws Exception {
        TestApps.install(context, "settings-reader");
        String path = System.getenv("PATH");
        assertThat(path).as("this test needs PATH in the framework's environment").isNotNull();
        assertThat(getenv("settings", "setting", "PATH")).isEqualTo(path);
        assertThat(getenv("settings", "environment", "PATH")).isEqualTo(path);
        assertThat(getenv("settings", "setting", "FNHOST_NO_SUCH_VARIABLE")).isEqualTo("(unset)");
    }

    @Test
    void azureWebJobsStorageIsTheEmbeddedServicesUnlessTheAppSetsIt() throws Exception {
        TestApps.install(context, "settings-reader");
        install(relabelled("io.fnhost.itests.settings.other", "other"));
        assertThat(getenv("settings", "setting", "AzureWebJobsStorage")).isEqualTo("UseDevelopmentStorage=true");
        assertThat(getenv("settings", "environment", "AzureWebJobsStorage")).isEqualTo("UseDevelopmentStorage=true");
        // the same effective value for extensions, through AppSettings and the function's descriptor
        assertThat(appSettings.setting("settings", "AzureWebJobsStorage")).isEqualTo("UseDevelopmentStorage=true");
        assertThat(httpTrigger.awaitListening("settings", "1.0.0", "setting").invoker.function()
            .appSetting("azurewebjobsstorage")).isEqualTo("UseDevelopmentStorage=true");
        assertThat(appSettings.settings("settings")).as("settings() stays the operator's own").isEmpty();

        AppSettingsFixture.set(configAdmin, "other", "AzureWebJobsStorage", "tcp://broker.example:61616");
        awaitGetenv("other", "setting", "AzureWebJobsStorage", "tcp://broker.example:61616");
        assertThat(appSettings.setting("other", "AzureWebJobsStorage")).isEqualTo("tcp://broker.example:61616");
        assertThat(getenv("settings", "setting", "AzureWebJobsStorage")).isEqualTo("UseDevelopmentStorage=true");
    }

    /**
     * What the cluster does as a worker joins: the node's default connection changes at runtime. Apps see it
     * at once, and the function host is not restarted for it (a restart from Configuration Admin's thread
     * once left the HTTP trigger unbound: SCR found a cycle through the host).
     */
    @Test
    void aChangedEmbeddedStorageConnectionReachesAppsWithoutRestartingTheHost() throws Exception {
        TestApps.install(context, "settings-reader");
        RecordingTriggerProvider.Listener before = httpTrigger.awaitListening("settings", "1.0.0", "setting");
        assertThat(getenv("settings", "setting", "AzureWebJobsStorage")).isEqualTo("UseDevelopmentStorage=true");
        Configuration node = configAdmin.getConfiguration("io.fnhost.core.NodeServices", "?");
        try {
            node.update(new java.util.Hashtable<>(Map.of("embeddedStorageConnection", "tcp://management:61616")));
            awaitGetenv("settings", "setting", "AzureWebJobsStorage", "tcp://management:61616");
            assertThat(appSettings.setting("settings", "AzureWebJobsStorage")).isEqualTo("tcp://management:61616");
            assertThat(httpTrigger.awaitListening("settings", "1.0.0", "setting"))
                .as("the function's listener (a restarted host would have started a new one)").isSameAs(before);
        } finally {
            node.delete();
        }
        awaitGetenv("settings", "setting", "AzureWebJobsStorage", "UseDevelopmentStorage=true");
    }

    @Test
    void classesOfABundleThatIsNoFunctionAppAreNotWoven() throws Exception {
        AppSettingsFixture.set(configAdmin, "settings", "AzureWebJobsStorage", "app value");
        Bundle plain = install(relabelled("io.fnhost.itests.settings.plain", null));
        Class<?> dump = plain.loadClass("io.fnhost.itests.settings.EnvironmentDump");
        Object storage = dump.getMethod("lookUp", String.class).invoke(null, "AzureWebJobsStorage");
        assertThat(storage).as("the node's own AzureWebJobsStorage, not the embedded default")
            .isEqualTo(orUnset(System.getenv("AzureWebJobsStorage")));
        assertThat(plain.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package"))
            .as("package wires of the unwoven bundle")
            .noneMatch(w -> "io.fnhost.core.env".equals(w.getCapability().getAttributes().get("osgi.wiring.package")));
    }

    private void awaitGetenv(String app, String function, String name, String expected) {
        Await.until(app + "'s " + function + "(" + name + ") to answer " + expected, () -> getenv(app, function, name),
            expected::equals);
    }

    private String getenv(String app, String function, String name) {
        InvocationResult result = httpTrigger.awaitListening(app, "1.0.0", function).invoker
            .invoke(TestHttpRequest.get(function + "/" + name, Map.of("name", name)));
        assertThat(result.error()).as("invocation error of " + app + "/" + function).isNull();
        return (String) result.output(BindingDTO.RETURN);
    }

    private static String orUnset(String value) {
        return Objects.requireNonNullElse(value, "(unset)");
    }

    private Bundle install(byte[] jar) throws BundleException {
        Bundle bundle = context.installBundle("fnhost-itest:relabelled#" + installs.incrementAndGet(),
            new ByteArrayInputStream(jar));
        bundle.start();
        return bundle;
    }

    /** The settings-reader jar under another symbolic name, as app {@code app} (no app header when null). */
    private byte[] relabelled(String symbolicName, String app) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream file = Files.newInputStream(TestApps.jar(context, "settings-reader"));
                JarInputStream in = new JarInputStream(file)) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            main.putValue("Bundle-SymbolicName", symbolicName);
            if (app == null) {
                main.remove(new Attributes.Name(APP_HEADER));
            } else {
                main.putValue(APP_HEADER, app);
            }
            try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    jar.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }
}
