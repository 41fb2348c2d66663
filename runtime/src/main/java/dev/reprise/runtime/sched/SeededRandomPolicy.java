package dev.reprise.runtime.sched;

import dev.reprise.runtime.SeededRandom;

/** Uniformly random choices from a {@link SeededRandom} stream: the same seed, the same schedule. */
public final class SeededRandomPolicy implements DecisionSource {
    private final long seed;
    private final SeededRandom random;

    public SeededRandomPolicy(long seed) {
        this.seed = seed;
        this.random = new SeededRandom(seed ^ 0x5CED_5CED_5CED_5CEDL);
    }

    @Override
    public int choose(DecisionKind kind, int optionCount) {
        return random.nextInt(optionCount);
    }

    @Override
    public String toString() {
        return "SeededRandomPolicy(" + seed + ")";
    }
}
