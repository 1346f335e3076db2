package io.fnhost.cluster.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerBrokerConnectionTest {
    private final FakeNode fake = new FakeNode();
    private final WorkerBrokerConnection connection = new WorkerBrokerConnection(fake.configAdmin,
            "?connectionTTL=5000&clientFailureCheckPeriod=1000&reconnectAttempts=-1&retryInterval=500");

    @Test
    void withoutABrokerAddressAppsWaitAndNothingIsWritten() {
        assertThat(connection.apply(null)).contains("fnhost.broker");
        assertThat(fake.log).isEmpty();
    }

    @Test
    void theDefaultConnectionBecomesTheBrokerWithClientOptionsThenStays() {
        String reason = connection.apply("tcp://10.0.0.5:61616");

        assertThat(reason).contains("applying");
        assertThat(fake.nodeServices).containsEntry(WorkerBrokerConnection.STORAGE_PROPERTY,
                "tcp://10.0.0.5:61616?connectionTTL=5000&clientFailureCheckPeriod=1000&reconnectAttempts=-1&retryInterval=500");
        assertThat(connection.apply("tcp://10.0.0.5:61616")).isNull();
        assertThat(fake.log).hasSize(1);
    }

    @Test
    void aNewBrokerAddressReplacesTheOneWrittenBefore() {
        connection.apply("tcp://10.0.0.5:61616");
        assertThat(connection.apply("tcp://10.0.0.6:61616")).contains("10.0.0.6");
        assertThat((String) fake.nodeServices.get(WorkerBrokerConnection.STORAGE_PROPERTY)).startsWith("tcp://10.0.0.6:61616?");
    }

    @Test
    void theDevelopmentStorageDefaultIsReplacedButAnOperatorsBrokerIsKept() {
        fake.nodeServices.put(WorkerBrokerConnection.STORAGE_PROPERTY, "UseDevelopmentStorage=true");
        connection.apply("tcp://10.0.0.5:61616");
        assertThat((String) fake.nodeServices.get(WorkerBrokerConnection.STORAGE_PROPERTY)).startsWith("tcp://10.0.0.5");

        FakeNode operated = new FakeNode();
        operated.nodeServices.put(WorkerBrokerConnection.STORAGE_PROPERTY, "tcp://broker.example:61616");
        operated.nodeServices.put("felix.fileinstall.filename", "file:/etc/io.fnhost.core.NodeServices.cfg");
        assertThat(new WorkerBrokerConnection(operated.configAdmin, "").apply("tcp://10.0.0.5:61616")).isNull();
        assertThat(operated.nodeServices).containsEntry(WorkerBrokerConnection.STORAGE_PROPERTY, "tcp://broker.example:61616");
        assertThat(operated.log).isEmpty();
    }
}
