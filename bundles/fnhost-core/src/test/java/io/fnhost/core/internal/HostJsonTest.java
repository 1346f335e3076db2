package io.fnhost.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class HostJsonTest {

    @Test
    void parsesDotNetTimeSpans() {
        assertThat(HostJson.parseTimeSpan("00:05:00")).isEqualTo(300_000);
        assertThat(HostJson.parseTimeSpan("01:00:00")).isEqualTo(3_600_000);
        assertThat(HostJson.parseTimeSpan("1.02:03:04")).isEqualTo(((24 + 2) * 3600 + 3 * 60 + 4) * 1000L);
        assertThat(HostJson.parseTimeSpan("00:00:01.5")).isEqualTo(1500);
        assertThat(HostJson.parseTimeSpan("00:61:00")).isEqualTo(-1);
        assertThat(HostJson.parseTimeSpan("5 minutes")).isEqualTo(-1);
    }

    @Test
    void defaultsAreAzures() throws Exception {
        HostJson json = HostJson.of(Map.of("version", "2.0"));
        assertThat(json.timeoutMillis()).isEqualTo(30 * 60 * 1000);
        assertThat(json.extension("http")).isEmpty();
    }

    @Test
    void readsTimeoutAndExtensions() throws Exception {
        HostJson json = HostJson.of(Map.of("version", "2.0", "functionTimeout", "00:00:02",
                "extensions", Map.of("http", Map.of("routePrefix", "fn"))));
        assertThat(json.timeoutMillis()).isEqualTo(2000);
        assertThat(json.extension("http")).containsEntry("routePrefix", "fn");
        assertThat(HostJson.of(Map.of("functionTimeout", "-1")).timeoutMillis()).isEqualTo(-1);
    }

    @Test
    void refusesWrongVersionAndBadTimeout() {
        assertThatThrownBy(() -> HostJson.of(Map.of("version", "1.0")))
                .hasMessageContaining("version").hasMessageContaining("2.0");
        assertThatThrownBy(() -> HostJson.of(Map.of("functionTimeout", "soon")))
                .hasMessageContaining("functionTimeout").hasMessageContaining("soon");
        assertThatThrownBy(() -> HostJson.of(Map.of("functionTimeout", "00:00:00")))
                .hasMessageContaining("at least 1 second");
    }
}
