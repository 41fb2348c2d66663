package dev.reprise.record.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.runtime.RunOptions;
import dev.reprise.transform.record.RecordingInstrumentation;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.wasm.ModuleReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;

/**
 * The JavaScript recorder runtime under node against the JVM recorders: the same instrumented
 * module with the same inputs gives the same events, read back by {@link TraceReader}.
 */
class NodeRecorderTest {
    private static final Path WASI_C = Path.of("../../shared/corpus/wasi-testsuite/c");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsNode() {
        try {
            NodeRecorder.nodeHasMultiMemory();
        } catch (IOException e) {
            assumeTrue(false, "node is not available: " + e.getMessage());
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(NodeRecorderTest.class.getResource("/node/" + name), name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fails at the first event that differs, naming its index and both events. The JVM recorders'
     * final memory digests are left out when the JavaScript recorder wrote none (full mode: it
     * writes the final state only in shadow mode, where it can compare each memory with its shadow).
     */
    static void assertSameEvents(List<TraceEvent> jvm, List<TraceEvent> actual, String what) {
        boolean digests = actual.stream().anyMatch(e -> e instanceof TraceEvent.MemoryDigest);
        List<TraceEvent> expected = digests ? jvm : withoutMemoryDigests(jvm);
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            assertEquals(expected.get(i), actual.get(i), what + ": event " + i);
        }
        assertEquals(expected.size(), actual.size(), what + ": event count");
    }

    static List<TraceEvent> withoutMemoryDigests(List<TraceEvent> events) {
        return events.stream().filter(e -> !(e instanceof TraceEvent.MemoryDigest)).toList();
    }

    /** What an event is, without host-supplied values: kind, function, read address and width. */
    static String shape(TraceEvent e) {
        if (e instanceof TraceEvent.HostRead r) {
            return "read " + r.memory() + ":" + r.address() + "+" + r.bytes().length;
        } else if (e instanceof TraceEvent.ImportCall c) {
            return "call " + c.funcIndex() + " " + c.args().size();
        } else if (e instanceof TraceEvent.ImportReturn r) {
            return "return " + r.funcIndex() + " " + r.results().size();
        }
        return e.kind().toString();
    }

    private Trace recordWithJvm(String program, Path root) throws IOException {
        return recordWithJvm(program, root, RecordingMode.FULL);
    }

    private Trace recordWithJvm(String program, Path root, RecordingMode mode) throws IOException {
        byte[] wasm = Files.readAllBytes(WASI_C.resolve(program + ".wasm"));
        RunOptions.Builder o = RunOptions.builder().argv0(program + ".rec.wasm").stdout(new ByteArrayOutputStream())
                .stderr(new ByteArrayOutputStream());
        if (root != null) {
            o.dir("/=" + root);
        }
        Path trace = tmp.resolve(program + ".jvm.trace");
        WasiRecorder.record(wasm, program + ".wasm", o.build(), trace, mode);
        return TraceReader.readAll(trace);
    }

    private Trace recordWithNode(String program, Path root) throws IOException {
        return recordWithNode(program, root, RecordingMode.FULL);
    }

    /** Records under the configured node in {@code mode} (shadow needs a node with multi-memory). */
    private Trace recordWithNode(String program, Path root, RecordingMode mode) throws IOException {
        byte[] wasm = Files.readAllBytes(WASI_C.resolve(program + ".wasm"));
        List<String> args = root == null ? List.of() : List.of("--dir", "/=" + root);
        Path trace = tmp.resolve(program + ".js.trace");
        NodeRecorder.Result r = NodeRecorder.record(wasm, program + ".wasm", resource("wasi-host.mjs"), args, trace,
                mode == RecordingMode.FULL, TIMEOUT, Map.of(), null, null);
        assertEquals(mode, r.mode());
        Trace t = TraceReader.readAll(trace);
        assertEquals(r.events(), t.events().size());
        assertEquals(Files.size(trace), r.traceBytes());
        assertEquals(RecorderKind.JS, t.header().recorder());
        assertTrue(t.header().metadata().get("recorder").startsWith("node v"), t.header().metadata().toString());
        assertEquals(mode.text(), t.header().start().options().get("reads"));
        return t;
    }

    /** Skips unless the configured node runs multi-memory (run with -Dreprise.node=PATH of node 22 or later). */
    static void assumeMultiMemory() throws IOException {
        assumeTrue(NodeRecorder.nodeHasMultiMemory(), NodeRecorder.nodeExecutable() + " has no multi-memory (node 20):"
                + " shadow mode under node is tested with -Dreprise.node=PATH of node 22 or later"
                + " (reprise corpus fetch --node prints one)");
    }

    /**
     * A JVM shadow-mode trace as the JavaScript recorder writes it: without the final memory
     * digests and without the host's never-read writes that the JVM recorder reports after the
     * last call (the JavaScript recorder cannot see the shadow memory inside the module).
     */
    static List<TraceEvent> withoutFinalState(List<TraceEvent> jvm) {
        List<TraceEvent> events = new ArrayList<>(withoutMemoryDigests(jvm));
        while (!events.isEmpty() && (events.get(events.size() - 1) instanceof TraceEvent.HostRead
                || events.get(events.size() - 1) instanceof TraceEvent.MemoryGrow)) {
            events.remove(events.size() - 1);
        }
        return events;
    }

    private Path copyOfRoot(String program, String side) throws IOException {
        if (!Files.exists(WASI_C.resolve(program + ".json"))) {
            return null;
        }
        Path from = WASI_C.resolve("fs-tests.dir");
        Path to = tmp.resolve(side + "-" + program);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return to;
    }

    /** Programs where node:wasi and reprise's WASI answer every call alike: the traces are equal event for event. */
    @ParameterizedTest
    @ValueSource(strings = {"clock_getres-monotonic", "clock_getres-realtime", "fopen-with-no-access"})
    void wasiProgramsUnderNodeWasiGiveTheJvmRecordersEvents(String program) throws IOException {
        assumeTrue(Files.isDirectory(WASI_C), "../shared/corpus/wasi-testsuite is absent");
        Trace jvm = recordWithJvm(program, copyOfRoot(program, "jvm"));
        Trace js = recordWithNode(program, copyOfRoot(program, "js"));
        assertTrue(js.complete());
        assertTrue(js.events().size() > 10, "a real run: " + js.events().size() + " events");
        assertSameEvents(jvm.events(), js.events(), program);
        assertEquals(jvm.header().moduleSha256Hex(), js.header().moduleSha256Hex());
        assertEquals(jvm.header().features(), js.header().features());
    }

    /** The same programs in shadow mode (node 22 and later): the events of the JVM's shadow-mode recorder. */
    @ParameterizedTest
    @ValueSource(strings = {"clock_getres-monotonic", "clock_getres-realtime", "fopen-with-no-access"})
    void wasiProgramsInShadowModeGiveTheJvmShadowRecordersEvents(String program) throws IOException {
        assumeTrue(Files.isDirectory(WASI_C), "../shared/corpus/wasi-testsuite is absent");
        assumeMultiMemory();
        Trace jvm = recordWithJvm(program, copyOfRoot(program, "jvm"), RecordingMode.SHADOW);
        Trace js = recordWithNode(program, copyOfRoot(program, "js"), RecordingMode.SHADOW);
        assertTrue(js.complete());
        assertTrue(js.events().stream().anyMatch(e -> e instanceof TraceEvent.ImportCall), "a real run: " + js.events());
        assertSameEvents(jvm.events(), js.events(), program);
        Trace full = recordWithNode(program, copyOfRoot(program, "full"), RecordingMode.FULL);
        assertTrue(js.events().size() < full.events().size(), "shadow mode reports fewer reads than full mode: "
                + js.events().size() + " / " + full.events().size());
    }

    /**
     * Programs where the two WASI hosts answer some calls differently (rights bits, clock values,
     * inode numbers) but the program takes the same path: the same events in the same order,
     * reading the same addresses; only host-supplied values differ. In full mode everywhere, in
     * shadow mode where the configured node runs multi-memory (not the clock and stat programs there:
     * node's clock and file times can move between two calls where reprise's virtual ones do not,
     * so shadow mode rightly reports more reads under node, from run to run).
     */
    @ParameterizedTest
    @CsvSource({"clock_gettime-monotonic,full", "clock_gettime-realtime,full", "fopen-with-access,full", "lseek,full",
            "pread-with-access,full", "pwrite-with-access,full", "stat-dev-ino,full",
            "fopen-with-access,shadow", "lseek,shadow",
            "pread-with-access,shadow", "pwrite-with-access,shadow"})
    void wasiProgramsWithOtherHostAnswersGiveTheSameEventsInOrder(String program, String modeName) throws IOException {
        assumeTrue(Files.isDirectory(WASI_C), "../shared/corpus/wasi-testsuite is absent");
        RecordingMode mode = RecordingMode.of(modeName);
        if (mode == RecordingMode.SHADOW) {
            assumeMultiMemory();
        }
        Trace jvm = recordWithJvm(program, copyOfRoot(program, "jvm"), mode);
        Trace js = recordWithNode(program, copyOfRoot(program, "js"), mode);
        assertTrue(js.complete());
        // the final state is left out on both sides: the hosts may leave other bytes the program never read
        List<TraceEvent> expected = withoutFinalState(jvm.events());
        List<TraceEvent> actual = withoutFinalState(js.events());
        assertEquals(expected.stream().map(NodeRecorderTest::shape).toList(),
                actual.stream().map(NodeRecorderTest::shape).toList(), program);
        for (int i = 0; i < expected.size(); i++) {
            TraceEvent a = expected.get(i);
            assertTrue(a.equals(actual.get(i)) || a instanceof TraceEvent.HostRead
                    || a instanceof TraceEvent.ImportCall || a instanceof TraceEvent.ImportReturn,
                    program + ": event " + i + " differs beyond host-supplied values: " + a + " / " + actual.get(i));
        }
    }

    /**
     * A hand-written host: its import writes into memory, changes a global and calls back into an
     * export. Full mode everywhere; shadow mode where the configured node runs multi-memory.
     */
    @ParameterizedTest
    @CsvSource({"instance,full", "streaming,full", "instance,shadow", "streaming,shadow"})
    void reentrantJavaScriptHostGivesTheEventsOfTheSameJavaHost(String how, String modeName) throws IOException {
        RecordingMode mode = RecordingMode.of(modeName);
        if (mode == RecordingMode.SHADOW) {
            assumeMultiMemory();
        }
        byte[] wasm = Files.readAllBytes(resource("reentry.wasm"));
        Path jsTrace = tmp.resolve("reentry.js.trace");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        NodeRecorder.Result r = NodeRecorder.record(wasm, "reentry.wasm", resource("reentry-host.mjs"),
                List.of(how, "5", "1.5"), jsTrace, mode == RecordingMode.FULL, TIMEOUT, Map.of(), stdout, null);
        assertEquals(0, r.exitCode(), r.stderrTail());
        assertEquals(mode, r.mode());
        assertEquals("-9223372036854775526 3\n", stdout.toString());
        Trace js = TraceReader.readAll(jsTrace);
        assertTrue(js.complete());

        ByteArrayOutputStream jvmTrace = new ByteArrayOutputStream();
        assertEquals(-9223372036854775526L, recordReentryWithJavaHost(wasm, mode, jvmTrace, 5, 1.5));
        Trace jvm = TraceReader.readAll(jvmTrace.toByteArray());
        // shadow mode: the final state too (the unread host write at 4000, then the memory's digest)
        assertSameEvents(mode == RecordingMode.SHADOW ? jvm.events() : withoutFinalState(jvm.events()), js.events(),
                "reentry via " + how + " in " + modeName + " mode");
        if (mode == RecordingMode.SHADOW) {
            int last = js.events().size();
            assertTrue(js.events().get(last - 1) instanceof TraceEvent.MemoryDigest, js.events().get(last - 1).toString());
            assertTrue(js.events().get(last - 2) instanceof TraceEvent.HostRead h && h.address() == 4000
                    && Arrays.equals(h.bytes(), new byte[] {7, 8, 9}), js.events().get(last - 2).toString());
        }
        assertEquals(modeName, js.header().start().options().get("reads"));
        long nested = js.events().stream().filter(e -> e instanceof TraceEvent.ExportCall).count();
        assertEquals(2, nested, "run, and sum called back by the host (run's own calls are not export calls)");
        assertTrue(js.events().stream().anyMatch(e -> e instanceof TraceEvent.TableSet), "call_indirect read the table");
        assertTrue(js.events().stream().anyMatch(e -> e instanceof TraceEvent.GlobalChange g && g.value().asInt() == 42));
        if (mode == RecordingMode.FULL) {
            assertTrue(js.events().stream().anyMatch(e -> e instanceof TraceEvent.HostRead h && h.bytes().length == 5),
                    "memory.copy's source range");
        } else {
            assertTrue(js.events().stream().anyMatch(e -> e instanceof TraceEvent.HostRead h && h.bytes()[0] == 10),
                    "sum, called back by the host, read what fill wrote: a host-changed read");
        }
    }

    /**
     * Runs everywhere: asked for shadow mode, the recorder uses it exactly when the node runs a
     * two-memory module, and otherwise falls back to full mode (node 20); the trace header says
     * which, and the trace is the JVM recorder's of that mode.
     */
    @Test
    void defaultModeFollowsWhatTheNodeRuns() throws IOException {
        boolean multiMemory = NodeRecorder.nodeHasMultiMemory();
        RecordingMode expected = multiMemory ? RecordingMode.SHADOW : RecordingMode.FULL;
        byte[] wasm = Files.readAllBytes(resource("reentry.wasm"));
        Path trace = tmp.resolve("default.trace");
        NodeRecorder.Result r = NodeRecorder.record(NodeRecorder.nodeExecutable(), wasm, "reentry.wasm",
                resource("reentry-host.mjs"), List.of("instance", "4", "2"), trace, false, TIMEOUT, Map.of(), null, null);
        assertEquals(expected, r.mode(), NodeRecorder.nodeExecutable());
        assertEquals(NodeRecorder.nodeExecutable(), r.node());
        Trace js = TraceReader.readAll(trace);
        assertEquals(expected.text(), js.header().start().options().get("reads"));
        ByteArrayOutputStream jvmTrace = new ByteArrayOutputStream();
        recordReentryWithJavaHost(wasm, expected, jvmTrace, 4, 2.0);
        List<TraceEvent> jvm = TraceReader.readAll(jvmTrace.toByteArray()).events();
        assertSameEvents(multiMemory ? jvm : withoutFinalState(jvm), js.events(), "reentry in " + expected.text() + " mode");
    }

    /** Node's own stack of a trap names the original functions, as reprise run does, not the instrumented indices. */
    @Test
    void nodesStackOfATrapNamesTheOriginalFunctions() throws IOException {
        byte[] wasm = RecorderTest.fixture("trap_deep.wasm");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        NodeRecorder.Result r = NodeRecorder.record(NodeRecorder.nodeExecutable(), wasm, "trap_deep.wasm",
                resource("wasi-host.mjs"), List.of(), tmp.resolve("trap.trace"), false, TIMEOUT, Map.of(), null,
                new ByteArrayOutputStream(), err);
        String stack = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(r.exitCode() != 0, stack);
        assertTrue(stack.contains("at $func1 (wasm://") && stack.contains("at _start (wasm://"), stack);
    }

    /**
     * An import that throws, caught by the JavaScript of another import that then returns normally
     * (Emscripten's setjmp/longjmp: _emscripten_throw_longjmp caught in invoke_vi): the thrown call
     * gets no return event, and the catching call's return carries its own index and results.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anImportUnwoundByAnExceptionGetsNoReturnAndTheCatchingImportReturnsItsOwnResults(boolean full)
            throws IOException {
        byte[] wasm = Files.readAllBytes(resource("longjmp.wasm"));
        Path trace = tmp.resolve("longjmp.trace");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        NodeRecorder.Result r = NodeRecorder.record(wasm, "longjmp.wasm", resource("longjmp-host.mjs"), List.of("5"), trace,
                full, TIMEOUT, Map.of(), stdout, null);
        assertEquals(0, r.exitCode(), r.stderrTail());
        assertEquals("58\n", stdout.toString());
        Trace t = TraceReader.readAll(trace);
        assertTrue(t.complete());
        List<Integer> invokeResults = new ArrayList<>();
        int jumps = 0;
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        for (TraceEvent e : t.events()) {
            if (e instanceof TraceEvent.ImportCall c) {
                open.push(c.funcIndex());
                jumps += c.funcIndex() == 1 ? 1 : 0;
            } else if (e instanceof TraceEvent.ImportReturn ret) {
                while (open.peek() == 1 && ret.funcIndex() == 0) {
                    open.pop();                              // jump threw: no return of its own
                }
                assertEquals(open.pop(), ret.funcIndex(), "return of the innermost open call: " + e);
                assertEquals(0, ret.funcIndex(), "jump never returns: " + e);
                invokeResults.add((int) ret.results().get(0).lo());
            }
        }
        assertEquals(2, jumps);
        assertEquals(List.of(0, -1, 20, -1, 40), invokeResults);
        List<TraceEvent> run = withoutFinalState(t.events());
        assertTrue(run.get(run.size() - 1) instanceof TraceEvent.ExportReturn x && x.results().get(0).lo() == 58,
                t.events().toString());
        assertEquals(r.mode() == RecordingMode.SHADOW ? 1 : 0, t.events().stream()
                .filter(e -> e instanceof TraceEvent.MemoryDigest).count(), "shadow mode ends with the final memory's digest"
                + " (a node without multi-memory records in full mode)");
    }

    @Test
    void multiMemoryIsProbedByRunningAModuleNotByTheVersion() throws IOException {
        Path says22 = tmp.resolve("fake-node-22");
        Files.writeString(says22, "#!/bin/sh\n[ \"$1\" = --version ] && echo v22.0.0 && exit 0\nprintf false\n");
        Path answersNothing = tmp.resolve("fake-node-broken");
        Files.writeString(answersNothing, "#!/bin/sh\necho 'node: bad option' >&2\nexit 9\n");
        Path abortsOnWasiImports = tmp.resolve("fake-node-aborts");
        Files.writeString(abortsOnWasiImports, "#!/bin/sh\nprintf 'mm '\n"
                + "printf '#\\n# Fatal error in , line 0\\n# Fast API does not support multiple memories yet\\n' >&2\nexit 133\n");
        for (Path p : List.of(says22, answersNothing, abortsOnWasiImports)) {
            p.toFile().setExecutable(true);
        }
        assertFalse(NodeRecorder.nodeHasMultiMemory(says22.toString()), "a node that cannot run the two-memory module");
        assertFalse(NodeRecorder.nodeHasMultiMemory(abortsOnWasiImports.toString()),
                "node 22: runs two memories, but aborts when such a module imports node:wasi's functions");
        IOException e = assertThrows(IOException.class, () -> NodeRecorder.nodeHasMultiMemory(answersNothing.toString()));
        assertTrue(e.getMessage().contains("did not answer a multi-memory check (exit status 9)")
                && e.getMessage().contains("bad option"), e.getMessage());
        assertThrows(NodeRecorder.NodeMissingException.class,
                () -> NodeRecorder.nodeHasMultiMemory(tmp.resolve("no-such-node").toString()));
    }

    /** reentry.wasm's {@code run(a, b)} under a Java host doing what reentry-host.mjs does; returns run's first result. */
    private static long recordReentryWithJavaHost(byte[] wasm, RecordingMode mode, ByteArrayOutputStream trace, long n,
            double x) {
        try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, trace, mode)) {
            Instance[] self = new Instance[1];
            HostFunction fill = new HostFunction("env", "fill",
                    FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)), (inst, a) -> {
                        for (int i = 0; i < a[1]; i++) {
                            inst.memory().writeByte((int) a[0] + i, (byte) (10 + i));
                        }
                        inst.global(0).setValue(42);
                        return new long[] {self[0].export("sum").apply(a[0], a[1])[0] + 1};
                    });
            HostFunction mix = new HostFunction("env", "mix",
                    FunctionType.of(List.of(ValType.I64, ValType.F64, ValType.F32), List.of(ValType.F64, ValType.I64)),
                    (inst, a) -> new long[] {Double.doubleToRawLongBits(Double.longBitsToDouble(a[1]) * 2), a[0] - 5});
            self[0] = Instance.builder(Parser.parse(rec.instrumentedModule()))
                    .withImportValues(rec.addTo(ImportValues.builder().addFunction(fill, mix)).build()).build();
            long k = self[0].export("run").apply(n, Double.doubleToRawLongBits(x))[0];
            self[0].memory().write(4000, new byte[] {7, 8, 9}); // as reentry-host.mjs: never read
            return k;
        }
    }

    /**
     * {@code table_call.wat}: the host calls an invoker and a function it takes from the exported
     * table (embind's and wasm-bindgen's way). Both are recorded as export calls of those functions
     * (before, their reads appeared outside any call), with their arguments and results, the
     * invoker's nested call_indirect and import call inside.
     */
    @Test
    void functionsTheHostTakesFromATableAreRecordedAsExportCalls() throws IOException {
        byte[] wasm = Files.readAllBytes(resource("table_call.wasm"));
        Path trace = tmp.resolve("table_call.trace");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        NodeRecorder.Result r = NodeRecorder.record(wasm, "table_call.wasm", resource("table-call-host.mjs"),
                List.of("3", "5"), trace, true, TIMEOUT, Map.of(), stdout, null);
        assertEquals(0, r.exitCode(), r.stderrTail());
        assertEquals("15 18 3\n", stdout.toString());
        List<TraceEvent> events = TraceReader.readAll(trace).events();
        List<String> calls = events.stream().filter(e -> e instanceof TraceEvent.ExportCall)
                .map(e -> ((TraceEvent.ExportCall) e).name() + "/" + ((TraceEvent.ExportCall) e).funcIndex()).toList();
        assertEquals(List.of("alloc/3", "reprise_rec.table_function.1/1", "reprise_rec.table_function.2/2"), calls);
        List<String> returns = events.stream().filter(e -> e instanceof TraceEvent.ExportReturn)
                .map(e -> ((TraceEvent.ExportReturn) e).results().toString()).toList();
        assertEquals(3, returns.size());
        assertTrue(returns.get(1).contains("15") && returns.get(2).contains("18"), returns.toString());
        int invoker = calls.indexOf("reprise_rec.table_function.1/1");
        int first = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof TraceEvent.ExportCall c && c.funcIndex() == 1) {
                first = i;
                break;
            }
        }
        assertTrue(invoker >= 0 && first >= 0);
        assertTrue(events.get(first + 1) instanceof TraceEvent.HostRead h && h.address() == 64,
                "the invoker's read of what the host wrote comes inside its call");
    }

    @Test
    void headerNamesTheOriginalModule() throws Exception {
        byte[] wasm = Files.readAllBytes(resource("reentry.wasm"));
        Path trace = tmp.resolve("h.trace");
        NodeRecorder.record(wasm, "reentry.wasm", resource("reentry-host.mjs"), List.of("instance", "1", "2"), trace, true,
                TIMEOUT, Map.of(), null, null);
        Trace t = TraceReader.readAll(trace);
        assertTrue(Arrays.equals(MessageDigest.getInstance("SHA-256").digest(wasm), t.header().moduleSha256()));
        t.header().requireModule(wasm);
        assertEquals(List.of("1", "2"), t.header().start().args().subList(1, 3));
        assertEquals("reentry-host.mjs", t.header().start().options().get("host"));
    }

    @Test
    void hostThatNeverInstantiatesTheModuleIsAnError() throws IOException {
        Path host = tmp.resolve("nothing.mjs");
        Files.writeString(host, "console.error('no module for you'); process.exit(3);\n");
        Path trace = tmp.resolve("none.trace");
        NodeRecorder.HostFailedException e = assertThrows(NodeRecorder.HostFailedException.class,
                () -> NodeRecorder.record(Files.readAllBytes(resource("reentry.wasm")), "reentry.wasm", host, List.of(),
                        trace, true, TIMEOUT, Map.of(), null, null));
        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().contains("without instantiating") && e.getMessage().endsWith("no module for you"),
                e.getMessage());
        assertFalse(Files.exists(trace), "nothing is written when nothing was recorded");
    }

    /**
     * An Emscripten pthreads build (wasm-vips) instantiates the module in worker threads while its
     * main thread blocks in Atomics.wait: the recorder's refusal must end the process, not leave
     * node hanging until the timeout (it did: a worker's thrown error never reached the blocked
     * main thread, and vips was killed after 180 s in the corpus run).
     */
    @Test
    void aWorkerThreadInstantiatingTheModuleEndsTheRunWithTheReason() throws IOException {
        Path trace = tmp.resolve("worker.trace");
        long start = System.nanoTime();
        NodeRecorder.Result r = NodeRecorder.record(Files.readAllBytes(resource("reentry.wasm")), "reentry.wasm",
                resource("worker-host.mjs"), List.of(), trace, true, Duration.ofSeconds(20), Map.of(), null, null);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15, "ended well before the timeout");
        assertEquals(137, r.exitCode(), "killed (SIGKILL) by the recorder");
        assertTrue(r.stderrTail().contains("reprise recorder: an instrumented module instantiated in a worker thread"),
                r.stderrTail());
        assertFalse(TraceReader.readAll(trace).complete(), "no trailer: the recording did not end normally");
    }

    /**
     * A module with a shared memory, instantiated by the main thread and a worker thread (as
     * Emscripten's pthreads): the threads run it one at a time, into one trace whose scheduler
     * decisions say which thread holds the baton, and every other event is on the thread that
     * holds it. The main thread's first call ends in an exception that leaves the module, and the
     * host then waits in JavaScript for the worker: the baton must come back without a return. The worker starts while the main thread waits in the module in 1 ms chunks, so how
     * many chunks time out differs from run to run: three runs.
     */
    @Test
    void threadsOnOneSharedMemoryAreRecordedOneAtATimeIntoOneTrace() throws IOException {
        for (int run = 0; run < 3; run++) {
            Path trace = tmp.resolve("threads" + run + ".trace");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            NodeRecorder.Result r = NodeRecorder.record(Files.readAllBytes(resource("threads.wasm")), "threads.wasm",
                    resource("threads-host.mjs"), List.of(), trace, false, TIMEOUT, Map.of(), out, System.err);
            assertEquals(0, r.exitCode(), r.stderrTail());
            assertEquals("caught negative: -1\nanswer 42\n", out.toString(java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(r.threads());
            assertEquals(RecordingMode.FULL, r.mode(), "a shadow per instance would miss the other thread's stores");
            Trace t = TraceReader.readAll(trace);
            assertTrue(t.complete());
            assertEquals("realms", t.header().start().options().get("threads"));
            List<TraceEvent> events = t.events();
            int holder = -1;
            List<String> calls = new ArrayList<>();
            int timedOut = 0;
            for (int i = 0; i < events.size(); i++) {
                TraceEvent e = events.get(i);
                if (e instanceof TraceEvent.SchedulerDecision d) {
                    switch (d.decision()) {
                        case RESUME -> holder = d.tid();
                        case TIMED_OUT -> timedOut++;
                        case NOTIFIED -> assertEquals(holder, d.tid(), "event " + i + ": a notify by the holder");
                        default -> throw new AssertionError("event " + i + ": " + d);
                    }
                    continue;
                }
                assertEquals(holder, e.tid(), "event " + i + " is on the thread that holds the baton: " + e);
                if (e instanceof TraceEvent.ExportCall c) {
                    calls.add(c.tid() + ":" + c.name());
                } else if (e instanceof TraceEvent.Unwind) {
                    calls.add(e.tid() + ":unwind");
                } else if (e instanceof TraceEvent.ExportReturn x && !x.results().isEmpty()) {
                    calls.add(x.tid() + ":=" + x.results().get(0).lo());
                }
            }
            // the worker calls consume (function 2) through the table: an export call of its table-function wrapper
            // how the threads interleave differs from run to run; what each thread did does not
            assertEquals(List.of("0:produce", "0:unwind", "0:produce", "0:await_answer", "0:=42"),
                    calls.stream().filter(c -> c.startsWith("0:")).toList(), "run " + run + " (" + timedOut + " waits timed out)");
            assertEquals(List.of("1:reprise_rec.table_function.2", "1:=21", "1:answer"),
                    calls.stream().filter(c -> c.startsWith("1:")).toList(), "run " + run);
        }
    }

    @Test
    void hostRunningPastTheTimeoutIsKilled() throws IOException {
        Path host = tmp.resolve("slow.mjs");
        Files.writeString(host, "import { readFileSync } from 'node:fs';\n"
                + "const m = new WebAssembly.Module(readFileSync(process.argv[2]));\n"
                + "new WebAssembly.Instance(m, { env: { fill: () => 0, mix: () => [0, 0n] } });\n"
                + "setInterval(() => {}, 1000);\n");
        Path trace = tmp.resolve("slow.trace");
        assertThrows(NodeRecorder.TimeoutException.class, () -> NodeRecorder.record(
                Files.readAllBytes(resource("reentry.wasm")), "reentry.wasm", host, List.of(), trace, true,
                Duration.ofSeconds(2), Map.of(), null, null));
        assertFalse(Files.exists(trace));
    }

    @Test
    void missingNodeIsAClearError() {
        String old = System.getProperty("reprise.node");
        assumeTrue(System.getenv("REPRISE_NODE") == null, "REPRISE_NODE is set");
        System.setProperty("reprise.node", tmp.resolve("no-such-node").toString());
        try {
            NodeRecorder.NodeMissingException e = assertThrows(NodeRecorder.NodeMissingException.class,
                    () -> NodeRecorder.record(Files.readAllBytes(resource("reentry.wasm")), "reentry.wasm",
                            resource("reentry-host.mjs"), List.of(), tmp.resolve("x.trace"), true, TIMEOUT, Map.of(), null, null));
            assertTrue(e.getMessage().contains("REPRISE_NODE"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty("reprise.node");
            } else {
                System.setProperty("reprise.node", old);
            }
        }
    }

    /** Runs node with the runtime directly, with the given extra environment. */
    private Process runNode(Path runtime, Path host, Path module, Path trace, String... env) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(NodeRecorder.nodeExecutable(), "--import", runtime.toUri().toString(),
                host.toString(), module.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("node.out").toFile());
        pb.environment().put("REPRISE_TRACE", trace.toString());
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        return pb.start();
    }

    @Test
    void aKilledRunLeavesAReadablePrefixMarkedIncomplete() throws Exception {
        Path runtime = NodeRecorder.writeRuntime(tmp.resolve("rt"));
        Path module = tmp.resolve("reentry.rec.wasm");
        Files.write(module, new RecordingInstrumentation(true).apply(Files.readAllBytes(resource("reentry.wasm"))));
        Path host = tmp.resolve("dies.mjs");
        Files.writeString(host, "import { readFileSync } from 'node:fs';\n"
                + "const imports = { env: { fill: () => process.kill(process.pid, 'SIGKILL'), mix: () => [0, 0n] } };\n"
                + "new WebAssembly.Instance(new WebAssembly.Module(readFileSync(process.argv[2])), imports).exports.run(3, 1);\n");
        Path trace = tmp.resolve("killed.trace");
        Process p = runNode(runtime, host, module, trace, "REPRISE_FLUSH_BYTES", "1");
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        Trace t = TraceReader.readAll(trace);
        assertFalse(t.complete(), "no trailer after SIGKILL");
        assertEquals(List.of("EXPORT_CALL", "IMPORT_CALL"), t.events().stream().map(e -> e.kind().name()).toList());
    }

    @Test
    void aTrapEndsTheTraceNormally() throws Exception {
        Path runtime = NodeRecorder.writeRuntime(tmp.resolve("rt"));
        Path module = tmp.resolve("reentry.rec.wasm");
        Files.write(module, new RecordingInstrumentation(true).apply(Files.readAllBytes(resource("reentry.wasm"))));
        Path host = tmp.resolve("throws.mjs");
        Files.writeString(host, "import { readFileSync } from 'node:fs';\n"
                + "const imports = { env: { fill: () => { throw new Error('host gives up'); }, mix: () => [0, 0n] } };\n"
                + "new WebAssembly.Instance(new WebAssembly.Module(readFileSync(process.argv[2])), imports).exports.run(3, 1);\n");
        Path trace = tmp.resolve("threw.trace");
        Process p = runNode(runtime, host, module, trace);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        Trace t = TraceReader.readAll(trace);
        assertTrue(t.complete(), "the exception unwound through the module; the recording itself ended normally");
        assertEquals(List.of("EXPORT_CALL", "IMPORT_CALL"), t.events().stream().map(e -> e.kind().name()).toList());
    }

    @Test
    void instrumentedModulesDescribeTheirOriginal() throws IOException {
        byte[] wasm = Files.readAllBytes(resource("reentry.wasm"));
        byte[] rec = new RecordingInstrumentation(true).apply(wasm);
        assertEquals(1, new ModuleReader(rec).summary().customSectionCount()
                - new ModuleReader(wasm).summary().customSectionCount());
    }
}
