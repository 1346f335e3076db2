package io.fnhost.timer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fnhost.spi.ScheduleStatusDTO;

class FileScheduleStatusStoreTest {
    @TempDir
    Path root;

    @Test
    void roundTripsAStatusInOneJsonFilePerFunction() throws Exception {
        FileScheduleStatusStore store = new FileScheduleStatusStore(root);
        assertThat(store.read("app", "tick")).isNull();
        store.write("app", "tick", ScheduleMonitor.status(null, Instant.parse("2024-01-06T10:05:00.123Z"),
                Instant.parse("2024-01-06T10:00:00Z")));
        store.write("app", "tick", ScheduleMonitor.status(Instant.parse("2024-01-06T10:05:00.123Z"),
                Instant.parse("2024-01-06T10:10:00Z"), Instant.parse("2024-01-06T10:05:00.123Z")));

        ScheduleStatusDTO read = store.read("app", "tick");
        assertThat(read.last).isEqualTo(Instant.parse("2024-01-06T10:05:00.123Z"));
        assertThat(read.next).isEqualTo(Instant.parse("2024-01-06T10:10:00Z"));
        assertThat(Files.readString(root.resolve("app/tick.json"))).contains("\"Next\":\"2024-01-06T10:10:00Z\"");
        try (Stream<Path> files = Files.list(root.resolve("app"))) {
            assertThat(files).containsExactly(root.resolve("app/tick.json")); // no temporary files left
        }
    }

    @Test
    void anUnreadableRecordMeansStartingAfresh() throws Exception {
        FileScheduleStatusStore store = new FileScheduleStatusStore(root);
        Files.createDirectories(root.resolve("app"));
        Files.writeString(root.resolve("app/tick.json"), "{\"Next\":\"yesterday\"");
        assertThat(store.read("app", "tick")).isNull();
    }

    @Test
    void namesCannotLeaveTheFolder() {
        FileScheduleStatusStore store = new FileScheduleStatusStore(root);
        Path file = store.file("..", "../x");
        assertThat(file.normalize()).startsWithRaw(root);
        assertThat(file.getParent().getParent()).isEqualTo(root);
    }
}
