package dev.reprise.transform.record;

import java.util.Locale;

/**
 * Where the recording instrumentation finds out which values the host changed.
 *
 * <ul>
 * <li>{@link #HOST}: the module gets boundary hooks only (export and import calls with their
 *   values, the start function); a JVM recorder that owns the engine's memories notes every byte
 *   the host writes while it has control and reports it when the guest resumes. No code per load
 *   or store: the fastest mode, for recorders that can intercept the host (reprise's WASI sandbox
 *   and Java hosts on Endive).</li>
 * <li>{@link #SHADOW}: a second memory per memory mirrors the module's own stores and each load
 *   is compared with it inline; only loads of host-changed values are reported. Works under any
 *   host that offers multi-memory, without trusting the host to report its writes (JavaScript).</li>
 * <li>{@link #FULL}: every load is reported (no multi-memory needed; the reducer drops what the
 *   module already knew).</li>
 * </ul>
 */
public enum RecordingMode {
    HOST,
    SHADOW,
    FULL;

    /** The lower-case name used on the command line and in trace headers. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code text} (case-insensitive), or an {@link IllegalArgumentException} listing the names. */
    public static RecordingMode of(String text) {
        for (RecordingMode m : values()) {
            if (m.text().equalsIgnoreCase(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown recording mode '" + text + "' (host, shadow or full)");
    }
}
