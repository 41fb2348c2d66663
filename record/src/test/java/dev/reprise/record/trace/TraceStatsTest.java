package dev.reprise.record.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceStatsTest {

    @Test
    void statsFromFileAndFromEventsAgree() {
        RandomTraces r = new RandomTraces(3);
        List<TraceEvent> events = r.events(2000);
        byte[] bytes = BinaryCodecTest.encode(r.header(), events);
        TraceStats fromFile = TraceStats.of(TraceReader.open(bytes));
        TraceStats fromEvents = TraceStats.of(events);
        assertEquals(fromEvents.eventsPerKind(), fromFile.eventsPerKind());
        assertEquals(fromEvents.bytesPerKind(), fromFile.bytesPerKind());
        assertEquals(2000, fromFile.totalEvents());
        assertEquals(bytes.length, fromFile.fileBytes());
        assertTrue(fromFile.complete());
    }

    /** Imports every Wasm-R3 sample, writes it as binary, and reports the size per event. */
    @Test
    void binarySizeOfTheWasmR3Samples() throws IOException {
        List<TraceEvent> all = new ArrayList<>();
        long r3Bytes = 0;
        long fileBytes = 0;
        long perFileEventBytes = 0;
        for (Path d : WasmR3TraceImporterTest.sampleDirs()) {
            byte[] wasm = Files.readAllBytes(d.resolve("index.wasm"));
            Trace t = new WasmR3TraceImporter(MiniWasmSignatures.read(wasm)).importTrace(d.resolve("reference.r3"), wasm);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (TraceWriter w = TraceWriter.create(out, t.header())) {
                t.events().forEach(w::write);
            }
            TraceStats s = TraceStats.of(TraceReader.open(out.toByteArray()));
            assertEquals(t.events().size(), s.totalEvents());
            all.addAll(t.events());
            perFileEventBytes += s.eventBytes();
            r3Bytes += Files.size(d.resolve("reference.r3"));
            fileBytes += out.size();
        }
        TraceStats s = TraceStats.of(all);
        System.out.println("Wasm-R3 samples as reprise binary traces (events encoded with one string table):");
        System.out.print(s);
        System.out.printf("reference.r3 text: %d bytes; binary files: %d bytes, of which events %d (%.2f bytes/event"
                + " with one string table per file)%n", r3Bytes, fileBytes, perFileEventBytes,
                (double) perFileEventBytes / all.size());
    }
}
