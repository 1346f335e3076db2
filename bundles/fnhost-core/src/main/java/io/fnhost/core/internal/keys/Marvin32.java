package io.fnhost.core.internal.keys;

/**
 * The Marvin32 hash (Niels Ferguson's seeded hash, as in SymCrypt and .NET), which Azure's
 * identifiable secrets use as their checksum. Written from the published algorithm: the input is
 * consumed as little-endian 32-bit words, each followed by one block round; the last 0-3 bytes are
 * padded with a 0x80 byte into a final word, followed by two block rounds.
 */
final class Marvin32 {
    private Marvin32() {
    }

    /** The 64-bit Marvin value: {@code p1 << 32 | p0}. */
    static long hash(byte[] data, int offset, int length, long seed) {
        int p0 = (int) seed;
        int p1 = (int) (seed >>> 32);
        int end = offset + length;
        int i = offset;
        for (; end - i >= 4; i += 4) {
            p0 += (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | (data[i + 3] & 0xff) << 24;
            // one block round, inlined to keep p0/p1 in locals
            p1 ^= p0;
            p0 = Integer.rotateLeft(p0, 20);
            p0 += p1;
            p1 = Integer.rotateLeft(p1, 9);
            p1 ^= p0;
            p0 = Integer.rotateLeft(p0, 27);
            p0 += p1;
            p1 = Integer.rotateLeft(p1, 19);
        }
        int last = 0x80;
        for (int j = end - 1; j >= i; j--) {
            last = last << 8 | (data[j] & 0xff);
        }
        p0 += last;
        for (int round = 0; round < 2; round++) {
            p1 ^= p0;
            p0 = Integer.rotateLeft(p0, 20);
            p0 += p1;
            p1 = Integer.rotateLeft(p1, 9);
            p1 ^= p0;
            p0 = Integer.rotateLeft(p0, 27);
            p0 += p1;
            p1 = Integer.rotateLeft(p1, 19);
        }
        return (long) p1 << 32 | (p0 & 0xffffffffL);
    }

    /** The 32-bit Marvin value ({@code p1 ^ p0}), as .NET's {@code Marvin.ComputeHash32}. */
    static int hash32(byte[] data, int offset, int length, long seed) {
        long hash = hash(data, offset, length, seed);
        return (int) (hash >>> 32) ^ (int) hash;
    }
}
