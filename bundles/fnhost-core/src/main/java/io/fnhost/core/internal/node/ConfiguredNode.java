package io.fnhost.core.internal.node;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.fnhost.spi.NodeIdentity;

/**
 * This node's identity as resolved from its configuration and environment: immutable, validated.
 *
 * @param name     the node's name, unique in the cluster
 * @param role     {@value NodeIdentity#MANAGEMENT}, {@value NodeIdentity#WORKER} or {@value NodeIdentity#STANDALONE}
 * @param group    the worker group
 * @param capacity a positive weight
 */
public record ConfiguredNode(String name, String role, String group, int capacity) implements NodeIdentity {
    /** Environment variable that wins over the configured role. */
    public static final String ROLE_VARIABLE = "FNHOST_ROLE";
    /** Environment variable that wins over the configured name. */
    public static final String NAME_VARIABLE = "FNHOST_NODE_NAME";
    /** Environment variable that wins over the configured group. */
    public static final String GROUP_VARIABLE = "FNHOST_GROUP";
    /** Environment variable that wins over the configured capacity. */
    public static final String CAPACITY_VARIABLE = "FNHOST_CAPACITY";
    /** The group of a node that names none. */
    public static final String DEFAULT_GROUP = "default";

    private static final List<String> ROLES = List.of(STANDALONE, MANAGEMENT, WORKER);
    // Names and groups become map keys, member attributes, LDAP filter values and URL path segments:
    // host-name-like characters only, so none of those needs escaping.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** Validates; see {@link #resolve}. */
    public ConfiguredNode {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("invalid role '" + role + "': use one of " + String.join(", ", ROLES));
        }
        requireName("node name", name);
        requireName("group", group);
        if (capacity < 1) {
            throw new IllegalArgumentException("invalid capacity " + capacity + ": use a whole number of at least 1");
        }
    }

    /**
     * The identity from the configured values, where a non-blank environment variable wins over each.
     *
     * @param role        configured role; blank means {@value NodeIdentity#STANDALONE}
     * @param name        configured name; blank means {@code hostName}
     * @param group       configured group; blank means {@value #DEFAULT_GROUP}
     * @param capacity    configured capacity
     * @param environment the process environment
     * @param hostName    this machine's host name
     * @throws IllegalArgumentException naming the invalid value, where it came from, and what is allowed
     */
    public static ConfiguredNode resolve(String role, String name, String group, int capacity,
            Map<String, String> environment, String hostName) {
        String effectiveRole = pick(environment, ROLE_VARIABLE, role, STANDALONE).toLowerCase(Locale.ROOT);
        String effectiveName = pick(environment, NAME_VARIABLE, name, hostName);
        String effectiveGroup = pick(environment, GROUP_VARIABLE, group, DEFAULT_GROUP);
        int effectiveCapacity = capacity;
        String capacityVariable = environment.get(CAPACITY_VARIABLE);
        if (capacityVariable != null && !capacityVariable.isBlank()) {
            try {
                effectiveCapacity = Integer.parseInt(capacityVariable.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid capacity '" + capacityVariable + "' in " + CAPACITY_VARIABLE
                        + ": use a whole number of at least 1");
            }
        }
        try {
            return new ConfiguredNode(effectiveName, effectiveRole, effectiveGroup, effectiveCapacity);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (environment " + ROLE_VARIABLE + ", " + NAME_VARIABLE
                    + ", " + GROUP_VARIABLE + ", " + CAPACITY_VARIABLE + " win over configuration "
                    + NodeIdentityService.PID + ")", e);
        }
    }

    /** The roles this node plays, as the {@value NodeIdentity#ROLE_PROPERTY} service property lists them. */
    public String[] roleProperty() {
        return switch (role) {
            case WORKER -> new String[] { WORKER };
            case MANAGEMENT -> new String[] { MANAGEMENT };
            default -> new String[] { WORKER, MANAGEMENT };
        };
    }

    private static String pick(Map<String, String> environment, String variable, String configured, String fallback) {
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
            return value.trim();
        }
        return configured == null || configured.isBlank() ? fallback : configured.trim();
    }

    private static void requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + value + "': use 1 to 63 letters, digits, "
                    + "'.', '-' or '_', starting with a letter or digit");
        }
    }
}
