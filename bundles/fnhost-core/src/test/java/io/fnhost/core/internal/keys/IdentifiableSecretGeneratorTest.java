package io.fnhost.core.internal.keys;

import static io.fnhost.core.internal.keys.IdentifiableSecretGenerator.FUNCTION_KEY_SEED;
import static io.fnhost.core.internal.keys.IdentifiableSecretGenerator.MASTER_KEY_SEED;
import static io.fnhost.core.internal.keys.IdentifiableSecretGenerator.SYSTEM_KEY_SEED;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class IdentifiableSecretGeneratorTest {
    private final IdentifiableSecretGenerator generator = new IdentifiableSecretGenerator(new SecureRandom());

    @Test
    void seedsAreAzuresAsciiTags() {
        assertThat(MASTER_KEY_SEED).isEqualTo(seed("Master00"));
        assertThat(SYSTEM_KEY_SEED).isEqualTo(seed("System00"));
        assertThat(FUNCTION_KEY_SEED).isEqualTo(seed("Functi00"));
    }

    @Test
    void keysHaveAzuresLayout() {
        for (int i = 0; i < 200; i++) {
            String key = generator.functionKey();
            assertThat(key).hasSize(56).matches("[A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{5}[AQgw]==");
            assertThat(Base64.getUrlDecoder().decode(key)).hasSize(40);
        }
    }

    @Test
    void checksumDependsOnTheKindSeed() {
        String master = generator.masterKey();
        String function = generator.functionKey();
        String system = generator.systemKey();
        assertThat(IdentifiableSecretGenerator.isIdentifiable(master, MASTER_KEY_SEED)).isTrue();
        assertThat(IdentifiableSecretGenerator.isIdentifiable(master, FUNCTION_KEY_SEED)).isFalse();
        assertThat(IdentifiableSecretGenerator.isIdentifiable(function, FUNCTION_KEY_SEED)).isTrue();
        assertThat(IdentifiableSecretGenerator.isIdentifiable(function, SYSTEM_KEY_SEED)).isFalse();
        assertThat(IdentifiableSecretGenerator.isIdentifiable(system, SYSTEM_KEY_SEED)).isTrue();
        assertThat(IdentifiableSecretGenerator.isIdentifiable(system, MASTER_KEY_SEED)).isFalse();
    }

    @Test
    void tamperingBreaksTheChecksum() {
        String key = generator.functionKey();
        char first = key.charAt(0);
        String tampered = (first == 'A' ? 'B' : 'A') + key.substring(1);
        assertThat(IdentifiableSecretGenerator.isIdentifiable(tampered, FUNCTION_KEY_SEED)).isFalse();
        assertThat(IdentifiableSecretGenerator.isIdentifiable("not a key", FUNCTION_KEY_SEED)).isFalse();
        assertThat(IdentifiableSecretGenerator.isIdentifiable(null, FUNCTION_KEY_SEED)).isFalse();
    }

    @Test
    void valuesAreRandom() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(generator.functionKey());
        }
        assertThat(keys).hasSize(1000);
    }

    /** How Azure's tests derive the seeds: the ASCII bytes, reversed, read as a little-endian long. */
    private static long seed(String tag) {
        return ByteBuffer.wrap(tag.getBytes(StandardCharsets.US_ASCII)).getLong();
    }
}
