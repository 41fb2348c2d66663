package dev.reprise.benchmarks.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One program's bench run: what it is, how far it got, its figures and every stage.
 *
 * @param index position in the manifest (merged reports keep manifest order)
 * @param name program name
 * @param host "wasi" or "node"
 * @param description one line from the manifest
 * @param source {@code committed:PATH} or {@code binary:NAME}
 * @param licence the module's licence
 * @param provenance where the module comes from
 * @param exercises what the program exercises
 * @param status how far it got
 * @param verification how the replay was verified: {@code "full"} ({@code reprise verify}'s
 *     {@code Verifier}: provenance, the re-recorded replay compared event by event, final memories),
 *     {@code "self-check"} (the verifier could not handle it: the self-checking replay reached its
 *     recorded end and the other engine agreed), or null when it was not
 * @param failure the first failing stage, or null
 * @param figures what was measured
 * @param stages every stage that ran, in order
 * @param notes what else is worth knowing (e.g. node could not run the replay)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgramResult(int index, String name, String host, String description, String source,
        String licence, String provenance, List<String> exercises, Status status, String verification, Failure failure, Figures figures,
        List<StageResult> stages, List<String> notes) {

    public ProgramResult {
        exercises = List.copyOf(exercises);
        stages = List.copyOf(stages);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** How far a program got. */
    public enum Status {
        /** The replay ran to its recorded end and was verified. */
        VERIFIED,
        /** The replay ran to its recorded end; verification failed or was not possible. */
        REPLAYED,
        /** No replay ran to its end. */
        FAILED;

        /** The lower-case name used in results.json and the report. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The status of that name. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Status of(String json) {
            return valueOf(json.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Whether the replay ran to its recorded end. */
    public boolean replayed() {
        return status == Status.VERIFIED || status == Status.REPLAYED;
    }
}
