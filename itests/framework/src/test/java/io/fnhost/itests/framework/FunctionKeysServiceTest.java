package io.fnhost.itests.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.KeyScope;

/**
 * The key service as DS wires it: registered as FunctionKeys, keeping its files in the core bundle's
 * data area when the framework has no karaf.data, and following its configuration PID.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class FunctionKeysServiceTest {
    private static final String PID = "io.fnhost.core.FunctionKeys";
    private static final String PRESET = "preset-by-configuration-0123456789";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;

    @Test
    void keepsKeysInTheCoreBundlesDataAreaOutsideKaraf() throws Exception {
        FunctionKeys keys = currentKeys();
        String master = keys.masterKey().value;
        String ordersKey = keys.functionKeys("orders").get(0).value;

        File dataArea = core().getDataFile("keys");
        Path hostFile = dataArea.toPath().resolve("host.json");
        assertThat(Files.readString(hostFile)).contains(master);
        assertThat(dataArea.toPath().resolve("orders.json")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hostFile))).isEqualTo("rw-------");
        assertThat(keys.authorize("orders", ordersKey)).isEqualTo(KeyScope.FUNCTION);
        assertThat(keys.authorize("orders", master)).isEqualTo(KeyScope.MASTER);
    }

    @Test
    void followsItsConfigurationPid() throws Exception {
        String stored = Await.until("the stored master key", this::currentMasterKey, v -> v != null);
        Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
        try {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("masterKey", PRESET);
            configuration.update(properties);

            Await.until("the master key preset by configuration " + PID,
                    this::currentMasterKey, PRESET::equals);
        } finally {
            configuration.delete();
        }
        Await.until("the stored master key back after the configuration is deleted",
                this::currentMasterKey, stored::equals);
    }

    /** The service as registered now: a configuration change re-creates the component. */
    private FunctionKeys currentKeys() {
        ServiceReference<FunctionKeys> reference = Await.until("a FunctionKeys service",
                () -> context.getServiceReference(FunctionKeys.class), r -> r != null);
        FunctionKeys keys = context.getService(reference);
        context.ungetService(reference);
        assertThat(keys).as("FunctionKeys service object").isNotNull();
        return keys;
    }

    /**
     * The master key of the service registered now, or {@code null} while a configuration change
     * re-creates the component: the reference found can be unregistered before it is used (getService
     * then answers null) or the instance deactivated while it is read. Callers wait for a value.
     */
    private String currentMasterKey() {
        ServiceReference<FunctionKeys> reference = context.getServiceReference(FunctionKeys.class);
        if (reference == null) {
            return null;
        }
        FunctionKeys keys = context.getService(reference);
        if (keys == null) {
            return null;
        }
        try {
            return keys.masterKey().value;
        } catch (IllegalStateException e) {
            return null;
        } finally {
            context.ungetService(reference);
        }
    }

    private Bundle core() {
        return Arrays.stream(context.getBundles()).filter(b -> "io.fnhost.core".equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("io.fnhost.core is not installed"));
    }
}
