package dev.reprise.record.host;

import dev.reprise.record.host.internal.HostWriteTracker;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.TraceWriter;
import dev.reprise.transform.record.RecordingInstrumentation;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.wasm.ModuleReader;
import java.io.Closeable;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.wasm.Parser;
import run.endive.wasm.types.MemoryLimits;

/**
 * Records a module embedded in a Java application that instantiates it with its own Endive
 * host functions: the application instantiates {@link #instrumentedModule()} instead of the
 * original (most simply through {@link #instanceBuilder()}), adds {@link #hostFunctions()} to its
 * imports, calls its exports as usual, and closes the recorder at the end. Whatever its host
 * functions and the application itself do to the module (results, writes into memory, growth,
 * table and global changes) lands in the trace.
 *
 * <pre>
 * try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, Files.newOutputStream(trace), RecordingMode.HOST)) {
 *     Instance app = rec.instanceBuilder()
 *             .withImportValues(rec.addTo(ImportValues.builder().addFunction(myHostFunctions)).build())
 *             .build();
 *     app.export("run").apply();
 * }
 * </pre>
 *
 * In host mode (the default choice for Java hosts) the recorder must own the instance's memories:
 * {@link #instanceBuilder()} sets its {@link #memoryFactory()}; an imported memory must be
 * wrapped with {@link #wrapMemory}. A memory the recorder did not wrap is an
 * {@link IllegalStateException} at the first export or import call, not a silent gap.
 */
public final class JavaHostRecorder implements Closeable {
    private final byte[] instrumented;
    private final TraceWriter writer;
    private final HookRecorder hooks;
    private final HostWriteTracker writes;
    private boolean closed;
    private final boolean shadow;

    private JavaHostRecorder(byte[] instrumented, TraceWriter writer, HookRecorder hooks, HostWriteTracker writes,
            RecordingMode mode) {
        this.shadow = mode == RecordingMode.SHADOW;
        this.instrumented = instrumented;
        this.writer = writer;
        this.hooks = hooks;
        this.writes = writes;
    }

    /** @param full report every read instead of only those the host changed (false: shadow mode) */
    public static JavaHostRecorder create(byte[] module, OutputStream trace, boolean full) {
        return create(module, trace, full ? RecordingMode.FULL : RecordingMode.SHADOW);
    }

    /** A recorder that writes to {@code trace} in {@code mode}. */
    public static JavaHostRecorder create(byte[] module, OutputStream trace, RecordingMode mode) {
        RecordingInstrumentation.Instrumented instrumented = new RecordingInstrumentation(mode).instrument(module);
        TraceHeader header = TraceHeader.of(WasiRecorder.sha256(module), RecorderKind.JAVA, List.of(), StartOptions.NONE,
                Map.of("recorder", "reprise JavaHostRecorder", "reads", mode.text()));
        TraceWriter writer = TraceWriter.create(trace, header);
        HostWriteTracker writes = mode == RecordingMode.HOST ? new HostWriteTracker() : null;
        HookRecorder hooks = new HookRecorder(new ModuleReader(module).summary(), writer, writes, instrumented::original);
        return new JavaHostRecorder(instrumented.wasm(), writer, hooks, writes, mode);
    }

    /** The module to instantiate in place of the original. */
    public byte[] instrumentedModule() {
        return instrumented.clone();
    }

    /** An instance builder for the instrumented module with the recorder's memory factory; add imports and build. */
    public Instance.Builder instanceBuilder() {
        return Instance.builder(Parser.parse(instrumented)).withMemoryFactory(memoryFactory());
    }

    /** Creates the module's own memories (host mode: wrapped so that the host's writes are seen). */
    public Function<MemoryLimits, Memory> memoryFactory() {
        return limits -> wrapMemory(new ByteArrayMemory(limits));
    }

    /** Host mode: the memory to import in place of {@code memory} (the same bytes, writes seen); other modes: {@code memory}. */
    public Memory wrapMemory(Memory memory) {
        return writes == null ? memory : writes.wrap(memory);
    }

    /** The recording hooks ({@code reprise_rec.*}) to offer besides the application's own imports. */
    public List<HostFunction> hostFunctions() {
        return hooks.hostFunctions();
    }

    /**
     * The application's host functions, each wrapped so that the recorder sees an exception it
     * throws: a host that throws through the guest's frames and catches it further out, carrying
     * on (as setjmp/longjmp does in Emscripten's glue), gets {@code unwind} events where the run
     * goes on, and its replay throws and catches as the run did. Offer these instead of the originals.
     */
    public List<HostFunction> observingThrows(List<HostFunction> functions) {
        return functions.stream().map(f -> new HostFunction(f.module(), f.name(), f.functionType(), (inst, args) -> {
            try {
                return f.handle().apply(inst, args);
            } catch (RuntimeException | Error e) {
                hooks.hostThrew();
                throw e;
            }
        })).toList();
    }

    /** Adds the hooks to an import builder. */
    public ImportValues.Builder addTo(ImportValues.Builder imports) {
        for (HostFunction f : hostFunctions()) {
            imports.addFunction(f);
        }
        return imports;
    }

    /** Events written so far. */
    public long eventCount() {
        return hooks.eventCount();
    }

    /**
     * Ends the trace (trailer and checksum). When every export call returned (none trapped or is
     * still running), the trace first gets one {@code MemoryDigest} per memory of the module: the
     * final state a replay must reach.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!hooks.callsOpen()) {
            hooks.writeFinalState(shadow);
        }
        writer.close();
    }
}
