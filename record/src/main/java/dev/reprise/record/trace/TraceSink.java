package dev.reprise.record.trace;

import java.util.List;

/**
 * Something that takes trace events in order: a trace writer, a reducer, a collector.
 *
 * <p>Recorders on a hot path hand import calls and returns over as the engine's raw value slots
 * ({@link #importCall}, {@link #importReturn}); a sink that encodes (the {@link TraceWriter})
 * writes them without building event objects, and every other sink gets the same events through
 * {@link #write}.
 */
@FunctionalInterface
public interface TraceSink {
    /** Takes the next event. */
    void write(TraceEvent event);

    /**
     * Takes an {@link TraceEvent.ImportCall} whose arguments are {@code raw[i]} of numeric type
     * {@code types[i]} (i32 and f32 in the low 32 bits, f32/f64 as IEEE bits).
     */
    default void importCall(int tid, int funcIndex, String module, String name, ValType[] types, long[] raw) {
        write(new TraceEvent.ImportCall(tid, funcIndex, module, name, values(types, raw)));
    }

    /** Takes an {@link TraceEvent.ImportReturn} whose results are given as for {@link #importCall} ({@code raw} null: none). */
    default void importReturn(int tid, int funcIndex, ValType[] types, long[] raw) {
        write(new TraceEvent.ImportReturn(tid, funcIndex, values(types, raw)));
    }

    /** The values of numeric {@code types} held in raw slots {@code raw} (null when there are none). */
    static List<Value> values(ValType[] types, long[] raw) {
        if (types.length == 0) {
            return List.of();
        }
        Value[] v = new Value[types.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Value.ofRaw(types[i], raw[i]);
        }
        return List.of(v);
    }
}
