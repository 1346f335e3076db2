package io.fnhost.cluster.internal.state;

import java.util.Collection;
import java.util.Optional;

import com.hazelcast.cluster.Member;

import io.fnhost.spi.NodeIdentity;

/** How fnhost reads a Hazelcast member: by the attributes {@code ClusterMember} gives it, never its UUID. */
public final class ClusterMembers {
    private ClusterMembers() {
    }

    /** The node's name ({@link ClusterMaps#ATTRIBUTE_NODE}); the UUID only for a member fnhost did not start. */
    public static String nodeName(Member member) {
        String name = member.getAttribute(ClusterMaps.ATTRIBUTE_NODE);
        return name == null ? member.getUuid().toString() : name;
    }

    /** The configured role: {@code management}, {@code worker} or {@code standalone}. */
    public static String role(Member member) {
        String role = member.getAttribute(ClusterMaps.ATTRIBUTE_ROLE);
        return role == null ? "" : role;
    }

    /** Whether the member plays the management role (management or standalone). */
    public static boolean manages(Member member) {
        String role = role(member);
        return NodeIdentity.MANAGEMENT.equals(role) || NodeIdentity.STANDALONE.equals(role);
    }

    /** Whether the member runs functions (worker or standalone). */
    public static boolean runsFunctions(Member member) {
        String role = role(member);
        return NodeIdentity.WORKER.equals(role) || NodeIdentity.STANDALONE.equals(role);
    }

    /** The member's worker group ({@code default} when it names none). */
    public static String group(Member member) {
        String group = member.getAttribute(ClusterMaps.ATTRIBUTE_GROUP);
        return group == null || group.isBlank() ? "default" : group;
    }

    /** The member's capacity weight (1 when absent or not a positive number). */
    public static int capacity(Member member) {
        String capacity = member.getAttribute(ClusterMaps.ATTRIBUTE_CAPACITY);
        try {
            return capacity == null ? 1 : Math.max(1, Integer.parseInt(capacity.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * The management leader: the oldest member playing the management role. Hazelcast lists members in
     * join order, oldest first, identically on every member, so every node agrees without a vote.
     */
    public static Optional<Member> leader(Collection<Member> members) {
        return members.stream().filter(ClusterMembers::manages).findFirst();
    }
}
