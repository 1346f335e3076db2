package io.fnhost.management.internal.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.Part;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fnhost.cluster.ClusterAppDTO;
import io.fnhost.cluster.FunctionCluster;
import io.fnhost.cluster.NodeAppDTO;
import io.fnhost.management.internal.admin.AdminRouter.Access;
import io.fnhost.management.internal.apps.AppPublisher;
import io.fnhost.management.internal.apps.AppPublisher.AppStatus;
import io.fnhost.management.internal.apps.AppPublisher.Published;
import io.fnhost.management.internal.apps.AppPublisher.Rollout;
import io.fnhost.management.internal.apps.AppRefusal;
import io.fnhost.management.internal.apps.AppStore.StoredApp;
import io.fnhost.management.internal.apps.AppStore.StoredVersion;
import io.fnhost.spi.AppDeploymentDTO;
import io.fnhost.spi.AppSettings;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionKeys;
import io.fnhost.spi.FunctionState;

/**
 * {@code /admin/apps}: publishing function apps (a bundle, an Azure package zip, or either as the one
 * file of a {@code multipart/form-data} body), listing them, rollback, delete, app settings and, in a
 * cluster, placement and the app's state on each node. The
 * upload is streamed to a temporary file under its own size limit; everything else is the
 * {@link AppPublisher}'s.
 */
final class AppsResource implements AdminResource {
    private static final Logger LOG = LoggerFactory.getLogger(AppsResource.class);
    private static final String MULTIPART = "multipart/form-data";
    private static final String SETTINGS_BODY = "{\"<Name>\": \"<value>\", ...}";
    private static final String PLACEMENT_BODY = "{\"group\": \"<worker group>\", \"replicas\": <0 for every worker "
            + "of the group, else how many>}";

    private final AppPublisher publisher;
    private final AppSettings settings;
    private final long maxUploadBytes;

    AppsResource(AppPublisher publisher, AppSettings settings, long maxUploadBytes) {
        this.publisher = publisher;
        this.settings = settings;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public void addRoutes(AdminRouter.Builder routes) {
        routes.add("POST", "apps", Access.MASTER_KEY_RUNNING_HOST, this::publish);
        routes.add("GET", "apps", Access.MASTER_KEY, this::list);
        routes.add("GET", "apps/{app}", Access.MASTER_KEY, this::get);
        routes.add("DELETE", "apps/{app}", Access.MASTER_KEY_RUNNING_HOST, this::delete);
        routes.add("POST", "apps/{app}/rollback", Access.MASTER_KEY_RUNNING_HOST, this::rollback);
        routes.add("GET", "apps/{app}/settings", Access.MASTER_KEY, this::getSettings);
        routes.add("PUT", "apps/{app}/settings", Access.MASTER_KEY, this::putSettings);
        routes.add("PUT", "apps/{app}/placement", Access.MASTER_KEY, this::putPlacement);
    }

    private void publish(AdminExchange exchange) throws IOException {
        Path upload = Files.createTempFile("fnhost-upload-", ".bin");
        try {
            receive(exchange.request(), upload);
            Published published = publisher.publish(upload, exchange.query("name"), exchange.query("version"),
                    FunctionKeys.MASTER);
            ObjectNode body = exchange.newObject();
            body.put("name", published.app().name());
            body.put("version", published.version().version());
            body.put("sha256", published.version().sha256());
            body.put("size", published.version().size());
            body.put("publishedAt", published.version().publishedAt());
            body.put("publishedBy", published.version().publishedBy());
            body.put("format", published.version().format());
            body.put("created", published.created());
            body.set("functions", functions(exchange, published.app().deployed()));
            addRollout(exchange, body, published.rollout());
            exchange.setHeader("Location", exchange.baseUrl() + "/admin/apps/" + published.app().name());
            exchange.json(published.created() ? 201 : 200, body);
        } catch (AppRefusal refusal) {
            throw new ApiProblem(refusal.status(), refusal.error(), refusal.detail());
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    /** The raw body, or the one file part of a multipart body, into {@code target}; 413 beyond the limit. */
    private void receive(HttpServletRequest request, Path target) throws IOException {
        if (request.getContentLengthLong() > maxUploadBytes + (isMultipart(request) ? 64 * 1024 : 0)) {
            throw tooLarge();
        }
        if (isMultipart(request)) {
            Part file = filePart(request);
            if (file.getSize() > maxUploadBytes) {
                throw tooLarge();
            }
            try (InputStream in = file.getInputStream()) {
                copyBounded(in, target);
            } finally {
                file.delete();
            }
            return;
        }
        try (InputStream in = request.getInputStream()) {
            copyBounded(in, target);
        }
        if (Files.size(target) == 0) {
            throw ApiProblem.badRequest("missing body", "POST /admin/apps needs the function app as its body: the "
                    + "bundle (Content-Type: application/java-archive), an Azure Functions package zip "
                    + "(application/zip), or multipart/form-data with one file part.");
        }
    }

    private Part filePart(HttpServletRequest request) throws IOException {
        Collection<Part> parts;
        try {
            parts = request.getParts();
        } catch (IllegalStateException e) {
            // the container's own multipart limit (osgi.http.whiteboard.servlet.multipart.maxRequestSize)
            if (String.valueOf(e.getMessage()).contains("exceeds")) {
                throw tooLarge();
            }
            throw e;
        } catch (ServletException e) {
            throw ApiProblem.badRequest("invalid multipart body", "The multipart/form-data body cannot be read ("
                    + e.getMessage() + "). Send one file part, e.g. curl -F file=@target/app.jar.");
        }
        List<Part> files = new ArrayList<>();
        for (Part part : parts) {
            if (part.getSubmittedFileName() != null) {
                files.add(part);
            }
        }
        if (files.size() != 1) {
            throw ApiProblem.badRequest("expected one file", "The multipart/form-data body has " + files.size()
                    + " file parts; send exactly one (the bundle or the Azure package zip), e.g. "
                    + "curl -F file=@target/app.jar.");
        }
        return files.get(0);
    }

    private void copyBounded(InputStream in, Path target) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxUploadBytes) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(413, "upload too large", "The upload is larger than " + maxUploadBytes + " bytes, "
                + "this node's limit (configuration io.fnhost.management.AdminApi, maxUploadBytes). Leave out what the "
                + "app does not need, or raise the limit.");
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(MULTIPART);
    }

    private void list(AdminExchange exchange) throws IOException {
        ArrayNode body = exchange.newArray();
        for (AppStatus app : publisher.apps()) {
            ObjectNode node = body.addObject();
            node.put("name", app.name());
            node.put("version", version(app));
            node.put("state", state(app.deployed()));
            node.put("functionCount", app.deployed() == null ? 0 : app.deployed().functions.size());
            node.put("source", app.source());
            addCluster(exchange, node, app.name(), false);
        }
        exchange.json(200, body);
    }

    private void get(AdminExchange exchange) throws IOException {
        exchange.json(200, app(exchange, existing(exchange.route("app"))));
    }

    private void delete(AdminExchange exchange) throws IOException {
        try {
            publisher.delete(exchange.route("app"));
        } catch (AppRefusal refusal) {
            throw new ApiProblem(refusal.status(), refusal.error(), refusal.detail());
        }
        exchange.empty(204);
    }

    private void rollback(AdminExchange exchange) throws IOException {
        try {
            Published rolledBack = publisher.rollback(exchange.route("app"), exchange.query("version"));
            ObjectNode body = app(exchange, rolledBack.app());
            if (rolledBack.rollout() != null && rolledBack.rollout().warning() != null) {
                body.put("warning", rolledBack.rollout().warning());
            }
            exchange.json(200, body);
        } catch (AppRefusal refusal) {
            throw new ApiProblem(refusal.status(), refusal.error(), refusal.detail());
        }
    }

    private void getSettings(AdminExchange exchange) throws IOException {
        String app = settingsApp(exchange.route("app"));
        ObjectNode body = exchange.newObject();
        new java.util.TreeMap<>(settings.settings(app)).forEach(body::put);
        exchange.json(200, body);
    }

    /** PUT replaces all settings: Azure's {@code az functionapp config appsettings} semantics in one call. */
    private void putSettings(AdminExchange exchange) throws IOException {
        String app = settingsApp(exchange.route("app"));
        ObjectNode json = exchange.readJsonObject(SETTINGS_BODY);
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw ApiProblem.badRequest("invalid setting", "Setting '" + e.getKey() + "' is not a string; app "
                        + "settings are strings, as environment variables: send " + SETTINGS_BODY + ".");
            }
            if (e.getKey().isBlank()) {
                throw ApiProblem.badRequest("invalid setting", "A setting name is empty; send " + SETTINGS_BODY + ".");
            }
            values.put(e.getKey(), e.getValue().textValue());
        }
        ObjectNode body = exchange.newObject();
        new java.util.TreeMap<>(publisher.replaceSettings(app, values)).forEach(body::put);
        exchange.json(200, body);
    }

    /** Either field may be left out to keep its current value; the answer is the app with its new placement. */
    private void putPlacement(AdminExchange exchange) throws IOException {
        String name = exchange.route("app");
        ObjectNode json = exchange.readJsonObject(PLACEMENT_BODY);
        String group = null;
        Integer replicas = null;
        JsonNode groupNode = json.get("group");
        if (groupNode != null && !groupNode.isNull()) {
            if (!groupNode.isTextual() || groupNode.textValue().isBlank()) {
                throw ApiProblem.badRequest("invalid placement", "group must be the non-blank name of a worker group "
                        + "(the FNHOST_GROUP of its workers, 'default' unless set); send " + PLACEMENT_BODY + ".");
            }
            group = groupNode.textValue().trim();
        }
        JsonNode replicasNode = json.get("replicas");
        if (replicasNode != null && !replicasNode.isNull()) {
            if (!replicasNode.canConvertToInt() || !replicasNode.isIntegralNumber() || replicasNode.intValue() < 0) {
                throw ApiProblem.badRequest("invalid placement", "replicas must be a whole number, 0 or more (0 runs "
                        + "the app on every worker of its group), not " + replicasNode + "; send " + PLACEMENT_BODY
                        + ".");
            }
            replicas = replicasNode.intValue();
        }
        if (group == null && replicas == null) {
            throw ApiProblem.badRequest("invalid placement", "The body names neither group nor replicas; send "
                    + PLACEMENT_BODY + ".");
        }
        try {
            publisher.place(name, group, replicas);
        } catch (AppRefusal refusal) {
            throw new ApiProblem(refusal.status(), refusal.error(), refusal.detail());
        }
        exchange.json(200, app(exchange, existing(name)));
    }

    /** Settings belong to any known app (published or from the deploy folder), by its canonical name. */
    private String settingsApp(String name) {
        return existing(name).name();
    }

    private AppStatus existing(String name) {
        return publisher.app(name).orElseThrow(() -> ApiProblem.notFound("app not found", "No function app is "
                + "named '" + name + "'. GET /admin/apps lists the apps."));
    }

    private ObjectNode app(AdminExchange exchange, AppStatus app) {
        ObjectNode node = exchange.newObject();
        node.put("name", app.name());
        node.put("version", version(app));
        node.put("state", state(app.deployed()));
        node.put("source", app.source());
        StoredApp stored = app.stored();
        if (stored != null) {
            ArrayNode versions = node.putArray("versions");
            for (StoredVersion v : stored.versions()) {
                ObjectNode version = versions.addObject();
                version.put("version", v.version());
                version.put("sha256", v.sha256());
                version.put("size", v.size());
                version.put("publishedAt", v.publishedAt());
                version.put("publishedBy", v.publishedBy());
                version.put("format", v.format());
                version.put("current", v.sha256().equals(stored.current()));
            }
        }
        node.set("functions", functions(exchange, app.deployed()));
        addCluster(exchange, node, app.name(), true);
        return node;
    }

    /**
     * In a cluster, for an app the cluster holds: {@code placement} and {@code nodes} (the app's state on
     * each node; with {@code detailed}, also each node's version, message and functions, and the timer owners).
     */
    private void addCluster(AdminExchange exchange, ObjectNode node, String app, boolean detailed) {
        FunctionCluster cluster = publisher.cluster().orElse(null);
        ClusterAppDTO record;
        List<NodeAppDTO> states;
        try {
            record = cluster == null ? null : cluster.app(app).orElse(null);
            states = record == null ? List.of() : cluster.appStates(app);
        } catch (RuntimeException e) {
            // the member is going down: the app is shown as this node knows it
            LOG.warn("Cannot read function app {} from the cluster: {}", app, e.toString());
            return;
        }
        if (record == null) {
            return;
        }
        ObjectNode placement = node.putObject("placement");
        placement.put("group", record.group);
        placement.put("replicas", record.replicas);
        ArrayNode nodes = node.putArray("nodes");
        for (NodeAppDTO state : states) {
            nodes.add(nodeState(exchange, state, detailed));
        }
        if (detailed) {
            ObjectNode owners = node.putObject("timerOwners");
            record.timerOwners.forEach(owners::put);
        }
    }

    private static ObjectNode nodeState(AdminExchange exchange, NodeAppDTO state, boolean detailed) {
        ObjectNode node = exchange.newObject();
        node.put("node", state.node);
        node.put("state", state.state);
        if (state.message != null) {
            node.put("message", state.message);
        }
        if (detailed) {
            node.put("version", state.version);
            node.put("sha256", state.sha256);
            node.put("updatedAt", state.updatedAt);
            ArrayNode functions = node.putArray("functions");
            for (FunctionDTO f : state.functions) {
                ObjectNode function = functions.addObject();
                function.put("name", f.name);
                function.put("state", f.state == null ? null : f.state.name());
                if (f.stateMessage != null) {
                    function.put("stateMessage", f.stateMessage);
                }
            }
        }
        return node;
    }

    /** The publish answer's {@code nodes} (how far the workers got) and a {@code warning} when something is amiss. */
    private static void addRollout(AdminExchange exchange, ObjectNode body, Rollout rollout) {
        if (rollout == null) {
            return;
        }
        body.put("converged", rollout.converged());
        ArrayNode nodes = body.putArray("nodes");
        for (NodeAppDTO state : rollout.nodes()) {
            nodes.add(nodeState(exchange, state, false));
        }
        if (rollout.warning() != null) {
            body.put("warning", rollout.warning());
        }
    }

    private static String version(AppStatus app) {
        if (app.stored() != null) {
            return app.stored().currentVersion().version();
        }
        return app.deployed() == null ? null : app.deployed().version;
    }

    /** {@code NotDeployed}, {@code Error} (some function), {@code Waiting} (some function), else {@code Running}. */
    private static String state(AppDeploymentDTO deployed) {
        if (deployed == null) {
            return "NotDeployed";
        }
        if (deployed.functions.stream().anyMatch(f -> f.state == FunctionState.ERROR)) {
            return "Error";
        }
        if (deployed.functions.stream().anyMatch(f -> f.state == FunctionState.WAITING)) {
            return "Waiting";
        }
        return "Running";
    }

    private static ArrayNode functions(AdminExchange exchange, AppDeploymentDTO deployed) {
        ArrayNode array = exchange.newArray();
        if (deployed == null) {
            return array;
        }
        for (FunctionDTO f : deployed.functions) {
            ObjectNode node = array.addObject();
            node.put("name", f.name);
            node.put("state", f.state == null ? null : f.state.name());
            node.put("trigger", f.bindings.stream().filter(BindingDTO::isTrigger).map(b -> b.type).findFirst()
                    .orElse(null));
            node.put("entryPoint", f.entryPoint);
            if (f.stateMessage != null) {
                node.put("stateMessage", f.stateMessage);
            }
        }
        return array;
    }
}
