package dev.reprise.cli;

import dev.reprise.transform.record.RecordingMode;

/** Reads {@code --mode} together with the older {@code --full} switch of record and instrument. */
final class RecordingModes {
    private RecordingModes() {
    }

    /** The mode named by {@code --mode} (or {@code fallback} when absent); {@code --full} means full and cannot contradict it. */
    static RecordingMode of(String mode, boolean full, RecordingMode fallback) {
        RecordingMode m;
        if (mode == null) {
            m = full ? RecordingMode.FULL : fallback;
        } else {
            try {
                m = RecordingMode.of(mode);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCode.USAGE, "--mode: " + e.getMessage());
            }
        }
        if (full && m != RecordingMode.FULL) {
            throw new UserError(ExitCode.USAGE, "--full contradicts --mode " + m.text() + " (--full is --mode full)");
        }
        return m;
    }
}
