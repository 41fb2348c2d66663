package dev.reprise.replay.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.record.trace.TraceSource;
import dev.reprise.record.trace.TraceWriter;
import dev.reprise.reduce.Reducer;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.runtime.RunOptions;
import dev.reprise.transform.record.RecordingMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification of a trace of millions of events in a small heap: a program that loads from a
 * 2 KiB window {@value #LOADS} times (calling {@code clock_time_get}, which writes into that
 * window, every 65,536 loads) is recorded with {@code --full} (every load an event), reduced and
 * replayed; a forked JVM with {@value #HEAP} then verifies the replay. Holding the trace's events
 * and the re-recording's (about 70 bytes each, 100 MB a side) does not fit: it passes only if the
 * comparison streams both. The same JVM then verifies against the trace with one read changed:
 * the divergence names its event index.
 */
class LargeVerifyTest {
    static final int LOADS = 1_500_000;
    static final String HEAP = "-Xmx96m";
    static final String PREFIX = "verify: ";

    static final String WAT = """
            (module
              (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "_start")
                (local $i i32) (local $acc i32)
                (loop $l
                  (if (i32.eqz (i32.and (local.get $i) (i32.const 0xffff)))
                    (then (drop (call $clock (i32.const 0) (i64.const 0) (i32.const 1024)))))
                  (local.set $acc (i32.add (local.get $acc)
                    (i32.load (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0x7fc)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $l (i32.lt_u (local.get $i) (i32.const %d))))
                (i32.store (i32.const 4096) (local.get $acc))))
            """.formatted(LOADS);

    @TempDir
    Path tmp;

    private Path wat2wasm() throws IOException, InterruptedException {
        Path wat = tmp.resolve("loads.wat");
        Files.writeString(wat, WAT);
        Path wasm = tmp.resolve("loads.wasm");
        Process p;
        try {
            p = new ProcessBuilder("wat2wasm", wat.toString(), "-o", wasm.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("skipped: wat2wasm is not on the PATH");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return wasm;
    }

    @Test
    void aFullTraceOfMillionsOfEventsVerifiesInASmallHeap() throws Exception {
        Path wasm = wat2wasm();
        byte[] module = Files.readAllBytes(wasm);
        Path trace = tmp.resolve("run.trace");
        RunOptions options = RunOptions.builder().stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream())
                .build();
        WasiRecorder.RecordResult r = WasiRecorder.record(module, "loads.wasm", options, trace, RecordingMode.FULL);
        assertEquals(0, r.outcome().exitCode(), r.outcome().message());
        Path replay = tmp.resolve("replay.wasm");
        Files.write(replay, new ReplayGenerator().generate(module, new Reducer().reduce(TraceSource.of(trace))).wasm());

        // and the same trace with one re-read changed (the reduction, which drops re-reads, is the same):
        // the divergence names its event index
        Path changed = tmp.resolve("changed.trace");
        long at = changeReadFrom(trace, changed, LOADS / 2);
        List<String> lines = fork(wasm, replay, trace, changed);
        assertTrue(lines.get(0).contains(" verified: "), lines.get(0));
        long compared = Long.parseLong(lines.get(0).replaceAll(".*verified: (\\d+) events identical.*", "$1"));
        assertTrue(compared > LOADS, lines.get(0));
        assertTrue(lines.get(1).contains("first divergence at event " + at + " of the trace"), lines.get(1));
    }

    /** Copies {@code trace} to {@code out} with the first byte of the first read from event {@code from} on flipped; returns its index. */
    static long changeReadFrom(Path trace, Path out, long from) {
        long changed = -1;
        try (TraceReader r = TraceReader.open(trace); TraceWriter w = TraceWriter.create(out, r.header())) {
            long i = 0;
            for (TraceEvent e = r.read(); e != null; e = r.read(), i++) {
                if (changed < 0 && i >= from && e instanceof TraceEvent.HostRead h) {
                    byte[] b = h.bytes().clone();
                    b[0] ^= 1;
                    e = new TraceEvent.HostRead(h.tid(), h.memory(), h.address(), b);
                    changed = i;
                }
                w.write(e);
            }
        }
        return changed;
    }

    /** Verifies in a forked JVM with a small heap, against each trace; returns the result lines. */
    private List<String> fork(Path wasm, Path replay, Path... traces) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseSerialGC", "-Xss8m", "-cp", System.getProperty("java.class.path"),
                LargeVerifyTest.class.getName(), wasm.toString(), replay.toString()));
        for (Path t : traces) {
            cmd.add(t.toString());
        }
        Path log = Files.createTempFile(tmp, "verify", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the forked verification did not finish in 2 minutes");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "verify in " + HEAP + " failed:\n" + out);
        List<String> lines = out.lines().filter(l -> l.startsWith(PREFIX)).toList();
        assertEquals(traces.length, lines.size(), out);
        return lines;
    }

    /**
     * The forked side: verifies replay {@code args[1]} of module {@code args[0]} against each trace
     * {@code args[2...]} (reduced, streaming, for the expectation), one result line each.
     */
    public static void main(String[] args) throws Exception {
        byte[] module = Files.readAllBytes(Path.of(args[0]));
        byte[] replay = Files.readAllBytes(Path.of(args[1]));
        for (int i = 2; i < args.length; i++) {
            TraceSource trace = TraceSource.of(Path.of(args[i]));
            Expectation e = Expectation.of(trace, new Reducer().reduce(trace));
            VerifyReport report = new Verifier(false).verify(module, replay, e);
            System.out.println(PREFIX + report.format().replace('\n', ' '));
        }
    }
}
