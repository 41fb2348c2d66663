package dev.reprise.replay.verify;

import dev.reprise.reduce.ReducedTraceCodec;
import dev.reprise.record.host.NodeRecorder;
import dev.reprise.record.trace.JsonLinesTraceWriter;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.replay.ReplayException;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.replay.ReplayManifest;
import dev.reprise.replay.verify.internal.EventComparison;
import dev.reprise.replay.verify.internal.FinalMemories;
import dev.reprise.replay.verify.internal.HostWriteCheck;
import dev.reprise.replay.verify.internal.InstrumentedReplay;
import dev.reprise.replay.verify.internal.NodeRerecording;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.wasm.ModuleReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks that a replay module is faithful to a recording, in three steps:
 * <ol>
 * <li><b>provenance</b>: the replay's {@value ReplayManifest#SECTION} section names the target's
 *   SHA-256 and the reduced trace's; both must match, and regenerating the replay from them with
 *   the recorded options must give the same bytes (generation is deterministic), so what the next
 *   step shows of the regenerated replay holds for the file itself;</li>
 * <li><b>re-recording</b> ({@link InstrumentedReplay}): the replay of the target instrumented as it
 *   was recorded runs under a recorder, and its events are compared with the trace's
 *   ({@link EventComparison}: every event of a reprise trace; what Wasm-R3 or a reduced trace
 *   keeps of the others);</li>
 * <li><b>final memories</b>: the replay itself runs under reprise's runtime (and under node when
 *   asked) and must end where the recording ended with memories whose SHA-256 equals the trace's
 *   {@code memory_digest} events (skipped, with a note, when the trace has none).</li>
 * </ol>
 * The first failed step ends the verification.
 *
 * <pre>
 * TraceSource trace = TraceSource.of(Path.of("run.trace"));
 * VerifyReport r = new Verifier(true).verify(appWasm, replayWasm, Expectation.of(trace, new Reducer().reduce(trace)));
 * System.out.print(r.format());   // "verified: 42 events identical, memory digests equal"
 * </pre>
 */
public final class Verifier {
    /** Where the replay of the instrumented target is re-recorded. */
    public enum Rerecorder {
        /** Under node when the trace was recorded there (by the JavaScript recorder) and node can run it, else reprise's runtime. */
        AUTO,
        /** Under reprise's runtime, with the JVM's recorder. */
        RUNTIME,
        /** Under node, with the JavaScript recorder (shadow or full mode, single-threaded). */
        NODE
    }

    private final boolean node;
    /** The node executable; null: {@link NodeRecorder#nodeExecutable()}. */
    private final String nodeExecutable;
    private final Rerecorder rerecorder;
    /** Why the replay does not run under reprise's runtime in step 3, or null: it does. */
    private final String noRuntimeRun;

    /**
     * @param node also run the replay under node (when the node of {@link NodeRecorder#nodeExecutable()},
     *     {@code node} on the PATH unless {@code REPRISE_NODE} or {@code reprise.node} names another, runs)
     */
    public Verifier(boolean node) {
        this(node, null, Rerecorder.AUTO, null);
    }

    /** Also runs the replay under this node executable (a path or a command on the PATH). */
    public Verifier(String nodeExecutable) {
        this(true, java.util.Objects.requireNonNull(nodeExecutable, "nodeExecutable"), Rerecorder.AUTO, null);
    }

    private Verifier(boolean node, String nodeExecutable, Rerecorder rerecorder, String noRuntimeRun) {
        this.node = node;
        this.nodeExecutable = nodeExecutable;
        this.rerecorder = rerecorder;
        this.noRuntimeRun = noRuntimeRun;
    }

    /** This verifier, re-recording the replay where {@code r} says (default {@link Rerecorder#AUTO}). */
    public Verifier rerecordingUnder(Rerecorder r) {
        return new Verifier(node, nodeExecutable, java.util.Objects.requireNonNull(r, "rerecorder"), noRuntimeRun);
    }

    /**
     * This verifier, not running the replay under reprise's runtime in step 3, for {@code reason}
     * (a program reprise's runtime cannot run in reasonable time: the bench's WASI programs on
     * engine node); the re-recording and node's run still check it.
     */
    public Verifier notRunningUnderTheRuntime(String reason) {
        return new Verifier(node, nodeExecutable, rerecorder, java.util.Objects.requireNonNull(reason, "reason"));
    }

    private String nodeExecutable() {
        return nodeExecutable != null ? nodeExecutable : NodeRecorder.nodeExecutable();
    }

    /**
     * Verifies {@code replay} against {@code app} and the expectation. Throws {@link ReplayException}
     * when the replay is not a reprise replay at all (no manifest) or the trace cannot be replayed.
     */
    public VerifyReport verify(byte[] app, byte[] replay, Expectation expected) {
        List<String> steps = new ArrayList<>();
        long t = System.nanoTime();
        ReplayManifest manifest = manifest(replay);
        byte[] appSha = sha256(app);
        byte[] traceSha = sha256(expected.reduced());
        String origin = otherOrigin(manifest, appSha, traceSha);
        if (origin != null) {
            return failed(steps, origin);
        }
        byte[] regenerated = new ReplayGenerator(manifest.options()).generate(app, expected.reduced()).wasm();
        int at = firstDifference(regenerated, replay);
        if (at >= 0) {
            return failed(steps, "the replay differs from the one regenerated from this module and trace at byte offset 0x"
                    + Integer.toHexString(at) + " (" + replay.length + " bytes against " + regenerated.length
                    + "): it was changed after generation, or made by another version of reprise");
        }
        steps.add("provenance: generated from this module (sha256:" + hex(appSha).substring(0, 16) + "...) and this"
                + " trace (reduced sha256:" + hex(traceSha).substring(0, 16) + "...); regenerated bytes identical ("
                + replay.length + " bytes, " + ms(t) + " ms)");
        return rerecordAndRun(app, expected, manifest, steps, "replay.wasm", new Engines() {
            @Override
            public FinalMemories.Run underRuntime(int memories) {
                return FinalMemories.underRuntime(replay, memories);
            }

            @Override
            public boolean runsUnderNode() {
                return FinalMemories.runsUnderNode(replay);
            }

            @Override
            public FinalMemories.Run underNode(String node, int memories) {
                return Verifier.underNode(node, replay, memories);
            }
        });
    }

    /**
     * Verifies a two-module replay ({@code reprise replay --two-modules}): {@code target} (T', which
     * imports everything from {@value ReplayGenerator#TWO_MODULE_IMPORTS}) and {@code replayModule} (R, which
     * carries the manifest). Provenance: regenerating the pair from {@code app} and the trace with
     * R's recorded options gives both files byte for byte. Then, as for one module, the replay's
     * re-recording is compared with the trace event by event (the pair replays what the
     * one-module replay of the same plan replays), and the linked pair itself runs under reprise's
     * runtime ({@code reprise run --preload}) and under node (R instantiated first, T' linked
     * against its exports) and must end with the trace's final memories.
     */
    public VerifyReport verifyTwoModules(byte[] app, byte[] target, byte[] replayModule, Expectation expected) {
        List<String> steps = new ArrayList<>();
        long t = System.nanoTime();
        ReplayManifest manifest = manifest(replayModule);
        byte[] appSha = sha256(app);
        byte[] traceSha = sha256(expected.reduced());
        String origin = otherOrigin(manifest, appSha, traceSha);
        if (origin != null) {
            return failed(steps, origin);
        }
        ReplayGenerator.TwoModules regenerated = new ReplayGenerator(manifest.options()).generateTwoModules(app, expected.reduced());
        for (int k = 0; k < 2; k++) {
            byte[] want = k == 0 ? regenerated.target() : regenerated.replayModule();
            byte[] got = k == 0 ? target : replayModule;
            int at = firstDifference(want, got);
            if (at >= 0) {
                return failed(steps, "the " + (k == 0 ? "target module (T')" : "replay module (R)") + " differs from the one"
                        + " regenerated from this module and trace at byte offset 0x" + Integer.toHexString(at) + " ("
                        + got.length + " bytes against " + want.length + "): it was changed after generation, or made by"
                        + " another version of reprise");
            }
        }
        steps.add("provenance: both modules generated from this module (sha256:" + hex(appSha).substring(0, 16)
                + "...) and this trace (reduced sha256:" + hex(traceSha).substring(0, 16) + "...); regenerated bytes identical ("
                + target.length + " + " + replayModule.length + " bytes, " + ms(t) + " ms)");
        return rerecordAndRun(app, expected, manifest, steps, "the linked pair", new Engines() {
            @Override
            public FinalMemories.Run underRuntime(int memories) {
                return FinalMemories.underRuntime(target, replayModule, memories);
            }

            @Override
            public boolean runsUnderNode() {
                return true; // a pair is single-threaded (--two-modules refuses threads)
            }

            @Override
            public FinalMemories.Run underNode(String node, int memories) {
                Path dir = null;
                try {
                    dir = Files.createTempDirectory("reprise-verify");
                    return FinalMemories.underNode(node, target, replayModule, memories, dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot run node: " + e.getMessage(), e);
                } finally {
                    deleteQuietly(dir);
                }
            }
        });
    }

    /** How the replay under verification runs on each engine (one module, or a linked pair). */
    private interface Engines {
        FinalMemories.Run underRuntime(int memories);

        boolean runsUnderNode();

        FinalMemories.Run underNode(String node, int memories);
    }

    private static void deleteQuietly(Path dir) {
        if (dir != null) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a leftover empty temporary directory
            }
        }
    }

    /** Steps 2 and 3 of {@link #verify}: the re-recording compared with the trace, then the replay's own runs. */
    private VerifyReport rerecordAndRun(byte[] app, Expectation expected, ReplayManifest manifest, List<String> steps,
            String what, Engines engines) {
        // The replay's own runs do not depend on the re-recording: they run beside it, so that the
        // two compilations of a large module (the instrumented replay and the replay) share the cores.
        int memories = new ModuleReader(app).summary().memories().size();
        java.util.concurrent.Future<TimedRun> runtimeRun = noRuntimeRun == null
                ? beside(() -> timed(() -> engines.underRuntime(memories))) : null;
        java.util.concurrent.Future<TimedRun> nodeRun = node && engines.runsUnderNode()
                ? beside(() -> FinalMemories.nodeAvailable(nodeExecutable())
                        ? timed(() -> engines.underNode(nodeExecutable(), memories)) : null)
                : null;

        long t0 = System.nanoTime();
        RecordingMode mode = expected.source() == Expectation.Source.TRACE ? expected.mode()
                : expected.full() ? RecordingMode.FULL : RecordingMode.SHADOW;
        InstrumentedReplay.Result rerun;
        EventComparison.Outcome cmp;
        boolean underNode = rerecordsUnderNode(expected, mode);
        try (EventComparison.Comparison comparison = EventComparison.start(expected);
                HostWriteCheck hostWrites = mode == RecordingMode.HOST
                        ? new HostWriteCheck(expected.trace(), EventComparison.RECORDED) : null) {
            InstrumentedReplay.Prepared prepared = InstrumentedReplay.prepare(app, expected.reduced(), manifest.options(), mode);
            rerun = null;
            if (underNode) {
                try {
                    rerun = NodeRerecording.run(prepared, nodeExecutable(), comparison::accept);
                } catch (NodeRerecording.NotStarted e) {
                    if (rerecorder == Rerecorder.NODE) {
                        return failed(steps, "cannot re-record the replay under " + nodeExecutable() + ": " + e.getMessage());
                    }
                    steps.add("re-recording under node: " + e.getMessage() + "; re-recorded under reprise's runtime instead");
                    underNode = false;
                }
            }
            if (rerun == null) {
                rerun = InstrumentedReplay.run(prepared, hostWrites, comparison::accept);
            }
            String end = "the replay's run " + (rerun.endedAsRecorded() ? "ended as recorded" : rerun.how());
            cmp = EventComparison.finish(comparison, expected, end, hostWrites);
        }
        if (cmp.divergence() != null) {
            String failure = "the re-recorded replay diverges from the recording";
            if (expected.full() && cmp.divergence().expected().startsWith("{\"ev\":\"memory_digest\"")
                    && cmp.divergence().actual().startsWith("{\"ev\":\"memory_digest\"")) {
                failure = "every event is identical but the final memory differs: a --full trace does not capture"
                        + " the host's writes the program never read, so its replay cannot restore them (record in"
                        + " host mode, the default, whose trace holds every byte the host wrote, or in shadow mode,"
                        + " whose trace ends with them)";
            }
            return new VerifyReport(false, cmp.compared(), "", steps, failure, cmp.divergence());
        }
        steps.add("re-recorded the replay (" + mode.text() + " instrumentation, under "
                + (underNode ? "node with the JavaScript recorder, " : "reprise's runtime, ")
                + rerun.events() + " events in " + ms(t0) + " ms): " + cmp.compared()
                + " events identical; compared " + cmp.scope());

        List<TraceEvent.MemoryDigest> want = expected.finalMemories();
        List<FinalMemories.Run> runs = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        if (runtimeRun == null) {
            steps.add(what + " under reprise's runtime: not run (" + noRuntimeRun + ")");
        } else {
            try {
                TimedRun onRuntime = await(runtimeRun);
                runs.add(onRuntime.run());
                times.add(onRuntime.ms());
            } catch (dev.reprise.runtime.MalformedModuleException e) {
                if (!underNode || !node || !engines.runsUnderNode()) {
                    throw e;
                }
                // re-recorded and run under node: reprise's runtime is the one engine that cannot run it (SIMD)
                steps.add(what + " under reprise's runtime: not run, the runtime cannot run this module ("
                        + e.getMessage() + "); checked under node");
            }
        }
        if (node && !engines.runsUnderNode()) {
            steps.add("node: not run (a multi-threaded replay imports wasi.thread-spawn and reprise's scheduler,"
                    + " which only reprise's runtime provides)");
        } else if (node) {
            TimedRun onNode = await(nodeRun);
            if (onNode != null) {
                runs.add(onNode.run());
                times.add(onNode.ms());
            } else {
                steps.add("node: " + nodeExecutable() + " does not run, skipped");
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            FinalMemories.Run r = runs.get(i);
            if (!r.endedAsRecorded()) {
                return new VerifyReport(false, cmp.compared(), "", steps, what + " under " + r.engine()
                        + " did not end as the recording did: it " + r.how(), null);
            }
            if (!want.isEmpty()) {
                for (int m = 0; m < want.size(); m++) {
                    TraceEvent.MemoryDigest w = want.get(m);
                    TraceEvent.MemoryDigest got = m < r.digests().size() ? r.digests().get(m) : null;
                    if (got == null || got.pages() != w.pages() || !java.util.Arrays.equals(got.sha256(), w.sha256())) {
                        return new VerifyReport(false, cmp.compared(), "", steps, what + " under " + r.engine()
                                + " ends with another memory " + w.memory(), new Divergence(m, "final memory " + w.memory(),
                                "the memory's pages or SHA-256 differ", JsonLinesTraceWriter.line(w),
                                got == null ? "(none)" : JsonLinesTraceWriter.line(got), List.of()));
                    }
                }
            }
            steps.add(what + " under " + r.engine() + ": " + r.how() + (want.isEmpty() ? ""
                    : ", " + want.size() + " final memory digest" + (want.size() == 1 ? "" : "s") + " equal")
                    + " (" + times.get(i) + " ms)");
        }
        String memoryVerdict;
        if (want.isEmpty()) {
            memoryVerdict = "final memories not checked (the trace has no memory digests: "
                    + (expected.source() == Expectation.Source.WASM_R3 ? "Wasm-R3 records none"
                    : endedInATrap(expected) ? "the recorded run trapped, and a trapped run's memories are not hashed"
                    : "the JavaScript recorder writes them only in shadow mode (node 24), not in full mode; or the run"
                    + " did not end normally, or an older reprise recorded it") + ")";
        } else {
            memoryVerdict = "memory digests equal (" + String.join(", ", runs.stream().map(FinalMemories.Run::engine).toList()) + ")";
        }
        return new VerifyReport(true, cmp.compared(), memoryVerdict, steps, null, null);
    }

    /**
     * Whether a recorder that hashes the final memories recorded a run that ended inside its last
     * export call, neither returning nor unwound: a trap (an exit hashes them; the JavaScript
     * recorder in full mode hashes none, whatever the end).
     */
    private static boolean endedInATrap(Expectation expected) {
        if (expected.trace().header().recorder() == dev.reprise.record.trace.RecorderKind.JS && expected.full()) {
            return false;
        }
        List<dev.reprise.reduce.ExportInvoke> driver = expected.reduced().driver();
        return !driver.isEmpty() && !driver.get(driver.size() - 1).returned() && !driver.get(driver.size() - 1).unwound();
    }

    /**
     * Whether the re-recording runs under node: asked for, or ({@link Rerecorder#AUTO}) the trace
     * was recorded there and node can re-record it. Asked for where node cannot, it is an error.
     */
    private boolean rerecordsUnderNode(Expectation expected, RecordingMode mode) {
        boolean recordedUnderNode = expected.source() == Expectation.Source.TRACE && expected.trace().header() != null
                && expected.trace().header().recorder() == dev.reprise.record.trace.RecorderKind.JS;
        if (rerecorder == Rerecorder.RUNTIME || rerecorder == Rerecorder.AUTO && !recordedUnderNode) {
            return false;
        }
        String cannot = NodeRerecording.cannot(nodeExecutable(), mode, expected.reduced().multiThreaded());
        if (rerecorder == Rerecorder.NODE && cannot != null) {
            throw new ReplayException("cannot re-record this replay under " + nodeExecutable() + ": " + cannot);
        }
        return cannot == null;
    }

    /** One of the replay's own runs and how long it took. */
    private record TimedRun(FinalMemories.Run run, long ms) {
    }

    private static TimedRun timed(java.util.function.Supplier<FinalMemories.Run> run) {
        long t = System.nanoTime();
        FinalMemories.Run r = run.get();
        return new TimedRun(r, ms(t));
    }

    /** Starts {@code task} on a daemon thread of its own (a verify that fails early leaves it behind). */
    private static <T> java.util.concurrent.Future<T> beside(java.util.concurrent.Callable<T> task) {
        java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(task);
        Thread t = new Thread(f, "reprise-verify-run");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** The task's result; what it threw is thrown here, as if it had run on this thread. */
    private static <T> T await(java.util.concurrent.Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the replay ran", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static FinalMemories.Run underNode(String node, byte[] replay, int memories) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("reprise-verify");
            return FinalMemories.underNode(node, replay, memories, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run node: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a leftover empty temporary directory
                }
            }
        }
    }

    private static ReplayManifest manifest(byte[] replay) {
        ReplayManifest m;
        try {
            m = ReplayManifest.of(replay);
        } catch (IllegalArgumentException e) {
            throw new ReplayException("the replay's " + e.getMessage());
        }
        if (m == null) {
            throw new ReplayException("the module has no " + ReplayManifest.SECTION + " section: it was not made by"
                    + " reprise replay (or the section was stripped)");
        }
        return m;
    }

    /** Why the manifest says the replay was made from another module or trace, or null when it names these. */
    private static String otherOrigin(ReplayManifest manifest, byte[] appSha, byte[] traceSha) {
        if (!java.util.Arrays.equals(manifest.targetSha256(), appSha)) {
            return "the replay was generated from another module (sha256:" + hex(manifest.targetSha256())
                    + "), not from this one (sha256:" + hex(appSha) + ")";
        }
        if (!java.util.Arrays.equals(manifest.traceSha256(), traceSha)) {
            return "the replay was generated from another trace (its reduced trace has sha256:"
                    + hex(manifest.traceSha256()) + ", this trace reduces to sha256:" + hex(traceSha) + "; a replay made from a"
                    + " reduced trace is verified against that file)";
        }
        return null;
    }

    private static VerifyReport failed(List<String> steps, String failure) {
        return new VerifyReport(false, 0, "", steps, failure, null);
    }

    private static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return a.length == b.length ? -1 : n;
    }

    /** The SHA-256 of a reduced trace's encoding, digested as it is encoded. */
    static byte[] sha256(dev.reprise.reduce.ReducedTrace reduced) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            ReducedTraceCodec.write(reduced, new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), md));
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
