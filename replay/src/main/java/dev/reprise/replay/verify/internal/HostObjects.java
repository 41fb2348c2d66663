package dev.reprise.replay.verify.internal;

import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.ValType;
import dev.reprise.record.trace.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The one value a replay cannot reproduce: a non-null {@code externref} is a host object (a
 * JavaScript object wasm-bindgen hands the module, say), and a replay with no host has none, so it
 * passes {@code ref.null extern} wherever the recording had one (see the replay's README). An
 * event of the recording is matched against the replay's re-recording as the replay can play it:
 * its non-null externrefs read as null. Everything else, null-ness of funcrefs and of recorded
 * null externrefs included, must be identical.
 */
final class HostObjects {
    private HostObjects() {
    }

    /** {@code expected} as a replay reproduces it: its non-null externrefs replaced by null. */
    static TraceEvent asReplayed(TraceEvent expected) {
        if (expected instanceof TraceEvent.ExportCall c && hasHostObject(c.args())) {
            return new TraceEvent.ExportCall(c.tid(), c.funcIndex(), c.name(), asReplayed(c.args()));
        } else if (expected instanceof TraceEvent.ExportReturn r && hasHostObject(r.results())) {
            return new TraceEvent.ExportReturn(r.tid(), r.funcIndex(), asReplayed(r.results()));
        } else if (expected instanceof TraceEvent.ImportCall c && hasHostObject(c.args())) {
            return new TraceEvent.ImportCall(c.tid(), c.funcIndex(), c.module(), c.name(), asReplayed(c.args()));
        } else if (expected instanceof TraceEvent.ImportReturn r && hasHostObject(r.results())) {
            return new TraceEvent.ImportReturn(r.tid(), r.funcIndex(), asReplayed(r.results()));
        } else if (expected instanceof TraceEvent.TableSet s && isHostObject(s.value())) {
            return new TraceEvent.TableSet(s.tid(), s.table(), s.index(), Value.nullRef(ValType.EXTERNREF));
        } else if (expected instanceof TraceEvent.GlobalChange g && isHostObject(g.value())) {
            return new TraceEvent.GlobalChange(g.tid(), g.global(), Value.nullRef(ValType.EXTERNREF));
        }
        return expected;
    }

    /** {@code values} as a replay reproduces them. */
    static List<Value> asReplayed(List<Value> values) {
        if (!hasHostObject(values)) {
            return values;
        }
        List<Value> out = new ArrayList<>(values.size());
        for (Value v : values) {
            out.add(isHostObject(v) ? Value.nullRef(ValType.EXTERNREF) : v);
        }
        return out;
    }

    private static boolean hasHostObject(List<Value> values) {
        for (Value v : values) {
            if (isHostObject(v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHostObject(Value v) {
        return v.type() == ValType.EXTERNREF && !v.isNull();
    }
}
