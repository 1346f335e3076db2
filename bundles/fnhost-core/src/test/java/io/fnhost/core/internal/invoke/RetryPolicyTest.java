package io.fnhost.core.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;

import io.fnhost.spi.RetryDTO;

class RetryPolicyTest {

    private static RetryDTO fixed(int max, String delay) {
        RetryDTO dto = new RetryDTO();
        dto.strategy = RetryDTO.FIXED_DELAY;
        dto.maxRetryCount = max;
        dto.delayInterval = delay;
        return dto;
    }

    private static RetryDTO exponential(int max, String min, String maxInterval) {
        RetryDTO dto = new RetryDTO();
        dto.strategy = RetryDTO.EXPONENTIAL_BACKOFF;
        dto.maxRetryCount = max;
        dto.minimumInterval = min;
        dto.maximumInterval = maxInterval;
        return dto;
    }

    private static List<Long> delays(RetryPolicy policy, DoubleSupplier random, int count) {
        RetryPolicy.Backoff backoff = policy.backoff(random);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            delays.add(backoff.nextDelayMillis());
        }
        return delays;
    }

    @Test
    void fixedDelayIsConstant() {
        RetryPolicy policy = RetryPolicy.of(fixed(3, "00:00:03"), "test");
        assertThat(delays(policy, () -> 0.9, 4)).containsExactly(3000L, 3000L, 3000L, 3000L);
        assertThat(delays(RetryPolicy.of(fixed(1, "00:00:00.25"), "test"), () -> 0.5, 1)).containsExactly(250L);
    }

    @Test
    void exponentialFollowsAzuresRandomizedStrategy() {
        RetryPolicy policy = RetryPolicy.of(exponential(10, "00:00:01", "00:01:00"), "test");
        // r = 0.5 -> factor 1.0: min, then min + 2^(n-2) * min, until the maximum, then the maximum
        assertThat(delays(policy, () -> 0.5, 9))
                .containsExactly(1000L, 2000L, 3000L, 5000L, 9000L, 17000L, 33000L, 60000L, 60000L);
        // r = 0 -> factor 0.8 (the lower bound of Azure's jitter)
        assertThat(delays(policy, () -> 0.0, 4)).containsExactly(1000L, 1800L, 2600L, 4200L);
        // r -> 1 -> factor -> 1.2 (exclusive upper bound)
        assertThat(delays(policy, () -> 0.999_999, 3)).containsExactly(1000L, 2199L, 3399L);
    }

    @Test
    void exponentialStaysWithinBoundsForAnyRandomness() {
        RetryPolicy policy = RetryPolicy.of(exponential(-1, "00:00:02", "00:00:30"), "test");
        java.util.Random random = new java.util.Random(42);
        List<Long> delays = delays(policy, random::nextDouble, 200);
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(2000L, 30000L));
        assertThat(delays.get(0)).isEqualTo(2000L);
        assertThat(delays.subList(10, 200)).containsOnly(30000L); // forever retries settle at the maximum
        assertThat(delays).isSorted();
    }

    @Test
    void equalBoundsGiveTheMaximumAtOnce() {
        RetryPolicy policy = RetryPolicy.of(exponential(3, "00:00:05", "00:00:05"), "test");
        assertThat(delays(policy, () -> 0.5, 3)).containsExactly(5000L, 5000L, 5000L);
    }

    @Test
    void maxRetryCountBoundsRetriesAndMinusOneIsForever() {
        RetryPolicy three = RetryPolicy.fixedDelay(3, 0);
        assertThat(three.allowsRetry(0)).isTrue();
        assertThat(three.allowsRetry(2)).isTrue();
        assertThat(three.allowsRetry(3)).isFalse();
        assertThat(RetryPolicy.fixedDelay(0, 0).allowsRetry(0)).isFalse();
        assertThat(RetryPolicy.fixedDelay(-1, 0).allowsRetry(Integer.MAX_VALUE - 1)).isTrue();
    }

    @Test
    void invalidPoliciesAreRefusedWithAReasonAndAFix() {
        assertThat(RetryPolicy.of(null, "test")).isNull();
        assertThatThrownBy(() -> RetryPolicy.of(fixed(-2, "00:00:01"), "@FixedDelayRetry of function 'f'"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("@FixedDelayRetry of function 'f' has maxRetryCount -2")
                .hasMessageContaining("-1 to retry until");
        assertThatThrownBy(() -> RetryPolicy.of(fixed(1, "3s"), "p"))
                .hasMessageContaining("delayInterval \"3s\"").hasMessageContaining("hh:mm:ss");
        assertThatThrownBy(() -> RetryPolicy.of(fixed(1, null), "p")).hasMessageContaining("delayInterval missing");
        assertThatThrownBy(() -> RetryPolicy.of(exponential(1, "00:00:01", "-00:00:01"), "p"))
                .hasMessageContaining("maximumInterval \"-00:00:01\"");
        assertThatThrownBy(() -> RetryPolicy.of(exponential(1, "00:01:00", "00:00:10"), "p"))
                .hasMessageContaining("minimumInterval 00:01:00 greater than maximumInterval 00:00:10");
        RetryDTO unknown = fixed(1, "00:00:01");
        unknown.strategy = "linear";
        assertThatThrownBy(() -> RetryPolicy.of(unknown, "p"))
                .hasMessageContaining("strategy \"linear\"").hasMessageContaining("fixedDelay")
                .hasMessageContaining("exponentialBackoff");
    }

    @Test
    void strategyNamesAreCaseInsensitiveAsInHostJson() {
        RetryDTO dto = fixed(2, "00:00:01");
        dto.strategy = "FixedDelay";
        assertThat(RetryPolicy.of(dto, "p").maxRetryCount()).isEqualTo(2);
    }
}
