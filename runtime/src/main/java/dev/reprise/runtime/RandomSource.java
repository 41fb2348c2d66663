package dev.reprise.runtime;

import java.security.SecureRandom;

/**
 * Where {@code random_get} takes its bytes from: the seeded {@link SeededRandom} stream by
 * default, or the host's {@link #secure() SecureRandom} when the user asks for real randomness
 * ({@code --real-random}). The runtime never picks a real source by itself.
 */
public interface RandomSource {
    /** Fills {@code dst} with the next bytes. */
    void nextBytes(byte[] dst);

    /** The host's {@link SecureRandom}: a different stream on every run. */
    static RandomSource secure() {
        SecureRandom random = new SecureRandom();
        return random::nextBytes;
    }
}
