package io.fnhost.cluster.internal;

import io.fnhost.spi.NodeIdentity;

/** A node identity for tests: the record's accessors are the interface's methods. */
public record TestNodeIdentity(String name, String role, String group, int capacity) implements NodeIdentity {

    /** Node {@code name} with {@code role} in group {@code default}, capacity 1. */
    public static NodeIdentity of(String name, String role) {
        return new TestNodeIdentity(name, role, "default", 1);
    }
}
