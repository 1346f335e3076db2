package io.fnhost.core.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Published Marvin32 test vectors (SymCrypt's, and those Microsoft.Security.Utilities checks against). */
class Marvin32Test {

    @Test
    void matchesSymCryptVectors() {
        assertThat(Marvin32.hash(ascii("abc"), 0, 3, 0xd53cd9cecd0893b7L)).isEqualTo(0x22c74339492769bfL);
        byte[] alphabet = ascii("abcdefghijklmnopqrstuvwxyz");
        assertThat(Marvin32.hash(alphabet, 0, alphabet.length, 0xddddeeeeffff000L)).isEqualTo(0xa128eb7e7260aca2L);
    }

    @Test
    void matchesVectorsForEveryTailLength() {
        long seed = 0x004fb61a001bdbccL;
        assertThat(Marvin32.hash(new byte[0], 0, 0, seed)).isEqualTo(0x30ed35c100cd3c7dL);
        assertThat(hash(seed, 0xaf)).isEqualTo(0x48e73fc77d75ddc1L);
        assertThat(hash(seed, 0xe7, 0x0f)).isEqualTo(0xb5f6e1fc485dbff8L);
        assertThat(hash(seed, 0x37, 0xf4, 0x95)).isEqualTo(0xf0b07c789b8cf7e8L);
        assertThat(hash(seed, 0x86, 0x42, 0xdc, 0x59)).isEqualTo(0x7008f2e87e9cf556L);
        assertThat(hash(seed, 0x15, 0x3f, 0xb7, 0x98, 0x26)).isEqualTo(0xe6c08c6da2afa997L);
        assertThat(hash(seed, 0x09, 0x32, 0xe6, 0x24, 0x6c, 0x47)).isEqualTo(0x6f04bf1a5ea24060L);
        assertThat(hash(seed, 0xab, 0x42, 0x7e, 0xa8, 0xd1, 0x0f, 0xc7)).isEqualTo(0xe11847e4f0678c41L);
        assertThat(hash(0x804fb61a801bdbccL, 0xff, 0x00)).isEqualTo(0xbdfb46d969730e2aL);
    }

    @Test
    void hashesOnlyTheGivenRangeAndFoldsTo32Bits() {
        byte[] padded = ascii("xxabcxx");
        long full = Marvin32.hash(ascii("abc"), 0, 3, 0xd53cd9cecd0893b7L);
        assertThat(Marvin32.hash(padded, 2, 3, 0xd53cd9cecd0893b7L)).isEqualTo(full);
        assertThat(Marvin32.hash32(padded, 2, 3, 0xd53cd9cecd0893b7L)).isEqualTo((int) (full >>> 32) ^ (int) full);
    }

    private static long hash(long seed, int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return Marvin32.hash(bytes, 0, bytes.length, seed);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
