package io.fnhost.cluster.internal.timer;

import com.hazelcast.core.HazelcastInstance;

import io.fnhost.spi.TimerOwnership;

/** Lets tests of other packages run a {@link ClusterTimerOwnership} outside a framework. */
public final class ClusterTimerOwnershipAccess implements AutoCloseable {
    private final ClusterTimerOwnership ownership;

    private ClusterTimerOwnershipAccess(ClusterTimerOwnership ownership) {
        this.ownership = ownership;
    }

    public static ClusterTimerOwnershipAccess open(HazelcastInstance member, String node) {
        return new ClusterTimerOwnershipAccess(new ClusterTimerOwnership(member, node));
    }

    public TimerOwnership ownership() {
        return ownership;
    }

    @Override
    public void close() {
        ownership.close();
    }
}
