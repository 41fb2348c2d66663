package dev.reprise.runtime;

/** Which Endive execution engine runs the guest. */
public enum Engine {
    /** Endive's wasm-to-JVM-bytecode compiler ({@code run.endive:compiler}); the default. */
    COMPILER,
    /** Endive's interpreter. */
    INTERPRETER;

    /** Parses {@code compiler} or {@code interpreter} (case-insensitive). */
    public static Engine parse(String s) {
        for (Engine e : values()) {
            if (e.name().equalsIgnoreCase(s)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + s + "' (expected compiler or interpreter)");
    }
}
