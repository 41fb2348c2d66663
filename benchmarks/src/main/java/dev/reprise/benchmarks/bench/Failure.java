package dev.reprise.benchmarks.bench;

/** The first failing stage of a program and its one-line message. */
public record Failure(Stage stage, String message) {
    @Override
    public String toString() {
        return stage.json() + ": " + message;
    }
}
