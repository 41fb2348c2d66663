package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.host.JavaHostRecorder;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.reduce.Reducer;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.wasm.DataSegment;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.SectionAppender;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;
import run.endive.wasm.types.FunctionType;

/**
 * esbuild's replay did not load under node: the target has 98,450 data segments of its own, the
 * replay added one passive segment per distinct {@code memory.init} run (18,111), and V8 refuses
 * more than 100,000 ("data segments count of 116561 exceeds internal limit"). The runs are now
 * slices of pooled segments: {@code host/many_runs.wat}, padded to 99,900 segments, with 300 host
 * runs, gains one segment, and the replay loads and runs under Endive and node.
 */
class ManyDataSegmentsTest {
    private static final int PADDING = 99_900;
    private static final int RUNS = 300;
    @TempDir
    Path tmp;

    /** The fixture with {@code PADDING} empty passive data segments added. */
    private static byte[] padded() throws Exception {
        byte[] wasm = Files.readAllBytes(Path.of("src", "test", "resources", "host", "many_runs.wasm"));
        ModuleReader reader = new ModuleReader(wasm);
        SectionAppender appender = new SectionAppender(reader.summary());
        for (int k = 0; k < PADDING; k++) {
            appender.appendData(DataSegment.passive(new byte[0]));
        }
        ModuleWriter writer = new ModuleWriter();
        reader.accept(appender.visitor(writer));
        return writer.toByteArray();
    }

    @Test
    void manyRunsAddOneDataSegment() throws Exception {
        byte[] wasm = padded();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int sum;
        try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, out, RecordingMode.HOST)) {
            HostFunction fill = new HostFunction("env", "fill", FunctionType.of(List.of(), List.of()), (inst, a) -> {
                for (int k = 0; k < RUNS; k++) {
                    byte[] run = new byte[40];
                    for (int i = 0; i < run.length; i++) {
                        run[i] = (byte) (k * 7 + i); // distinct runs, none shared
                    }
                    inst.memory().write(k * 64, run);
                }
                return null;
            });
            Instance app = rec.instanceBuilder().withImportValues(rec.addTo(ImportValues.builder().addFunction(fill)).build())
                    .build();
            sum = (int) app.export("sum").apply()[0];
        }
        ReplayGenerator.Result r = new ReplayGenerator().generate(wasm,
                new Reducer().reduce(TraceReader.readAll(out.toByteArray())));
        assertEquals(1, r.dataSegmentsAdded(), RUNS + " runs, one pooled segment");
        assertTrue(new ModuleReader(r.wasm()).summary().dataCount() < 100_000, "within V8's limit");
        Instance replay = Instance.builder(Parser.parse(r.wasm())).withStart(false).build();
        replay.export("_start").apply(); // traps unless the export returns the recorded sum
        assertTrue(sum > 0);
        Path file = tmp.resolve("many_runs.replay.wasm");
        Files.write(file, r.wasm());
        ReplayCorpusTest.node(file); // V8 loads it and runs it to the end
    }
}
