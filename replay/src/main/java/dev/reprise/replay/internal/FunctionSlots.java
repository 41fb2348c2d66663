package dev.reprise.replay.internal;

import java.util.Map;

/**
 * Where a replay module kept apart from its target reaches the target's functions: slot
 * {@code slotOf.get(f)} of the funcref table {@code table} holds target function {@code f} (the
 * target fills the table with an active element segment when it is instantiated).
 *
 * @param table  the slot table's index in the replay module
 * @param slotOf target function index (the target's own numbering) to slot
 */
public record FunctionSlots(int table, Map<Integer, Integer> slotOf) {
    /** Copies the map. */
    public FunctionSlots {
        slotOf = Map.copyOf(slotOf);
    }

    /** The slot of target function {@code f}. */
    public int slot(int f) {
        Integer s = slotOf.get(f);
        if (s == null) {
            throw new IllegalStateException("target function " + f + " has no slot in the replay's function table");
        }
        return s;
    }
}
