package dev.reprise.reduce.internal;

import dev.reprise.reduce.Effect;
import dev.reprise.record.trace.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effects gathered at one host-control point while the reducer walks the trace. Bytes are
 * kept per memory as disjoint runs (a later store over the same bytes wins) and turned into
 * stores at the end: contiguous bytes merge into one store (or, with merging off, every byte
 * stays its own store, as Wasm-R3 replays them).
 */
public final class EffectBundle {
    // created on first use: most bundles stay empty, and a reduction holds one per call until it is final
    private Map<Integer, Long> memoryPages;
    private Map<Integer, Long> tableSizes;
    private Map<Integer, ByteRuns> bytes;
    private Map<Long, Effect.TableSet> tableSets;
    private Map<Integer, Value> globals;
    private List<Effect.Store> asRead;
    /** The runs of the memory stored to last (nearly always memory 0). */
    private int lastMemory;
    private ByteRuns lastRuns;

    /** Adds one byte the host wrote. */
    public void store(int memory, long address, byte value) {
        runs(memory).put(address, new byte[] {value}, 0, 1);
    }

    /** Adds bytes the host wrote at {@code address} (not copied beyond this call). */
    public void store(int memory, long address, byte[] values) {
        if (values.length > 0) {
            runs(memory).put(address, values, 0, values.length);
        }
    }

    /** Adds {@code values[offset..offset+n)}, which the host wrote at {@code address} (not copied beyond this call). */
    public void store(int memory, long address, byte[] values, int offset, int n) {
        if (n > 0) {
            runs(memory).put(address, values, offset, n);
        }
    }

    /**
     * Adds a store kept as it is, never merged with others nor deduplicated: the "without
     * reduction" ablation replays every read this way.
     */
    public void storeAsRead(int memory, long address, byte[] value) {
        if (asRead == null) {
            asRead = new ArrayList<>();
        }
        asRead.add(new Effect.Store(memory, address, value));
    }

    /** Records that memory {@code memory} had {@code pages} pages. */
    public void memoryGrow(int memory, long pages) {
        if (memoryPages == null) {
            memoryPages = new TreeMap<>();
        }
        memoryPages.merge(memory, pages, Math::max);
    }

    /** Records that table {@code table} had {@code size} elements. */
    public void tableGrow(int table, long size) {
        if (tableSizes == null) {
            tableSizes = new TreeMap<>();
        }
        tableSizes.merge(table, size, Math::max);
    }

    /** Records a table element the host set. */
    public void tableSet(int table, long index, Value value) {
        long key = ((long) table << 40) ^ index;
        if (tableSets == null) {
            tableSets = new LinkedHashMap<>();
        }
        tableSets.remove(key);
        tableSets.put(key, new Effect.TableSet(table, index, value));
    }

    /** Records a global the host set (the last value wins). */
    public void globalSet(int global, Value value) {
        if (globals == null) {
            globals = new LinkedHashMap<>();
        }
        globals.remove(global);
        globals.put(global, value);
    }

    /** The effects in replay order: growth, stores (runs by address), table sets, global sets. */
    public List<Effect> finish(boolean merge) {
        List<Effect> out = new ArrayList<>();
        if (memoryPages != null) {
            memoryPages.forEach((m, p) -> out.add(new Effect.MemoryGrow(m, p)));
        }
        if (tableSizes != null) {
            tableSizes.forEach((t, s) -> out.add(new Effect.TableGrow(t, s)));
        }
        if (bytes != null) {
            bytes.forEach((m, map) -> runs(m, map, merge, out));
        }
        if (asRead != null) {
            out.addAll(asRead);
        }
        if (tableSets != null) {
            out.addAll(tableSets.values());
        }
        if (globals != null) {
            globals.forEach((g, v) -> out.add(new Effect.GlobalSet(g, v)));
        }
        return out;
    }

    private ByteRuns runs(int memory) {
        if (lastRuns != null && lastMemory == memory) {
            return lastRuns;
        }
        if (bytes == null) {
            bytes = new TreeMap<>();
        }
        lastMemory = memory;
        lastRuns = bytes.computeIfAbsent(memory, k -> new ByteRuns());
        return lastRuns;
    }

    private static void runs(int memory, ByteRuns runs, boolean merge, List<Effect> out) {
        runs.forEach((address, data) -> {
            if (merge) {
                out.add(new Effect.Store(memory, address, data));
            } else {
                for (int i = 0; i < data.length; i++) {
                    out.add(new Effect.Store(memory, address + i, new byte[] {data[i]}));
                }
            }
        });
    }
}
