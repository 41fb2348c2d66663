package dev.reprise.runtime.check;

/** How the model checker walks the decision tree. */
public enum Strategy {
    /** Exhaustive depth-first search (with sleep-set reduction unless turned off). */
    DFS,
    /**
     * Breadth-first by deviations from the default schedule (as deterministic-wasm explores):
     * exhaustive, no reduction.
     */
    BFS,
    /** Seeded uniform random choice at every decision, one fresh seed per execution. */
    RANDOM,
    /** Probabilistic concurrency testing (Burckhardt et al.): random thread priorities with d-1 change points. */
    PCT
}
