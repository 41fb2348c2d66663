package dev.reprise.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.TraceSource;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.replay.ReplayOptions;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.StdinSource;
import dev.reprise.transform.record.RecordingMode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.CodeSizeEvaluator;
import run.endive.compiler.Cache;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;

/**
 * A replay's import stubs must stay JIT-compilable under reprise's runtime: Endive compiles each
 * wasm function to one JVM method, and HotSpot leaves methods over 8,000 bytes of bytecode to its
 * interpreter. base64 reads its 200 KB of stdin in 57-byte reads: about 3,500 runs of one import.
 */
class ReplayStubsJitSizeTest {
    /** HotSpot's {@code HugeMethodLimit}: longer methods are never compiled ({@code DontCompileHugeMethods}). */
    private static final int HUGE_METHOD = 8000;

    @TempDir
    static Path tmp;
    private static byte[] module;
    private static ReducedTrace reduced;

    @BeforeAll
    static void record() throws Exception {
        module = Files.readAllBytes(Path.of("programs", "base64.wasm"));
        RunOptions options = RunOptions.builder()
                .stdin(StdinSource.of(Files.readAllBytes(Path.of("corpus", "inputs", "words.txt")))).build();
        Path trace = tmp.resolve("base64.trace");
        WasiRecorder.record(module, "base64.wasm", options, trace, RecordingMode.HOST);
        reduced = new Reducer().reduceWithStats(TraceSource.of(trace)).trace();
    }

    @Test
    void everyImportStubChunkCompilesToAMethodTheJitTakes() throws Exception {
        Map<Integer, Integer> sizes = generatedMethodSizes(new ReplayGenerator().generate(module, reduced).wasm());
        assertTrue(sizes.size() >= 50, "3,500 reads in chunks of at most 64 runs: " + sizes);
        sizes.forEach((f, size) -> assertTrue(size < HUGE_METHOD, "function " + f + " compiles to " + size + " bytes"));
    }

    /** The check can fail: 256 runs per function, the earlier default, made methods of about 10.8 KB. */
    @Test
    void twoHundredFiftySixRunsPerFunctionWereTooMany() throws Exception {
        byte[] replay = new ReplayGenerator(new ReplayOptions(32, 256, 256, true)).generate(module, reduced).wasm();
        Map<Integer, Integer> sizes = generatedMethodSizes(replay);
        assertTrue(sizes.values().stream().anyMatch(s -> s >= HUGE_METHOD), sizes.toString());
    }

    /**
     * The bytecode size of each function the replay generator made, by wasm function index: those
     * after the target's own functions (import stubs, their chunks, the driver).
     */
    private static Map<Integer, Integer> generatedMethodSizes(byte[] replay) throws Exception {
        WasmModule target = Parser.parse(module);
        int targetFunctions = target.functionSection().functionCount(); // the replay imports nothing
        byte[][] jar = new byte[1][];
        MachineFactoryCompiler.builder(Parser.parse(replay)).withCache(new Cache() {
            @Override
            public byte[] get(String key) {
                return null;
            }

            @Override
            public void putIfAbsent(String key, byte[] data) {
                jar[0] = data;
            }
        }).compile();
        assertTrue(jar[0] != null, "the compiler handed its classes to the cache");
        Map<Integer, Integer> sizes = new TreeMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar[0]))) {
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                if (!e.getName().endsWith(".class")) {
                    continue;
                }
                new ClassReader(in.readAllBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                        if (!name.startsWith("func_")) {
                            return null;
                        }
                        int index = Integer.parseInt(name.substring(5));
                        if (index < targetFunctions) {
                            return null;
                        }
                        return new CodeSizeEvaluator(null) {
                            @Override
                            public void visitEnd() {
                                sizes.merge(index, getMaxSize(), Math::max);
                            }
                        };
                    }
                }, 0);
            }
        }
        return sizes;
    }
}
