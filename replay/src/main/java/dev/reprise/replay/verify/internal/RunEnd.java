package dev.reprise.replay.verify.internal;

import dev.reprise.replay.ReplayGenerator;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Termination;
import dev.reprise.wasm.Export;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.ModuleReader;
import run.endive.runtime.Instance;

/** Whether a replay's run ended where the recorded run did. */
final class RunEnd {
    private RunEnd() {
    }

    /**
     * True when the replay returned from {@code _start}, exited (a kept {@code proc_exit}), or
     * trapped with {@value ReplayGenerator#END_EXPORT} set (the recorded run ended inside that
     * import call, or trapped in the target's own code during its last export call, which the
     * driver marks before making it); a trap without it is a failed self-check (which clears the
     * mark) or a departure from the recording.
     */
    static boolean asRecorded(RunOutcome outcome, Instance main, byte[] replay) {
        if (outcome.termination() == Termination.RETURNED || outcome.termination() == Termination.EXITED) {
            return true;
        }
        if (outcome.termination() != Termination.TRAPPED || main == null) {
            return false;
        }
        Export end = new ModuleReader(replay).summary().export(ReplayGenerator.END_EXPORT);
        return end != null && end.kind() == ExternalKind.GLOBAL && main.global(end.index()).getValueLow() == 1;
    }
}
