package dev.reprise.benchmarks.bench;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The stages of one program's bench run, in the order they run, except that programs run by
 * reprise's runtime (WASI programs) are measured before they are verified.
 */
public enum Stage {
    /** Find the module (committed file or cached binary) and the files the run needs. */
    LOAD("load"),
    /** Run the original program once (checks its exit code; warms up and compiles). */
    RUN("run"),
    /** Add the recording hooks (timed once: a generation time). */
    INSTRUMENT("instrument"),
    /** Record once in the default mode (host for WASI programs, shadow under node): the trace replay is made from. */
    RECORD("record"),
    /** Record once with {@code --full} (every read: the unreduced trace of the reduction figure). */
    RECORD_FULL("record-full"),
    /** Reduce that trace (timed once). */
    REDUCE("reduce"),
    /** Generate the standalone replay module (timed once). */
    REPLAY("replay"),
    /** Run the replay module once on the program's engine (it must reach its recorded end). */
    REPLAY_RUN("replay-run"),
    /** Check that the replay reproduced the recorded run (and on the other engine). */
    VERIFY("verify"),
    /**
     * The timed runs: {@code repeat} rounds of original, recorded run and replay (whatever earlier
     * stages made): node programs' interleaved, so that machine load falls on all three alike;
     * WASI programs' right after {@link #REPLAY_RUN}, each run in fresh JVMs of its own
     * ({@code --forks}), or interleaved in the bench's JVM with {@code --forks 0}.
     */
    MEASURE("measure");

    private final String json;

    Stage(String json) {
        this.json = json;
    }

    /** The name used in results.json, the report and progress lines. */
    @JsonValue
    public String json() {
        return json;
    }

    /** The stage of that name. */
    @JsonCreator
    public static Stage of(String json) {
        for (Stage s : values()) {
            if (s.json.equals(json)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage \"" + json + "\"");
    }
}
