package io.fnhost.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;

import io.fnhost.cluster.internal.state.ClusterMaps;

/**
 * What this node's Hazelcast member is made of: the operator's configuration ({@link ClusterMember.Config}
 * with the environment winning over it), checked, and the node's identity as member attributes. Built
 * before anything starts, so that a mistake is reported as one clear message and no member starts.
 *
 * @param clusterName     nodes join only members of the same cluster name
 * @param networkInterface the address (or Hazelcast interface pattern such as {@code 10.0.0.*}) to bind
 * @param port            the member's port on that interface
 * @param members         {@code host:port} of the members to join (at least one is up)
 * @param multicast       join by multicast instead of the member list
 * @param heartbeatIntervalSeconds how often members tell each other they are alive
 * @param maxNoHeartbeatSeconds    after how long without a heartbeat a member is removed
 * @param attributes      the member attributes ({@link ClusterMaps#ATTRIBUTE_NODE} and the others)
 */
public record ClusterMemberSettings(String clusterName, String networkInterface, int port, List<String> members,
        boolean multicast, int heartbeatIntervalSeconds, int maxNoHeartbeatSeconds, Map<String, String> attributes) {

    /** Environment variable: the member's port; wins over {@code port}. */
    public static final String ENV_PORT = "FNHOST_CLUSTER_PORT";
    /** Every map of fnhost's shared state ({@code fnhost.apps}, {@code fnhost.plan}, ...). */
    static final String FNHOST_MAPS = "fnhost.*";
    /** Synchronous backups of each entry of those maps (Hazelcast's default is one). */
    static final int MAP_BACKUPS = 2;
    /** Environment variable: comma-separated {@code host:port} list; wins over {@code members}. */
    public static final String ENV_MEMBERS = "FNHOST_CLUSTER_MEMBERS";
    /** Environment variable: the interface to bind; wins over {@code interface}. */
    public static final String ENV_INTERFACE = "FNHOST_CLUSTER_INTERFACE";

    public ClusterMemberSettings {
        members = List.copyOf(members);
        attributes = Map.copyOf(attributes);
    }

    /**
     * Reads and checks the configuration.
     *
     * @param config     the component's configuration
     * @param env        the environment ({@code System::getenv} in production)
     * @param attributes the node's identity: {@link ClusterMaps#ATTRIBUTE_NODE}, role, group, capacity, httpUrl
     * @throws IllegalArgumentException naming the bad value, where it came from and what to do
     */
    public static ClusterMemberSettings from(ClusterMember.Config config, Function<String, String> env,
            Map<String, String> attributes) {
        String clusterName = config.clusterName() == null ? "" : config.clusterName().trim();
        if (clusterName.isEmpty()) {
            throw new IllegalArgumentException("clusterName is empty: set clusterName in " + ClusterMember.PID
                    + " to the name every node of the cluster shares (default fnhost)");
        }
        String networkInterface = firstNonBlank(env.apply(ENV_INTERFACE), config.interface$());
        if (networkInterface == null) {
            throw new IllegalArgumentException("interface is empty: set " + ENV_INTERFACE + " or interface in "
                    + ClusterMember.PID + " to the address the cluster member binds, e.g. 127.0.0.1");
        }
        String portSource = env.apply(ENV_PORT) == null || env.apply(ENV_PORT).isBlank()
                ? "port in " + ClusterMember.PID : ENV_PORT;
        int port = portSource.equals(ENV_PORT)
                ? parsePort(env.apply(ENV_PORT).trim(), ENV_PORT)
                : checkPort(config.port(), portSource);
        String membersSource = env.apply(ENV_MEMBERS) == null || env.apply(ENV_MEMBERS).isBlank()
                ? "members in " + ClusterMember.PID : ENV_MEMBERS;
        String memberList = membersSource.equals(ENV_MEMBERS) ? env.apply(ENV_MEMBERS) : config.members();
        List<String> members = parseMembers(memberList, membersSource, networkInterface, port);
        if (config.heartbeatIntervalSeconds() < 1) {
            throw new IllegalArgumentException("heartbeatIntervalSeconds is " + config.heartbeatIntervalSeconds()
                    + " in " + ClusterMember.PID + ": it must be at least 1");
        }
        if (config.maxNoHeartbeatSeconds() <= config.heartbeatIntervalSeconds()) {
            throw new IllegalArgumentException("maxNoHeartbeatSeconds (" + config.maxNoHeartbeatSeconds()
                    + ") must be greater than heartbeatIntervalSeconds (" + config.heartbeatIntervalSeconds()
                    + ") in " + ClusterMember.PID);
        }
        return new ClusterMemberSettings(clusterName, networkInterface, port, members, config.multicast(),
                config.heartbeatIntervalSeconds(), config.maxNoHeartbeatSeconds(), attributes);
    }

    /** This node's name, as its member attribute says. */
    public String nodeName() {
        return attributes.get(ClusterMaps.ATTRIBUTE_NODE);
    }

    /**
     * The Hazelcast configuration (spike section 1): classes load through {@code classLoader} (the cluster
     * bundle's: Hazelcast's own cannot see fnhost's types), no phone home, logging through SLF4J, no
     * shutdown hook (the component shuts the member down), bound to the one interface, TCP/IP join, a fast
     * heartbeat so that a hung node is removed within seconds, and quick split-brain merges.
     */
    public Config toHazelcastConfig(ClassLoader classLoader) {
        Config c = new Config();
        c.setClusterName(clusterName);
        // unique per JVM: several members run side by side in tests
        c.setInstanceName("fnhost-" + nodeName() + "-" + port);
        c.setClassLoader(classLoader);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.socket.bind.any", "false");
        // two nodes started together would otherwise each wait 5 s before joining
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(heartbeatIntervalSeconds));
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(maxNoHeartbeatSeconds));
        // a member that was hung (or cut off) rejoins within seconds instead of 5 minutes
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        // fnhost's maps (apps, artifacts, plan, status...) survive two members lost at once (a management node
        // and a worker crashing together): with Hazelcast's default of one backup such a pair takes the
        // entries whose primary and backup they held, and the planner would then withdraw those apps.
        c.addMapConfig(new MapConfig(FNHOST_MAPS).setBackupCount(MAP_BACKUPS));
        NetworkConfig network = c.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(networkInterface);
        network.getRestApiConfig().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(multicast);
        join.getTcpIpConfig().setEnabled(!multicast).setMembers(new ArrayList<>(members));
        attributes.forEach(c.getMemberAttributeConfig()::setAttribute);
        return c;
    }

    private static List<String> parseMembers(String list, String source, String networkInterface, int port) {
        List<String> members = new ArrayList<>();
        if (list != null) {
            for (String raw : list.split(",")) {
                String entry = raw.trim();
                if (!entry.isEmpty()) {
                    members.add(checkMember(entry, source, port));
                }
            }
        }
        if (members.isEmpty()) {
            // alone until others join this node: its own address
            members.add(networkInterface + ":" + port);
        }
        return members;
    }

    /** {@code host:port}, {@code [ipv6]:port} or a bare host (then this node's cluster port). */
    private static String checkMember(String entry, String source, int defaultPort) {
        String host;
        String portText;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            host = close > 1 ? entry.substring(0, close + 1) : "";
            portText = close > 0 && entry.length() > close + 1 && entry.charAt(close + 1) == ':'
                    ? entry.substring(close + 2) : close > 0 && entry.length() == close + 1 ? null : "";
        } else {
            int colon = entry.indexOf(':');
            host = colon < 0 ? entry : entry.substring(0, colon);
            portText = colon < 0 ? null : entry.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)
                || (portText != null && !portText.matches("[0-9]{1,5}"))) {
            throw new IllegalArgumentException("the cluster member '" + entry + "' in " + source + " is not host:port "
                    + "(e.g. 10.0.0.5:5701): fix the comma-separated list");
        }
        int memberPort = portText == null ? defaultPort : Integer.parseInt(portText);
        if (memberPort < 1 || memberPort > 65535) {
            throw new IllegalArgumentException("the cluster member '" + entry + "' in " + source + " has port "
                    + memberPort + ", outside 1-65535: fix the comma-separated list");
        }
        return host + ":" + memberPort;
    }

    private static int parsePort(String text, String source) {
        if (!text.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException(source + " is '" + text + "', not a port: set a number from 1 to 65535");
        }
        return checkPort(Integer.parseInt(text), source);
    }

    private static int checkPort(int port, String source) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(source + " is " + port + ", outside 1-65535: set the cluster port to a "
                    + "free port in that range (default 5701)");
        }
        return port;
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first.trim();
        }
        return second == null || second.isBlank() ? null : second.trim();
    }
}
