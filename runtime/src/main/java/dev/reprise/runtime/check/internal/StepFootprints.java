package dev.reprise.runtime.check.internal;

/**
 * The footprints of one segment of a run (from one decision to the next), per thread that ran
 * in it: usually one thread, more when the scheduler handed over without a decision.
 */
public record StepFootprints(int[] tids, Footprint[] footprints) {
    /** No thread ran. */
    public static final StepFootprints NONE = new StepFootprints(new int[0], new Footprint[0]);

    /** True when {@code tid} ran in this segment. */
    public boolean ran(int tid) {
        for (int t : tids) {
            if (t == tid) {
                return true;
            }
        }
        return false;
    }

    /** What {@code tid} touched here (empty if it did not run). */
    public Footprint of(int tid) {
        for (int i = 0; i < tids.length; i++) {
            if (tids[i] == tid) {
                return footprints[i];
            }
        }
        return Footprint.EMPTY;
    }

    /** True when any part of this segment is dependent on {@code f}. */
    public boolean dependent(Footprint f) {
        for (Footprint g : footprints) {
            if (g.dependent(f)) {
                return true;
            }
        }
        return false;
    }
}
