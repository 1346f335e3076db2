package io.fnhost.maven;

import java.util.List;

/**
 * What the publish endpoint answers with {@code 201 Created}: the stored app version and its functions.
 *
 * @param name        the function app's name ({@code Fnhost-FunctionApp})
 * @param version     the published version ({@code Bundle-Version})
 * @param sha256      SHA-256 of the uploaded jar, hex
 * @param size        size of the uploaded jar in bytes
 * @param publishedAt when the node stored it (ISO-8601)
 * @param publishedBy who published it, as the node records it
 * @param functions   the app's functions with their state on the node
 * @param created     false when the node already had these exact bytes as the current version and changed
 *                    nothing ({@code 200 OK}); null when the node does not say
 */
public record PublishedApp(String name, String version, String sha256, long size, String publishedAt,
        String publishedBy, List<Function> functions, Boolean created) {

    /**
     * One function of a published app.
     *
     * @param name    the function name ({@code @FunctionName})
     * @param state   its state on the node: {@code Running}, {@code Waiting} or {@code Error}
     * @param trigger its trigger type, e.g. {@code httpTrigger}
     */
    public record Function(String name, String state, String trigger) {
    }

    /** True when the node answered that it already ran exactly this upload and changed nothing. */
    public boolean unchanged() {
        return Boolean.FALSE.equals(created);
    }

    /** The functions, never null (a node may leave the list out when an app has none). */
    public List<Function> functions() {
        return functions == null ? List.of() : functions;
    }
}
