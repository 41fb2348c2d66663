package dev.reprise.record.trace;

import dev.reprise.record.trace.internal.WasmR3Values;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Wasm-R3 reference traces ({@code reference.r3}): one event per line, {@code ;}-separated
 * fields, {@code ,}-separated lists, with or without entity names (detected per line):
 *
 * <pre>
 * EC;funcidx[;name];args          host calls an export        -> ExportCall
 * TC;funcidx[;table];tableidx;args host calls through a table  -> ExportCall (name "")
 * ER                              top-level export returns     -> ExportReturn (no results)
 * IC;funcidx[;name]               import called                -> ImportCall (no args)
 * IR;funcidx[;name];results       import returns               -> ImportReturn
 * L;memidx[;name];addr;byte       one byte the host wrote      -> HostRead (adjacent bytes merged)
 * MG;memidx[;name];pages          memory grew by pages         -> MemoryGrow (new size)
 * T;tableidx[;name];idx;funcidx[;funcname]  element changed    -> TableSet
 * TG;tableidx[;name];n            table grew by n              -> TableGrow (new size)
 * G;globalidx[;name];value[;valtype]        global changed     -> GlobalChange
 * IG;globalidx;value  or  IG;idx;module;name;valtype;mutable;value  imported global's value -> GlobalChange
 * </pre>
 *
 * Values are JS number text, typed through a {@link SignatureLookup}. Wasm-R3 writes no
 * {@code ER} for export calls made from inside an import (re-entry): the importer adds their
 * {@link TraceEvent.ExportReturn} where they must have returned (before the next host action of
 * the enclosing import). Every problem is a {@link BadTraceException} naming the line.
 */
public final class WasmR3TraceImporter {
    /** What an import produced: lines read, events written, and whether every call was closed. */
    public record Result(long lines, long events, boolean balanced) {
    }

    private static final class Frame {
        final boolean export;
        final int func;

        Frame(boolean export, int func) {
            this.export = export;
            this.func = func;
        }
    }

    private final SignatureLookup lookup;
    private boolean mergeReads = true;

    /** An importer typing values through {@code lookup}. */
    public WasmR3TraceImporter(SignatureLookup lookup) {
        this.lookup = lookup;
    }

    /** Whether consecutive {@code L} bytes at consecutive addresses become one read (default true). */
    public WasmR3TraceImporter mergeReads(boolean merge) {
        this.mergeReads = merge;
        return this;
    }

    /**
     * A header for a trace imported from Wasm-R3 for the module {@code wasm}. Its metadata says
     * what Wasm-R3 does not record ({@code import-args}, {@code export-results}: "not recorded"),
     * so that consumers tell an empty list from an unknown one.
     */
    public static TraceHeader header(byte[] wasm) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(wasm);
            return TraceHeader.of(sha, RecorderKind.WASM_R3_IMPORT, List.of(), StartOptions.NONE,
                    metadata());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static Map<String, String> metadata() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("source", "wasm-r3");
        m.put("import-args", "not recorded");
        m.put("export-results", "not recorded");
        return m;
    }

    /** Imports the trace file {@code r3} recorded from the module {@code wasm} into memory. */
    public Trace importTrace(Path r3, byte[] wasm) {
        List<TraceEvent> events = new ArrayList<>();
        Result r;
        try (BufferedReader in = Files.newBufferedReader(r3, StandardCharsets.UTF_8)) {
            r = importTrace(in, events::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Trace(header(wasm), events, r.balanced());
    }

    /** Imports the lines of {@code in} into {@code out}, streaming. */
    public Result importTrace(BufferedReader in, TraceSink out) {
        return new Run(out).run(in);
    }

    /** The state of one import. */
    private final class Run {
        private final TraceSink out;
        private final Deque<Frame> frames = new ArrayDeque<>();
        private final Map<Integer, Long> memPages = new HashMap<>();
        private final Map<Integer, Long> tableSizes = new HashMap<>();
        private long events;
        private long lineNo;
        // A pending merged read.
        private int readMem = -1;
        private long readAddr;
        private byte[] readBytes = new byte[16];
        private int readLen;

        Run(TraceSink out) {
            this.out = out;
        }

        Result run(BufferedReader in) {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        line(line.strip());
                    } catch (IllegalArgumentException e) {
                        throw BadTraceException.atLine(e.getMessage(), lineNo, e);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            flushRead();
            return new Result(lineNo, events, frames.isEmpty());
        }

        private void emit(TraceEvent e) {
            out.write(e);
            events++;
        }

        private void line(String line) {
            String[] f = line.split(";", -1);
            String kind = f[0];
            if (!kind.equals("L")) {
                flushRead();
            }
            switch (kind) {
                case "EC":
                    exportCall(f, arity(f, 3, 4) == 4);
                    break;
                case "TC":
                    tableCall(f, arity(f, 4, 5) == 5);
                    break;
                case "ER":
                    arity(f, 1, 1);
                    exportReturn();
                    break;
                case "IC":
                    importCall(f, arity(f, 2, 3) == 3);
                    break;
                case "IR":
                    importReturn(f, arity(f, 3, 4) == 4);
                    break;
                case "L":
                    load(f, arity(f, 4, 5) == 5);
                    break;
                case "MG":
                    memGrow(f, arity(f, 3, 4) == 4);
                    break;
                case "T":
                    table(f);
                    break;
                case "TG":
                    tableGrow(f, arity(f, 3, 4) == 4);
                    break;
                case "G":
                    global(f);
                    break;
                case "IG":
                    importGlobal(f);
                    break;
                case "IT":
                case "IM":
                case "IF":
                case "ExportCall":
                case "ImportCall":
                case "ImportReturn":
                case "ImportMemory":
                case "Load":
                case "MemGrow":
                    throw new IllegalArgumentException("legacy Wasm-R3 trace event '" + kind + "' is not supported");
                default:
                    throw new IllegalArgumentException("unknown Wasm-R3 event '" + kind + "'");
            }
        }

        private int arity(String[] f, int unnamed, int named) {
            if (f.length != unnamed && f.length != named) {
                throw new IllegalArgumentException(f[0] + " event with " + (f.length - 1) + " fields (expected "
                        + (unnamed - 1) + (named != unnamed ? " or " + (named - 1) : "") + ")");
            }
            return f.length;
        }

        private int func(String s) {
            int idx = (int) WasmR3Values.index(s, "function index", Integer.MAX_VALUE);
            if (lookup.params(idx) == null || lookup.results(idx) == null) {
                throw new IllegalArgumentException("function " + idx + " is not in the module");
            }
            return idx;
        }

        private int idx(String s, String what) {
            return (int) WasmR3Values.index(s, what, Integer.MAX_VALUE);
        }

        private void closeNestedExport() {
            if (frames.size() >= 2 && frames.peek().export) {
                Frame f = frames.pop();
                emit(new TraceEvent.ExportReturn(0, f.func, List.of()));
            }
        }

        private void exportCall(String[] f, boolean named) {
            int func = func(f[1]);
            String name = named ? f[2] : lookup.exportName(func);
            List<Value> args = WasmR3Values.list(f[named ? 3 : 2], lookup.params(func), "arguments of function " + func);
            callIn(func, name, args);
        }

        private void tableCall(String[] f, boolean named) {
            int func = func(f[1]);
            idx(f[named ? 3 : 2], "table element index");
            List<Value> args = WasmR3Values.list(f[named ? 4 : 3], lookup.params(func), "arguments of function " + func);
            callIn(func, "", args);
        }

        private void callIn(int func, String name, List<Value> args) {
            closeNestedExport();
            if (!frames.isEmpty() && frames.peek().export) {
                throw new IllegalArgumentException("export call while export function " + frames.peek().func
                        + " runs outside any import call");
            }
            frames.push(new Frame(true, func));
            emit(new TraceEvent.ExportCall(0, func, name, args));
        }

        private void exportReturn() {
            if (frames.size() != 1 || !frames.peek().export) {
                throw new IllegalArgumentException(frames.isEmpty() ? "ER without an export call"
                        : "ER while an import call is still open");
            }
            emit(new TraceEvent.ExportReturn(0, frames.pop().func, List.of()));
        }

        private void importCall(String[] f, boolean named) {
            int func = func(f[1]);
            String name = named ? f[2] : lookup.importName(func);
            frames.push(new Frame(false, func));
            emit(new TraceEvent.ImportCall(0, func, lookup.importModule(func), name, List.of()));
        }

        private void importReturn(String[] f, boolean named) {
            int func = func(f[1]);
            closeNestedExport();
            if (frames.isEmpty() || frames.peek().export || frames.peek().func != func) {
                throw new IllegalArgumentException("IR of function " + func + " does not match the open call"
                        + (frames.isEmpty() ? "" : " of function " + frames.peek().func));
            }
            frames.pop();
            List<Value> results = WasmR3Values.list(f[named ? 3 : 2], lookup.results(func),
                    "results of function " + func);
            emit(new TraceEvent.ImportReturn(0, func, results));
        }

        private void load(String[] f, boolean named) {
            int mem = idx(f[1], "memory index");
            long addr = WasmR3Values.index(f[named ? 3 : 2], "address", Long.MAX_VALUE - 1);
            int b = (int) WasmR3Values.index(f[named ? 4 : 3], "byte", 255);
            if (readLen > 0 && (!mergeReads || mem != readMem || addr != readAddr + readLen)) {
                flushRead();
            }
            if (readLen == 0) {
                readMem = mem;
                readAddr = addr;
            }
            if (readLen == readBytes.length) {
                readBytes = Arrays.copyOf(readBytes, readLen * 2);
            }
            readBytes[readLen++] = (byte) b;
        }

        private void flushRead() {
            if (readLen > 0) {
                emit(new TraceEvent.HostRead(0, readMem, readAddr, Arrays.copyOf(readBytes, readLen)));
                readLen = 0;
            }
        }

        private void memGrow(String[] f, boolean named) {
            int mem = idx(f[1], "memory index");
            long delta = WasmR3Values.index(f[named ? 3 : 2], "page count", 1L << 48);
            long now = memPages.computeIfAbsent(mem, lookup::memoryPages);
            if (now < 0) {
                throw new IllegalArgumentException("memory " + mem + " grew, but its initial size is unknown");
            }
            memPages.put(mem, now + delta);
            emit(new TraceEvent.MemoryGrow(0, mem, now + delta));
        }

        private void tableGrow(String[] f, boolean named) {
            int table = idx(f[1], "table index");
            long delta = WasmR3Values.index(f[named ? 3 : 2], "element count", 0xffff_ffffL);
            long now = tableSizes.computeIfAbsent(table, lookup::tableSize);
            if (now < 0) {
                throw new IllegalArgumentException("table " + table + " grew, but its initial size is unknown");
            }
            tableSizes.put(table, now + delta);
            emit(new TraceEvent.TableGrow(0, table, now + delta));
        }

        private void table(String[] f) {
            // T;table;idx;func | T;table;name;idx;func | T;table;idx;func;funcname | T;table;name;idx;func;funcname
            int n = f.length;
            if (n < 4 || n > 6) {
                throw new IllegalArgumentException("T event with " + (n - 1) + " fields (expected 3 to 5)");
            }
            boolean named = n == 6 || (n == 5 && refText(f[4]));
            int table = idx(f[1], "table index");
            long index = WasmR3Values.index(f[named ? 3 : 2], "table element index", 0xffff_ffffL);
            String func = f[named ? 4 : 3].trim();
            Value v = WasmR3Values.isInteger(func) && !func.startsWith("-")
                    ? Value.funcref(WasmR3Values.index(func, "function index", 0xffff_ffffL))
                    : Value.nullRef(ValType.FUNCREF);
            if (!refText(func)) {
                throw new IllegalArgumentException("table element must be a function index or null, not '" + func + "'");
            }
            emit(new TraceEvent.TableSet(0, table, index, v));
        }

        private boolean refText(String s) {
            String t = s.trim();
            return WasmR3Values.isInteger(t) || t.equals("null") || t.equals("undefined") || t.equals("NaN");
        }

        private void global(String[] f) {
            // G;idx;value | G;idx;name;value | G;idx;value;valtype | G;idx;name;value;valtype
            int n = f.length;
            if (n < 3 || n > 5) {
                throw new IllegalArgumentException("G event with " + (n - 1) + " fields (expected 2 to 4)");
            }
            String value;
            String type = null;
            if (n == 3) {
                value = f[2];
            } else if (n == 5) {
                value = f[3];
                type = f[4];
            } else if (ValType.ofText(f[3].trim()) != null) {
                value = f[2];
                type = f[3];
            } else {
                value = f[3];
            }
            globalValue(idx(f[1], "global index"), value, type);
        }

        private void importGlobal(String[] f) {
            // IG;idx;value | IG;idx;name;value | IG;idx;module;name;valtype;mutable;value
            if (f.length == 7) {
                globalValue(idx(f[1], "global index"), f[6], f[4]);
            } else if (f.length == 3 || f.length == 4) {
                globalValue(idx(f[1], "global index"), f[f.length - 1], null);
            } else {
                throw new IllegalArgumentException("IG event with " + (f.length - 1) + " fields (expected 2, 3 or 6)");
            }
        }

        private void globalValue(int global, String value, String typeText) {
            ValType type = lookup.globalType(global);
            ValType written = typeText == null ? null : ValType.ofText(typeText.trim());
            if (typeText != null && written == null) {
                throw new IllegalArgumentException("unknown value type '" + typeText + "'");
            }
            if (type == null) {
                type = written;
            } else if (written != null && written != type) {
                throw new IllegalArgumentException("global " + global + " is " + type + " in the module, " + written
                        + " in the trace");
            }
            if (type == null) {
                throw new IllegalArgumentException("type of global " + global + " is unknown");
            }
            emit(new TraceEvent.GlobalChange(0, global, WasmR3Values.value(value, type)));
        }
    }
}
