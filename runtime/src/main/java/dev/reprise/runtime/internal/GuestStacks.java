package dev.reprise.runtime.internal;

import dev.reprise.transform.record.RecordingInstrumentation;
import java.util.ArrayList;
import java.util.List;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.NameCustomSection;

/**
 * Recovers the guest call stack of a trap from the Java stack of the exception: the Endive
 * compiler emits one method {@code func_N} per wasm function N. Names come from the name
 * section when present, else the export name, else {@code $funcN}. (The interpreter leaves no such frames; its
 * stack is then empty.)
 */
public final class GuestStacks {
    private GuestStacks() {}

    /** The name of function {@code idx}: name section, else export name, else {@code $funcN}. */
    public static String nameOf(WasmModule module, int idx) {
        NameCustomSection names;
        try {
            names = module.nameSection();
        } catch (RuntimeException e) {
            names = null;
        }
        String name = names == null ? null : names.nameOfFunction(idx);
        return name != null ? name : exportName(module, idx);
    }

    private static String exportName(WasmModule module, int idx) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var e = exports.getExport(i);
            if (e.exportType() == run.endive.wasm.types.ExternalType.FUNCTION && e.index() == idx) {
                return e.name();
            }
        }
        return "$func" + idx;
    }

    private static final int MAX_ENTRIES = 64;

    /**
     * Guest function names, innermost first; runs of the same function (deep recursion) are
     * collapsed into {@code "name (xN)"}, functions a recording instrumentation added (named
     * {@code reprise_rec.*}) are left out, and the list is capped at 64 entries.
     */
    public static List<String> of(Throwable t, WasmModule module) {
        return collapse(raw(t, module));
    }

    /**
     * Collapses runs of one name into {@code "name (xN)"}, leaves out the recording
     * instrumentation's functions and caps the list at 64 entries.
     */
    public static List<String> collapse(List<String> frames) {
        List<String> raw = frames.stream().filter(n -> !n.startsWith(RecordingInstrumentation.ADDED_FUNCTION_PREFIX)).toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size() && out.size() < MAX_ENTRIES; ) {
            int j = i;
            while (j < raw.size() && raw.get(j).equals(raw.get(i))) {
                j++;
            }
            out.add(j - i == 1 ? raw.get(i) : raw.get(i) + " (x" + (j - i) + ")");
            i = j;
        }
        return out;
    }

    private static List<String> raw(Throwable t, WasmModule module) {
        List<String> out = new ArrayList<>();
        NameCustomSection names = null;
        try {
            names = module.nameSection();
        } catch (RuntimeException e) {
            names = null;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (StackTraceElement e : c.getStackTrace()) {
                String m = e.getMethodName();
                if (m.startsWith("func_")) {
                    try {
                        int idx = Integer.parseInt(m.substring(5));
                        String name = names == null ? null : names.nameOfFunction(idx);
                        out.add(name != null ? name : exportName(module, idx));
                    } catch (NumberFormatException ex) {
                        // not a compiled wasm function
                    }
                }
            }
            if (!out.isEmpty()) {
                break;
            }
        }
        return out;
    }
}
