package dev.reprise.record.trace;

import dev.reprise.record.trace.internal.Hex;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a trace says about itself: format version, the SHA-256 of the module that was recorded
 * (32 bytes, or empty when unknown), the recorder, the features the run used (for example
 * {@code threads}, {@code simd}, {@code multi-memory}), the start options and free-form metadata.
 */
public record TraceHeader(int formatVersion, byte[] moduleSha256, RecorderKind recorder, List<String> features,
        StartOptions start, Map<String, String> metadata) {

    /** The format version this library writes and reads. */
    public static final int CURRENT_VERSION = 1;

    /** Checks the digest length and copies the collections (keeping their order). */
    public TraceHeader {
        Objects.requireNonNull(moduleSha256, "moduleSha256");
        if (moduleSha256.length != 0 && moduleSha256.length != 32) {
            throw new IllegalArgumentException("module SHA-256 must have 32 bytes, not " + moduleSha256.length);
        }
        Objects.requireNonNull(recorder, "recorder");
        Objects.requireNonNull(start, "start");
        features = List.copyOf(features);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A header of the current version. */
    public static TraceHeader of(byte[] moduleSha256, RecorderKind recorder, List<String> features,
            StartOptions start, Map<String, String> metadata) {
        return new TraceHeader(CURRENT_VERSION, moduleSha256, recorder, features, start, metadata);
    }

    /** The module digest as lower-case hex (empty when unknown). */
    public String moduleSha256Hex() {
        return Hex.of(moduleSha256);
    }

    /** The module digest as a fresh array. */
    @Override
    public byte[] moduleSha256() {
        return moduleSha256.clone();
    }

    /**
     * Checks that this trace was recorded from the module whose bytes are {@code wasm}; throws
     * {@link BadTraceException} naming both digests when not. A header without a digest matches any module.
     */
    public void requireModule(byte[] wasm) {
        if (moduleSha256.length == 0) {
            return;
        }
        byte[] actual;
        try {
            actual = java.security.MessageDigest.getInstance("SHA-256").digest(wasm);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        if (!Arrays.equals(actual, moduleSha256)) {
            throw BadTraceException.of("the trace was recorded from module sha256:" + moduleSha256Hex()
                    + ", not from this module (sha256:" + Hex.of(actual) + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TraceHeader)) {
            return false;
        }
        TraceHeader h = (TraceHeader) o;
        return h.formatVersion == formatVersion && Arrays.equals(h.moduleSha256, moduleSha256)
                && h.recorder == recorder && h.features.equals(features) && h.start.equals(start)
                && h.metadata.equals(metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(formatVersion, recorder, features, start, metadata) * 31 + Arrays.hashCode(moduleSha256);
    }

    @Override
    public String toString() {
        return "TraceHeader[version=" + formatVersion + ", module=" + moduleSha256Hex() + ", recorder=" + recorder
                + ", features=" + features + ", start=" + start + ", metadata=" + metadata + "]";
    }
}
