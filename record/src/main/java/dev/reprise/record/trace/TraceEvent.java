package dev.reprise.record.trace;

import dev.reprise.record.trace.internal.Hex;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One interaction between a module and its host, as recorded. Every event carries the id of the
 * thread it happened on (0 for single-threaded runs). Dispatch on {@link #kind()} rather than on
 * the class: it is a plain enum switch with no reflection.
 */
public sealed interface TraceEvent
        permits TraceEvent.ExportCall, TraceEvent.ExportReturn, TraceEvent.ImportCall,
                TraceEvent.ImportReturn, TraceEvent.HostRead, TraceEvent.MemoryGrow,
                TraceEvent.TableGrow, TraceEvent.TableSet, TraceEvent.GlobalChange,
                TraceEvent.ThreadSpawn, TraceEvent.SchedulerDecision, TraceEvent.OutputDigest,
                TraceEvent.MemoryDigest, TraceEvent.HostWrite,
                TraceEvent.Unwind, TraceEvent.HostFunction {

    /** The thread the event happened on (0 when single-threaded). */
    int tid();

    /** The event's kind. */
    EventKind kind();

    /** The host calls an export (possibly from inside an import call: re-entry). */
    record ExportCall(int tid, int funcIndex, String name, List<Value> args) implements TraceEvent {
        /** Copies {@code args}. */
        public ExportCall {
            args = List.copyOf(args);
            Objects.requireNonNull(name, "name");
        }

        @Override
        public EventKind kind() {
            return EventKind.EXPORT_CALL;
        }
    }

    /**
     * The export call opened last on this thread returns. {@code results} is empty when the
     * source did not record them (Wasm-R3 traces).
     */
    record ExportReturn(int tid, int funcIndex, List<Value> results) implements TraceEvent {
        /** Copies {@code results}. */
        public ExportReturn {
            results = List.copyOf(results);
        }

        @Override
        public EventKind kind() {
            return EventKind.EXPORT_RETURN;
        }
    }

    /**
     * The module calls an import. {@code module} may be empty when the source did not say;
     * {@code args} is empty when it did not record them (Wasm-R3 traces).
     */
    record ImportCall(int tid, int funcIndex, String module, String name, List<Value> args)
            implements TraceEvent {
        /** Copies {@code args}. */
        public ImportCall {
            args = List.copyOf(args);
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public EventKind kind() {
            return EventKind.IMPORT_CALL;
        }
    }

    /** An import returns to the module with all its results (multi-value included). */
    record ImportReturn(int tid, int funcIndex, List<Value> results) implements TraceEvent {
        /** Copies {@code results}. */
        public ImportReturn {
            results = List.copyOf(results);
        }

        @Override
        public EventKind kind() {
            return EventKind.IMPORT_RETURN;
        }
    }

    /**
     * The module read bytes of a memory that the host had changed: {@code bytes} are what it read,
     * as many as the access was wide (or several adjacent accesses merged). The array is not copied;
     * do not change it after handing it over.
     */
    record HostRead(int tid, int memory, long address, byte[] bytes) implements TraceEvent {
        /** Checks the arguments. */
        public HostRead {
            Objects.requireNonNull(bytes, "bytes");
            if (address < 0) {
                throw new IllegalArgumentException("negative address: " + address);
            }
        }

        @Override
        public EventKind kind() {
            return EventKind.HOST_READ;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HostRead && ((HostRead) o).tid == tid && ((HostRead) o).memory == memory
                    && ((HostRead) o).address == address && Arrays.equals(((HostRead) o).bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tid, memory, address) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "HostRead[tid=" + tid + ", memory=" + memory + ", address=" + address + ", bytes="
                    + Hex.of(bytes, 64) + "]";
        }
    }

    /** A memory's size changed (grown by the host, or observed grown) to {@code pages} pages. */
    record MemoryGrow(int tid, int memory, long pages) implements TraceEvent {
        @Override
        public EventKind kind() {
            return EventKind.MEMORY_GROW;
        }
    }

    /** A table's size changed to {@code size} elements. */
    record TableGrow(int tid, int table, long size) implements TraceEvent {
        @Override
        public EventKind kind() {
            return EventKind.TABLE_GROW;
        }
    }

    /** The host set table element {@code index} to {@code value} (a funcref or externref). */
    record TableSet(int tid, int table, long index, Value value) implements TraceEvent {
        /** Checks that the value is a reference. */
        public TableSet {
            if (!value.type().isReference()) {
                throw new IllegalArgumentException("table element must be a reference, not " + value.type());
            }
        }

        @Override
        public EventKind kind() {
            return EventKind.TABLE_SET;
        }
    }

    /** A global the host can change holds {@code value} (also an imported global's initial value). */
    record GlobalChange(int tid, int global, Value value) implements TraceEvent {
        /** Checks the value is there. */
        public GlobalChange {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public EventKind kind() {
            return EventKind.GLOBAL_CHANGE;
        }
    }

    /** Thread {@code tid} spawned thread {@code childTid} with start argument {@code arg}. */
    record ThreadSpawn(int tid, int childTid, int arg) implements TraceEvent {
        @Override
        public EventKind kind() {
            return EventKind.THREAD_SPAWN;
        }
    }

    /**
     * The deterministic scheduler chose option {@code choice} of {@code options} (0-based) at a
     * decision point of the given kind, while running thread {@code tid}.
     */
    record SchedulerDecision(int tid, DecisionKind decision, int options, int choice) implements TraceEvent {
        /** Checks the choice is one of the options. */
        public SchedulerDecision {
            Objects.requireNonNull(decision, "decision");
            if (options < 0 || choice < 0 || (options > 0 && choice >= options)) {
                throw new IllegalArgumentException("choice " + choice + " of " + options + " options");
            }
        }

        @Override
        public EventKind kind() {
            return EventKind.SCHEDULER_DECISION;
        }
    }

    /**
     * An output call (such as WASI {@code fd_write}) handed {@code byteCount} bytes to the host
     * for file descriptor {@code fd}; {@code sha256} is their digest (32 bytes, not copied).
     */
    record OutputDigest(int tid, int fd, long byteCount, byte[] sha256) implements TraceEvent {
        /** Checks the digest length. */
        public OutputDigest {
            if (sha256 == null || sha256.length != 32) {
                throw new IllegalArgumentException("SHA-256 digest must have 32 bytes");
            }
        }

        @Override
        public EventKind kind() {
            return EventKind.OUTPUT_DIGEST;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OutputDigest && ((OutputDigest) o).tid == tid && ((OutputDigest) o).fd == fd
                    && ((OutputDigest) o).byteCount == byteCount
                    && Arrays.equals(((OutputDigest) o).sha256, sha256);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tid, fd, byteCount) * 31 + Arrays.hashCode(sha256);
        }

        @Override
        public String toString() {
            return "OutputDigest[tid=" + tid + ", fd=" + fd + ", byteCount=" + byteCount + ", sha256="
                    + Hex.of(sha256, 32) + "]";
        }
    }

    /**
     * The final state of memory {@code memory} at the end of a run that ended normally (the last
     * export returned, or {@code _start} exited): {@code pages} pages whose bytes have the SHA-256
     * {@code sha256} (32 bytes, not copied). A replay that ends with the same digests left memory
     * exactly as the recorded run did.
     */
    record MemoryDigest(int tid, int memory, long pages, byte[] sha256) implements TraceEvent {
        /** Checks the digest length. */
        public MemoryDigest {
            if (sha256 == null || sha256.length != 32) {
                throw new IllegalArgumentException("SHA-256 digest must have 32 bytes");
            }
            if (pages < 0) {
                throw new IllegalArgumentException("negative page count: " + pages);
            }
        }

        @Override
        public EventKind kind() {
            return EventKind.MEMORY_DIGEST;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MemoryDigest d && d.tid == tid && d.memory == memory && d.pages == pages
                    && Arrays.equals(d.sha256, sha256);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tid, memory, pages) * 31 + Arrays.hashCode(sha256);
        }

        @Override
        public String toString() {
            return "MemoryDigest[tid=" + tid + ", memory=" + memory + ", pages=" + pages + ", sha256="
                    + Hex.of(sha256, 32) + "]";
        }
    }

    /**
     * The host wrote these bytes into a memory while it had control (host-mode recording: inside
     * an import call, or before an export call). {@code bytes} are the contents of a contiguous
     * written range when the guest resumed (adjacent and overlapping writes coalesced, the last
     * value written kept). Reported before the {@code ImportReturn} of the call they happened in,
     * or before the {@code ExportCall} they preceded. The array is not copied; do not change it
     * after handing it over.
     */
    record HostWrite(int tid, int memory, long address, byte[] bytes) implements TraceEvent {
        /** Checks the arguments. */
        public HostWrite {
            Objects.requireNonNull(bytes, "bytes");
            if (address < 0) {
                throw new IllegalArgumentException("negative address: " + address);
            }
        }

        @Override
        public EventKind kind() {
            return EventKind.HOST_WRITE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HostWrite w && w.tid == tid && w.memory == memory && w.address == address
                    && Arrays.equals(w.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tid, memory, address) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "HostWrite[tid=" + tid + ", memory=" + memory + ", address=" + address + ", bytes="
                    + Hex.of(bytes, 64) + "]";
        }
    }

    /**
     * An exception the host function of import {@code funcIndex} threw went through guest frames
     * and was caught by host code that carried on (Emscripten's longjmp: thrown by
     * {@code _emscripten_throw_longjmp}, caught in the JavaScript of an {@code invoke_*} import): the
     * {@code frames} innermost open calls of the thread, exports and imports, the throwing import's
     * among them, ended without returning. Written just before the thread's next event, once the
     * recorder has seen where the run went on: host code of the innermost open import call below
     * the thrower (or the host's top level, when none is open) if the next event is an export call
     * or that import's return, else guest code that caught it in the innermost export call below
     * the thrower. An exception that ended the run leaves no such event.
     */
    record Unwind(int tid, int frames, int funcIndex) implements TraceEvent {
        /** Checks the arguments. */
        public Unwind {
            if (frames < 1) {
                throw new IllegalArgumentException("an unwind ends at least one call, not " + frames);
            }
        }

        @Override
        public EventKind kind() {
            return EventKind.UNWIND;
        }
    }

    /**
     * The host made a function of its own and placed it where the module can call it (Emscripten's
     * {@code addFunction}: a JavaScript function wrapped as wasm and set into the module's table).
     * It takes function index {@code funcIndex}, past the module's own functions (imports and
     * definitions), with this signature; from here on a {@code TableSet} may hold it and the
     * module's calls of it are recorded as {@code ImportCall}/{@code ImportReturn} of that index.
     * Written once per such function, just before the first event that refers to it.
     */
    record HostFunction(int tid, int funcIndex, List<ValType> params, List<ValType> results) implements TraceEvent {
        /** Copies the type lists. */
        public HostFunction {
            params = List.copyOf(params);
            results = List.copyOf(results);
        }

        @Override
        public EventKind kind() {
            return EventKind.HOST_FUNCTION;
        }
    }
}
