package io.fnhost.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fnhost.spi.BindingException;

/** Connection values, host.json queue options, TimeSpans and queue names. */
class QueueConfigurationTest {

    @Test
    void emptyAndDevelopmentStorageMeanTheEmbeddedBroker() {
        assertThat(BrokerAddress.parse(null).embedded()).isTrue();
        assertThat(BrokerAddress.parse("  ").embedded()).isTrue();
        assertThat(BrokerAddress.parse("usedevelopmentstorage=true").embedded()).isTrue();
    }

    @Test
    void artemisUrlsKeepTheirOptionsAndLoseTheirCredentials() {
        BrokerAddress a = BrokerAddress.parse("(tcp://a:61616,tcp://b:61616)?ha=true&user=fn&password=p%26ss&reconnectAttempts=-1");
        assertThat(a.embedded()).isFalse();
        assertThat(a.locatorUrl()).isEqualTo("(tcp://a:61616,tcp://b:61616)?ha=true&reconnectAttempts=-1");
        assertThat(a.user()).isEqualTo("fn");
        assertThat(a.password()).isEqualTo("p&ss");
        assertThat(a.display()).contains("user fn").contains("password ***").doesNotContain("p&ss");
        assertThat(BrokerAddress.parse("tcp://host:61616").locatorUrl()).isEqualTo("tcp://host:61616");
    }

    @Test
    void storageConnectionStringsAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> BrokerAddress.parse("DefaultEndpointsProtocol=https;AccountKey=k3y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcp://host:port")
                .hasMessageNotContaining("k3y");
    }

    @Test
    void hostJsonDefaultsAreAzures() throws BindingException {
        QueueOptions o = QueueOptions.of(Map.of(), 4, "app");
        assertThat(o.batchSize()).isEqualTo(16);
        assertThat(o.newBatchThreshold()).isEqualTo(32);
        assertThat(o.maxInFlight()).isEqualTo(48);
        assertThat(o.maxDequeueCount()).isEqualTo(5);
        assertThat(o.visibilityTimeout()).isZero();
        assertThat(o.base64()).isTrue();
    }

    @Test
    void hostJsonValuesAreReadAndChecked() throws BindingException {
        QueueOptions o = QueueOptions.of(Map.of("batchSize", 4.0, "visibilityTimeout", "00:01:30",
                "messageEncoding", "None", "maxDequeueCount", "2"), 2, "app");
        assertThat(o.batchSize()).isEqualTo(4);
        assertThat(o.newBatchThreshold()).isEqualTo(4);
        assertThat(o.visibilityTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.base64()).isFalse();
        assertThat(o.maxDequeueCount()).isEqualTo(2);
        assertThatThrownBy(() -> QueueOptions.of(Map.of("batchSize", 33), 2, "shop"))
                .isInstanceOf(BindingException.class).hasMessageContaining("shop").hasMessageContaining("1 to 32");
        assertThatThrownBy(() -> QueueOptions.of(Map.of("messageEncoding", "utf8"), 2, "shop"))
                .hasMessageContaining("base64 or none");
        assertThatThrownBy(() -> QueueOptions.of(Map.of("visibilityTimeout", "30s"), 2, "shop"))
                .hasMessageContaining("TimeSpan");
    }

    @Test
    void timeSpansAsDotNetWritesThem() {
        assertThat(TimeSpans.parse("1.02:03:04.5")).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3)
                .plusSeconds(4).plusMillis(500));
        assertThat(TimeSpans.parse("00:00:00")).isZero();
    }

    @Test
    void azureQueueNameRule() {
        assertThat(QueueNames.isValid("abc")).isTrue();
        assertThat(QueueNames.isValid("a-b-c1")).isTrue();
        assertThat(QueueNames.isValid("a".repeat(63))).isTrue();
        assertThat(QueueNames.isValid("ab")).isFalse();
        assertThat(QueueNames.isValid("a".repeat(64))).isFalse();
        assertThat(QueueNames.isValid("-abc")).isFalse();
        assertThat(QueueNames.isValid("abc-")).isFalse();
        assertThat(QueueNames.isValid("a--b")).isFalse();
        assertThat(QueueNames.isValid("Abc")).isFalse();
        assertThat(QueueNames.isValid("a_b")).isFalse();
    }

    @Test
    void messagesAreEncodedBothWays() {
        byte[] payload = "héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(QueueMessages.encode(payload, true)).isEqualTo("aMOpbGxv");
        assertThat(QueueMessages.decode("aMOpbGxv", true)).isEqualTo(payload);
        assertThat(QueueMessages.encode(payload, false)).isEqualTo("héllo");
        assertThat(QueueMessages.decode("héllo", false)).isEqualTo(payload);
        assertThatThrownBy(() -> QueueMessages.decode("not base64!", true)).isInstanceOf(IllegalArgumentException.class);
    }
}
