package io.fnhost.cluster.internal.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.hazelcast.core.HazelcastInstance;

import io.fnhost.cluster.internal.state.ClusterMaps;
import io.fnhost.cluster.internal.TestMembers;
import io.fnhost.spi.ScheduleStatusDTO;

class ClusterScheduleStatusStoreTest {
    private static TestMembers cluster;
    private static HazelcastInstance first;
    private static HazelcastInstance second;

    @BeforeAll
    static void startMembers() {
        cluster = new TestMembers();
        first = cluster.start("w1", "worker", "default", 1);
        second = cluster.start("w2", "worker", "default", 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> second.getCluster().getMembers().size() == 2);
    }

    @AfterAll
    static void stopMembers() {
        cluster.close();
    }

    @Test
    void aStatusWrittenByOneOwnerIsReadByTheNext() {
        ScheduleStatusDTO status = new ScheduleStatusDTO();
        status.last = Instant.parse("2026-11-27T14:00:00Z");
        status.next = Instant.parse("2026-11-27T15:00:00Z");
        status.lastUpdated = Instant.parse("2026-11-27T14:00:00.123456Z");
        new ClusterScheduleStatusStore(first).write("Reports", "Nightly", status);

        ScheduleStatusDTO read = new ClusterScheduleStatusStore(second).read("reports", "nightly");
        assertThat(read.last).isEqualTo(status.last);
        assertThat(read.next).isEqualTo(status.next);
        assertThat(read.lastUpdated).isEqualTo(status.lastUpdated);
        assertThat(second.<String, String>getMap(ClusterMaps.SCHEDULES).get("reports/nightly")).contains("\"next\"");
    }

    @Test
    void neverIsKeptAsNull() {
        ScheduleStatusDTO status = new ScheduleStatusDTO();
        status.next = Instant.parse("2026-11-27T15:00:00Z");
        new ClusterScheduleStatusStore(first).write("reports", "fresh", status);

        ScheduleStatusDTO read = new ClusterScheduleStatusStore(second).read("reports", "fresh");
        assertThat(read.last).isNull();
        assertThat(read.lastUpdated).isNull();
        assertThat(read.next).isEqualTo(status.next);
    }

    @Test
    void noRecordOrAnUnreadableOneMeansStartAfresh() {
        ClusterScheduleStatusStore store = new ClusterScheduleStatusStore(second);
        assertThat(store.read("reports", "never-ran")).isNull();

        first.<String, String>getMap(ClusterMaps.SCHEDULES).set("reports/garbled", "{\"last\":\"yesterday\"}");
        assertThat(store.read("reports", "garbled")).isNull();
        first.<String, String>getMap(ClusterMaps.SCHEDULES).set("reports/notjson", "not json");
        assertThat(store.read("reports", "notjson")).isNull();
    }
}
