package io.fnhost.cluster.internal.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.fnhost.spi.AppDeploymentDTO;
import io.fnhost.spi.AppDeploymentException;
import io.fnhost.spi.AppSettings;
import io.fnhost.spi.FunctionAppDeployments;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionState;

/**
 * The node services a reconciler talks to, faked for tests: deployments, app settings and the core's
 * NodeServices configuration, all recording into one {@link #log} so that tests can assert the order.
 */
final class FakeNode {
    /** "settings app", "deploy source sha16", "undeploy source", "config value" in call order. */
    final List<String> log = new CopyOnWriteArrayList<>();
    final Map<String, AppDeploymentDTO> deployed = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> settings = new ConcurrentHashMap<>();
    /** Sources whose deployment is refused with FUNCTION_ERRORS. */
    final Set<String> refusing = ConcurrentHashMap.newKeySet();
    final Hashtable<String, Object> nodeServices = new Hashtable<>();

    final FunctionAppDeployments deployments = new FunctionAppDeployments() {
        @Override
        public AppDeploymentDTO deploy(String source, Path bundle) throws AppDeploymentException {
            String sha;
            try {
                sha = AppReconciler.sha256(Files.readAllBytes(bundle));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            log.add("deploy " + source + " " + sha.substring(0, 16));
            if (refusing.contains(source)) {
                throw new AppDeploymentException(AppDeploymentException.Reason.FUNCTION_ERRORS,
                        "function broken of app " + source + " is in error: no trigger");
            }
            AppDeploymentDTO before = deployed.get(source);
            AppDeploymentDTO d = deployment(source, sha);
            d.unchanged = before != null && before.sha256Prefix.equals(d.sha256Prefix);
            deployed.put(source, d);
            return d;
        }

        @Override
        public boolean undeploy(String source) {
            log.add("undeploy " + source);
            return deployed.remove(source) != null;
        }

        @Override
        public List<AppDeploymentDTO> deployments() {
            return new ArrayList<>(new TreeMap<>(deployed).values());
        }
    };

    final AppSettings appSettings = new AppSettings() {
        @Override
        public Map<String, String> settings(String app) {
            Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(settings.getOrDefault(app.toLowerCase(), Map.of()));
            return copy;
        }

        @Override
        public String setting(String app, String name) {
            return settings(app).get(name);
        }

        @Override
        public void replace(String app, Map<String, String> values) {
            log.add("settings " + app);
            settings.put(app.toLowerCase(), Map.copyOf(values));
        }
    };

    final ConfigurationAdmin configAdmin = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { ConfigurationAdmin.class }, (proxy, method, args) -> {
                if (method.getName().equals("getConfiguration")
                        && WorkerBrokerConnection.NODE_SERVICES_PID.equals(args[0])) {
                    return nodeServicesConfiguration();
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private Configuration nodeServicesConfiguration() {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Configuration.class },
                (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "getProperties":
                        synchronized (nodeServices) {
                            return nodeServices.isEmpty() ? null : new Hashtable<>(nodeServices);
                        }
                    case "update":
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> d = (Dictionary<String, Object>) args[0];
                        synchronized (nodeServices) {
                            nodeServices.clear();
                            for (String k : java.util.Collections.list(d.keys())) {
                                nodeServices.put(k, d.get(k));
                            }
                        }
                        log.add("config " + d.get(WorkerBrokerConnection.STORAGE_PROPERTY));
                        return null;
                    case "getPid":
                        return WorkerBrokerConnection.NODE_SERVICES_PID;
                    default:
                        throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** A deployment of {@code source} running the artifact with that SHA-256, with one running function. */
    static AppDeploymentDTO deployment(String source, String sha) {
        AppDeploymentDTO d = new AppDeploymentDTO();
        d.source = source;
        d.app = source.substring(source.indexOf(':') + 1);
        d.symbolicName = "app." + d.app;
        d.version = "1.0.0." + sha.substring(0, 6);
        d.sha256Prefix = sha.substring(0, 16);
        d.bundleId = 42;
        FunctionDTO f = new FunctionDTO();
        f.app = d.app;
        f.appVersion = d.version;
        f.name = "hello";
        f.state = FunctionState.RUNNING;
        f.bundleId = 42;
        d.functions.add(f);
        return d;
    }
}
