package dev.reprise.benchmarks.bench;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How one stage of one program went: whether it succeeded, its wall time in seconds (the whole
 * stage, warm-up and repeats included) and, when it failed, a one-line error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageResult(Stage stage, boolean ok, double seconds, String error) {
}
