package dev.reprise.runtime.sched;

import java.util.Arrays;

/**
 * Replays a recorded list of choices (e.g. {@code --schedule 1,0,2}). After the list, the
 * fallback decides; without a fallback (strict) running out throws
 * {@link ScheduleDivergedException}, as does a choice that is out of range.
 */
public final class ScriptedDecisions implements DecisionSource {
    private final int[] script;
    private final DecisionSource fallback;
    private int next;

    /** @param fallback decides after the script ends; null for strict replay */
    public ScriptedDecisions(int[] script, DecisionSource fallback) {
        this.script = script.clone();
        this.fallback = fallback;
    }

    /** Strict replay: running out of the list or an out-of-range choice throws. */
    public static ScriptedDecisions strict(int[] script) {
        return new ScriptedDecisions(script, null);
    }

    /** Parses a comma-separated list such as {@code 1,0,2} (empty string: empty list). */
    public static int[] parse(String list) {
        String s = list.trim();
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad schedule entry '" + parts[i] + "' at position " + i
                        + " (expected a non-negative integer)", e);
            }
            if (out[i] < 0) {
                throw new IllegalArgumentException("bad schedule entry " + out[i] + " at position " + i
                        + " (expected a non-negative integer)");
            }
        }
        return out;
    }

    @Override
    public int choose(DecisionKind kind, int optionCount) {
        int[] options = new int[optionCount];
        for (int i = 0; i < optionCount; i++) {
            options[i] = i;
        }
        return chooseAmong(kind, options);
    }

    @Override
    public int chooseAmong(DecisionKind kind, int[] options) {
        int optionCount = options.length;
        int index = next++;
        if (index < script.length) {
            int c = script[index];
            if (c < 0 || c >= optionCount) {
                throw new ScheduleDivergedException(index, "choice " + c + " is out of range for "
                        + kind + " with " + optionCount + " options");
            }
            return c;
        }
        if (fallback == null) {
            throw new ScheduleDivergedException(index, "the scripted list of " + script.length
                    + " decisions ran out at a " + kind + " with " + optionCount + " options");
        }
        return fallback.chooseAmong(kind, options);
    }

    /** Whether running out of the list throws (no fallback). */
    public boolean isStrict() {
        return fallback == null;
    }

    /** The number of scripted decisions. */
    public int length() {
        return script.length;
    }

    /** A 64-bit FNV-1a digest of the scripted choices (see {@link #fingerprint(int[])}). */
    public long fingerprint() {
        return fingerprint(script);
    }

    /** A 64-bit FNV-1a digest of {@code choices} (each as four little-endian bytes), to tell two schedules apart. */
    public static long fingerprint(int[] choices) {
        long h = 0xcbf29ce484222325L;
        for (int c : choices) {
            for (int k = 0; k < 4; k++) {
                h ^= (c >>> (8 * k)) & 0xff;
                h *= 0x100000001b3L;
            }
        }
        return h;
    }

    /** How many decisions were consumed so far. */
    public int consumed() {
        return next;
    }

    @Override
    public String toString() {
        return "ScriptedDecisions" + Arrays.toString(script);
    }
}
