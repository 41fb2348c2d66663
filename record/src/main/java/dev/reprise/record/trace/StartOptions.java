package dev.reprise.record.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the recorded run was started: program arguments, environment, the seed of the runtime's
 * randomness, and further named options (for example {@code real-clock}, {@code dir}). Maps keep
 * their insertion order so that a trace re-encodes to identical bytes.
 */
public record StartOptions(List<String> args, Map<String, String> env, long seed, Map<String, String> options) {

    /** No arguments, no environment, seed 0. */
    public static final StartOptions NONE = new StartOptions(List.of(), Map.of(), 0, Map.of());

    /** Copies the collections, keeping their order. */
    public StartOptions {
        args = List.copyOf(args);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
