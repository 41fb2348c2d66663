package dev.reprise.benchmarks.bench.internal;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ReducedTrace;
import java.util.List;

/**
 * How a correct replay ends. Normally {@code _start} returns. When the recorded run ended inside
 * an import call that never returned ({@code proc_exit}), the replay reproduces that call with
 * {@code unreachable}: the correct end is then a trap whose innermost guest frame is that
 * import's replay function (it keeps the import's name), and any other trap is a difference.
 *
 * @param trapImport the name of the import the run ended in, or null when the replay returns
 */
public record ExpectedEnd(String trapImport) {
    /** What the replay of this reduced trace should do. */
    public static ExpectedEnd of(ReducedTrace trace) {
        for (ImportReplay imp : trace.imports()) {
            for (CallRun run : imp.runs()) {
                if (!run.call().returns()) {
                    return new ExpectedEnd(imp.name().isEmpty() ? "import " + imp.funcIndex() : imp.name());
                }
            }
        }
        return new ExpectedEnd(null);
    }

    /** {@code "return"} or {@code "trap in NAME"}. */
    public String describe() {
        return trapImport == null ? "return" : "trap in " + trapImport;
    }

    /** Whether a trap with this innermost-first guest stack is the expected end. */
    public boolean isExpectedTrap(List<String> guestStack) {
        return trapImport != null && !guestStack.isEmpty() && guestStack.get(0).contains(trapImport);
    }

    /** Whether a trap with this JavaScript stack text (node) is the expected end. */
    public boolean isExpectedTrap(String jsStack) {
        if (trapImport == null || jsStack == null) {
            return false;
        }
        for (String line : jsStack.split("\n")) {
            String l = line.strip();
            if (l.startsWith("at ")) {
                return l.contains(trapImport);  // the innermost wasm frame
            }
        }
        return false;
    }
}
