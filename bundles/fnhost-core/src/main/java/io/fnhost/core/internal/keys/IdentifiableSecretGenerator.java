package io.fnhost.core.internal.keys;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generates key values in the format of Azure's host ({@code SecretGenerator}, built on
 * Microsoft.Security.Utilities {@code IdentifiableSecrets.GenerateUrlSafeBase64Key(seed, 40, "AzFu",
 * elidePadding: false)}): 40 bytes, of which bytes 0-32 are random, bytes 33-35 are the decoded
 * {@code AzFu} signature and bytes 36-39 the little-endian Marvin32 checksum of bytes 0-35 under a
 * per-kind seed; rendered as URL-safe base64 with its {@code ==} padding, 56 characters, with
 * {@code AzFu} at characters 44-47. Secret scanners recognise such keys by signature and checksum.
 * <p>
 * With 40 bytes, the 33 bytes before the signature fill whole base64 characters ((40 - 7) * 8 is a
 * multiple of 6), so the signature needs no bit shift and byte 32 stays random, as in Azure.
 */
final class IdentifiableSecretGenerator {
    /** Azure Functions' signature. */
    static final String SIGNATURE = "AzFu";
    /** Seeds from Azure's {@code SecretGenerator}: "Master00", "System00", "Functi00" read as big-endian ASCII. */
    static final long MASTER_KEY_SEED = 0x4d61737465723030L;
    static final long SYSTEM_KEY_SEED = 0x53797374656d3030L;
    static final long FUNCTION_KEY_SEED = 0x46756e6374693030L;

    static final int KEY_BYTES = 40;
    private static final int SIGNATURE_OFFSET = 33;
    private static final int CHECKSUM_OFFSET = 36;
    private static final byte[] SIGNATURE_BYTES = Base64.getUrlDecoder().decode(SIGNATURE);

    private final SecureRandom random;

    IdentifiableSecretGenerator(SecureRandom random) {
        this.random = random;
    }

    String masterKey() {
        return generate(MASTER_KEY_SEED);
    }

    /** Function keys and host function keys share Azure's function key seed. */
    String functionKey() {
        return generate(FUNCTION_KEY_SEED);
    }

    String systemKey() {
        return generate(SYSTEM_KEY_SEED);
    }

    String generate(long seed) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        System.arraycopy(SIGNATURE_BYTES, 0, bytes, SIGNATURE_OFFSET, SIGNATURE_BYTES.length);
        writeChecksum(bytes, seed);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    /**
     * Whether {@code key} is an identifiable secret of this format for {@code seed}: right length,
     * signature at its place and a matching checksum (Azure's {@code ValidateBase64Key}).
     */
    static boolean isIdentifiable(String key, long seed) {
        if (key == null || key.length() != 56 || !key.startsWith(SIGNATURE, 44)) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(key);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        byte[] expected = bytes.clone();
        writeChecksum(expected, seed);
        return java.util.Arrays.equals(bytes, expected);
    }

    private static void writeChecksum(byte[] bytes, long seed) {
        int checksum = Marvin32.hash32(bytes, 0, CHECKSUM_OFFSET, seed);
        for (int i = 0; i < 4; i++) {
            bytes[CHECKSUM_OFFSET + i] = (byte) (checksum >>> (8 * i));
        }
    }
}
