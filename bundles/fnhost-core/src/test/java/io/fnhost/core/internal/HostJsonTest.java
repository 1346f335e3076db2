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

    @Test
    void readsTheAppWideRetryPolicy() throws Exception {
        assertThat(HostJson.of(Map.of("version", "2.0")).retry()).isNull();
        HostJson fixed = HostJson.of(Map.of("retry",
                Map.of("strategy", "fixedDelay", "maxRetryCount", 2.0, "delayInterval", "00:00:03")));
        assertThat(fixed.retry().maxRetryCount()).isEqualTo(2);
        assertThat(fixed.retry()).hasToString("fixedDelay(maxRetryCount=2, 3000 ms)");
        HostJson exponential = HostJson.of(Map.of("retry", Map.of("strategy", "exponentialBackoff",
                "maxRetryCount", -1.0, "minimumInterval", "00:00:01", "maximumInterval", "00:15:00")));
        assertThat(exponential.retry()).hasToString("exponentialBackoff(maxRetryCount=-1, 1000-900000 ms)");
    }

    @Test
    void refusesAnInvalidRetryPolicyNamingWhatToFix() {
        assertThatThrownBy(() -> HostJson.of(Map.of("retry", "often")))
                .isInstanceOf(HostJson.InvalidHostJsonException.class).hasMessageContaining("retry is not an object");
        assertThatThrownBy(() -> HostJson.of(Map.of("retry", Map.of("strategy", "fixedDelay", "delayInterval", "00:00:01"))))
                .hasMessageContaining("maxRetryCount missing");
        assertThatThrownBy(() -> HostJson.of(Map.of("retry",
                Map.of("strategy", "fixedDelay", "maxRetryCount", 1.5, "delayInterval", "00:00:01"))))
                .hasMessageContaining("maxRetryCount 1.5").hasMessageContaining("whole number");
        assertThatThrownBy(() -> HostJson.of(Map.of("retry",
                Map.of("strategy", "fixedDelay", "maxRetryCount", -3.0, "delayInterval", "00:00:01"))))
                .hasMessageStartingWith("host.json retry has maxRetryCount -3");
        assertThatThrownBy(() -> HostJson.of(Map.of("retry", Map.of("strategy", "exponentialBackoff",
                "maxRetryCount", 3.0, "minimumInterval", "00:00:09", "maximumInterval", "00:00:01"))))
                .hasMessageContaining("minimumInterval 00:00:09 greater than maximumInterval 00:00:01");
    }
}
