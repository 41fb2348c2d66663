package dev.reprise.record.host;

import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.TraceWriter;
import dev.reprise.transform.record.RecordingInstrumentation;
import dev.reprise.wasm.ModuleReader;
import java.io.Closeable;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;

/**
 * Records a module embedded in a Java application that instantiates it with its own Endive
 * host functions: the application instantiates {@link #instrumentedModule()} instead of the
 * original, adds {@link #hostFunctions()} to its imports, calls its exports as usual, and closes
 * the recorder at the end. Whatever its host functions do to the module (results, writes into
 * memory the module later reads) lands in the trace.
 *
 * <pre>
 * try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, Files.newOutputStream(trace), false)) {
 *     Instance app = Instance.builder(Parser.parse(rec.instrumentedModule()))
 *             .withImportValues(rec.addTo(ImportValues.builder().addFunction(myHostFunctions)).build())
 *             .build();
 *     app.export("run").apply();
 * }
 * </pre>
 */
public final class JavaHostRecorder implements Closeable {
    private final byte[] instrumented;
    private final TraceWriter writer;
    private final HookRecorder hooks;
    private boolean closed;

    private JavaHostRecorder(byte[] instrumented, TraceWriter writer, HookRecorder hooks) {
        this.instrumented = instrumented;
        this.writer = writer;
        this.hooks = hooks;
    }

    /** @param full report every read instead of only those the host changed */
    public static JavaHostRecorder create(byte[] module, OutputStream trace, boolean full) {
        byte[] instrumented = new RecordingInstrumentation(full).apply(module);
        TraceHeader header = TraceHeader.of(WasiRecorder.sha256(module), RecorderKind.JAVA, List.of(), StartOptions.NONE,
                Map.of("recorder", "reprise JavaHostRecorder", "reads", full ? "full" : "shadow"));
        TraceWriter writer = TraceWriter.create(trace, header);
        return new JavaHostRecorder(instrumented, writer, new HookRecorder(new ModuleReader(module).summary(), writer::write));
    }

    /** The module to instantiate in place of the original. */
    public byte[] instrumentedModule() {
        return instrumented.clone();
    }

    /** The recording hooks ({@code reprise_rec.*}) to offer besides the application's own imports. */
    public List<HostFunction> hostFunctions() {
        return hooks.hostFunctions();
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
            hooks.writeMemoryDigests();
        }
        writer.close();
    }
}
