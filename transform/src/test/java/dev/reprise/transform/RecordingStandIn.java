package dev.reprise.transform;

import dev.reprise.transform.record.RecordingHook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;

/**
 * Host functions for every {@code reprise_rec} hook that only note each call (name and raw
 * arguments), standing in for the recorders written later.
 */
final class RecordingStandIn {
    /** One hook call. */
    record Event(String name, long[] args) {
        @Override
        public String toString() {
            return name + Arrays.toString(args);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Event e && e.name.equals(name) && Arrays.equals(e.args, args);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(args);
        }
    }

    final List<Event> events = new ArrayList<>();
    /** Calls of any hook so far. */
    long count;
    private final boolean keep;

    RecordingStandIn() {
        this(true);
    }

    /** @param keep whether to keep each event, or only count them */
    RecordingStandIn(boolean keep) {
        this.keep = keep;
    }

    ImportValues.Builder addTo(ImportValues.Builder b) {
        for (RecordingHook h : RecordingHook.values()) {
            List<ValType> params = new ArrayList<>();
            for (dev.reprise.wasm.ValType t : h.type().params()) {
                params.add(t.code() == dev.reprise.wasm.ValType.I32_CODE ? ValType.I32 : ValType.I64);
            }
            String name = h.importName();
            b.addFunction(new HostFunction(RecordingHook.MODULE, name, FunctionType.of(params, List.of()), (inst, args) -> {
                count++;
                if (keep) {
                    events.add(new Event(name, args.clone()));
                }
                return null;
            }));
        }
        return b;
    }

    /** The events whose name starts with {@code prefix}. */
    List<Event> named(String prefix) {
        return events.stream().filter(e -> e.name.startsWith(prefix)).toList();
    }

    static Event event(String name, long... args) {
        return new Event(name, args);
    }
}
