package io.fnhost.cluster.internal;

import java.lang.annotation.Annotation;

/** {@link ClusterMember.Config} values for tests (DS would build them from the configuration). */
record MemberConfigs(String clusterName, int port, String members, String networkInterface, boolean multicast,
        int heartbeatIntervalSeconds, int maxNoHeartbeatSeconds) {

    static MemberConfigs defaults() {
        return new MemberConfigs("fnhost", 5701, "", "127.0.0.1", false, 1, 5);
    }

    MemberConfigs withPort(int newPort) {
        return new MemberConfigs(clusterName, newPort, members, networkInterface, multicast, heartbeatIntervalSeconds,
                maxNoHeartbeatSeconds);
    }

    MemberConfigs withMembers(String newMembers) {
        return new MemberConfigs(clusterName, port, newMembers, networkInterface, multicast, heartbeatIntervalSeconds,
                maxNoHeartbeatSeconds);
    }

    MemberConfigs withClusterName(String name) {
        return new MemberConfigs(name, port, members, networkInterface, multicast, heartbeatIntervalSeconds,
                maxNoHeartbeatSeconds);
    }

    MemberConfigs withHeartbeat(int interval, int maxNoHeartbeat) {
        return new MemberConfigs(clusterName, port, members, networkInterface, multicast, interval, maxNoHeartbeat);
    }

    ClusterMember.Config toConfig() {
        MemberConfigs v = this;
        return new ClusterMember.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ClusterMember.Config.class;
            }

            @Override
            public String clusterName() {
                return v.clusterName;
            }

            @Override
            public int port() {
                return v.port;
            }

            @Override
            public String members() {
                return v.members;
            }

            @Override
            public String interface$() {
                return v.networkInterface;
            }

            @Override
            public boolean multicast() {
                return v.multicast;
            }

            @Override
            public int heartbeatIntervalSeconds() {
                return v.heartbeatIntervalSeconds;
            }

            @Override
            public int maxNoHeartbeatSeconds() {
                return v.maxNoHeartbeatSeconds;
            }
        };
    }
}
