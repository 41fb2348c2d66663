package dev.reprise.replay.verify.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.record.host.FunctionOrigins;
import dev.reprise.record.host.NodeRecorder;
import dev.reprise.record.trace.BadTraceException;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.transform.record.OriginSection;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.wasm.CustomSection;
import dev.reprise.wasm.Export;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.SectionAppender;
import dev.reprise.wasm.SectionId;
import dev.reprise.wasm.TableType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Re-records a prepared replay ({@link InstrumentedReplay#prepare}) under node with the
 * JavaScript recorder, the recorder that made a trace recorded under node: V8 compiles a large
 * instrumented replay in seconds where reprise's runtime takes minutes, and runs what reprise's
 * runtime cannot (SIMD). The replay gets a {@code reprise_rec.rerecord} section telling the
 * recorder what {@code HookRecorder.running} and {@code replayingHostFunctions} tell the JVM's
 * (the original index of each function the replay placed in a table, the functions standing in
 * for the host's) and the exports {@code reprise_rec.memory.N} / {@code reprise_rec.table.N}
 * through which it reads every memory and table (an export changes no behaviour); node then runs
 * {@code _start} with the recorder preloaded, and the trace it writes is read back event by event.
 *
 * <pre>
 * before: replay.rec.wasm  (imports reprise_rec.*; exports _start, the target's exports)
 * after:  the same module + exports reprise_rec.memory.0, reprise_rec.table.0
 *         + custom section reprise_rec.rerecord {"functions":[[57,3]],"memories":[...],"tables":[...],"hosts":[]}
 * </pre>
 *
 * Shadow and full mode only (the JavaScript recorder has no host mode); single-threaded replays only.
 */
public final class NodeRerecording {
    /** The custom section the JavaScript recorder reads (RERECORD_SECTION in reprise-recorder.mjs). */
    static final String SECTION = "reprise_rec.rerecord";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeRerecording() {
    }

    /**
     * Why {@code node} cannot re-record a replay of {@code mode}, or null when it can (full mode
     * everywhere, shadow mode where node has multi-memory; single-threaded).
     */
    public static String cannot(String node, RecordingMode mode, boolean multiThreaded) {
        if (mode == RecordingMode.HOST) {
            return "the JavaScript recorder has no host mode";
        }
        if (multiThreaded) {
            return "it is multi-threaded";
        }
        if (!FinalMemories.nodeAvailable(node)) {
            return "node does not run";
        }
        try {
            return mode == RecordingMode.FULL || NodeRecorder.nodeHasMultiMemory(node) ? null
                    : "this node has no multi-memory, which shadow mode needs (node 24 has it)";
        } catch (IOException e) {
            return "node did not answer a multi-memory check (" + e.getMessage() + ")";
        }
    }

    /** Node did not start the re-recording (it cannot compile the replay, e.g. exception handling on node 20): no event was sent. */
    public static final class NotStarted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotStarted(String message) {
            super(message);
        }
    }

    /**
     * Runs the re-recording under {@code node}; every event goes to {@code sink}, in order.
     *
     * @throws NotStarted node never instantiated the replay
     */
    public static InstrumentedReplay.Result run(InstrumentedReplay.Prepared prepared, String node, Consumer<TraceEvent> sink) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("reprise-rerecord");
            Path runtime = NodeRecorder.writeRuntime(dir.resolve("runtime"));
            Path trace = dir.resolve("rerecorded.trace");
            byte[] replay = described(prepared);
            ModuleSummary summary = new ModuleReader(replay).summary();
            boolean wasi = summary.imports().stream().anyMatch(i -> i.module().equals("wasi_snapshot_preview1"));
            Export end = summary.export(ReplayGenerator.END_EXPORT);
            FinalMemories.Run run = FinalMemories.runNode(node, List.of("--import", runtime.toUri().toString()),
                    Map.of("REPRISE_TRACE", trace.toString()), replay,
                    List.of("0", wasi ? "wasi" : "plain", end != null ? ReplayGenerator.END_EXPORT : ""), dir);
            if (!Files.exists(trace) || Files.size(trace) == 0) {
                throw new NotStarted("node did not instantiate the replay (" + run.how() + ")");
            }
            // node has ended: its trace file is read back, event by event, into the comparison
            long events = 0;
            boolean complete;
            try (TraceReader r = TraceReader.open(trace)) {
                for (TraceEvent e = r.read(); e != null; e = r.read()) {
                    sink.accept(e);
                    events++;
                }
                complete = r.isComplete();
            } catch (BadTraceException e) {
                return new InstrumentedReplay.Result(events, "left a malformed trace under node (" + e.getMessage() + ")",
                        false);
            }
            if (!complete) {
                return new InstrumentedReplay.Result(events, "ended without completing its trace under node ("
                        + run.how() + ")", false);
            }
            return new InstrumentedReplay.Result(events, run.how(), run.endedAsRecorded());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-record the replay under node: " + e.getMessage(), e);
        } finally {
            deleteTree(dir);
        }
    }

    /** The prepared replay with the exports and the section the JavaScript recorder reads. */
    static byte[] described(InstrumentedReplay.Prepared prepared) {
        ModuleReader reader = new ModuleReader(prepared.replay());
        ModuleSummary running = reader.summary();
        ModuleSummary original = prepared.original();
        SectionAppender appender = new SectionAppender(running);
        ObjectNode section = JSON.createObjectNode();
        ArrayNode functions = section.putArray("functions");
        FunctionOrigins.map(prepared.target(), prepared.replay()).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> functions.addArray().add(e.getKey()).add(e.getValue()));
        ArrayNode memories = section.putArray("memories");
        for (int m = 0; m < original.memories().size(); m++) {
            String name = "reprise_rec.memory." + m;
            appender.appendExport(name, ExternalKind.MEMORY, m);
            memories.addObject().put("export", name);
        }
        ArrayNode tables = section.putArray("tables");
        for (int t = 0; t < original.tables().size(); t++) {
            String name = "reprise_rec.table." + t;
            TableType type = original.tables().get(t);
            appender.appendExport(name, ExternalKind.TABLE, t);
            tables.addObject().put("export", name).put("element", OriginSection.typeName(type.elementType()))
                    .put("min", type.limits().min());
        }
        // in the trace's order: the k-th host function's calls come to import slot (imports + k)
        ArrayNode hosts = section.putArray("hosts");
        List<TraceEvent.HostFunction> declared = prepared.reduced().hostFunctions();
        Map<Integer, Integer> standIns = new java.util.HashMap<>();
        prepared.generated().hostFunctionEntries().forEach((runningIndex, k) -> standIns.putIfAbsent(k, runningIndex));
        for (int k = 0; k < declared.size(); k++) {
            TraceEvent.HostFunction h = declared.get(k);
            ObjectNode o = hosts.addObject().put("running", standIns.getOrDefault(k, -1)).put("funcIndex", h.funcIndex());
            ArrayNode params = o.putArray("params");
            h.params().forEach(p -> params.add(p.text()));
            ArrayNode results = o.putArray("results");
            h.results().forEach(r -> results.add(r.text()));
        }
        appender.appendCustomSection(CustomSection.of(SECTION, section.toString().getBytes(StandardCharsets.UTF_8),
                SectionId.DATA));
        ModuleWriter writer = new ModuleWriter(reader); // copy-through: the bodies do not change
        reader.accept(appender.visitor(writer));
        return writer.toByteArray();
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
