package dev.reprise.runtime;

/**
 * The deterministic byte stream behind {@code random_get}: xoshiro256** (Blackman and Vigna,
 * 2018) whose 256-bit state is filled by four SplitMix64 outputs from the seed. Output words
 * are consumed little-endian and the stream continues across calls, so every call returns
 * fresh bytes, and the same seed always yields the same sequence.
 */
public final class SeededRandom implements RandomSource {
    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private long word;
    private int wordBytesLeft;

    /** A stream for {@code seed}. */
    public SeededRandom(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64-bit output of xoshiro256**. */
    public synchronized long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** A uniform value in {@code [0, bound)} (bound > 0), by rejection sampling. */
    public synchronized int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long limit = Long.remainderUnsigned(-1L, bound);
        while (true) {
            long r = nextLong();
            if (Long.compareUnsigned(r, -1L - limit) <= 0 || limit == bound - 1) {
                return (int) Long.remainderUnsigned(r, bound);
            }
        }
    }

    /** Fills {@code dst} with the next bytes of the stream. */
    @Override
    public synchronized void nextBytes(byte[] dst) {
        for (int i = 0; i < dst.length; i++) {
            if (wordBytesLeft == 0) {
                word = nextLong();
                wordBytesLeft = 8;
            }
            dst[i] = (byte) word;
            word >>>= 8;
            wordBytesLeft--;
        }
    }
}
