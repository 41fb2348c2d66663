package dev.reprise.benchmarks.jmh;

import dev.reprise.benchmarks.CodecOps;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Speed of the {@code wasm} codec on large real binaries from the corpus cache
 * ({@code ${REPRISE_CACHE:-~/.cache/reprise}/corpus/NAME.wasm}, fetched by
 * {@code .ci/fetch-corpus}):
 *
 * <ul>
 *   <li>{@code copyThrough}: read + write with copy-through (the output is checked to be
 *       byte-identical once, in the set-up);</li>
 *   <li>{@code visit}: read and visit every instruction, immediates folded into a checksum;</li>
 *   <li>{@code reencode}: full decode and re-encode;</li>
 *   <li>{@code exnref}: the legacy exception-handling translation
 *       ({@link dev.reprise.transform.exceptions.LegacyExceptionsPass}: a scan, then a rewrite of
 *       the functions with legacy trys; pyodide has them, the others come back unchanged after the scan).</li>
 * </ul>
 *
 * <p>Mode is throughput: the primary score is modules per second, and the secondary
 * {@code MB} row (an {@link AuxCounters} counter of input megabytes, 10^6 bytes) is the
 * input throughput in MB/s. For allocation per operation add {@code -prof gc}; divide
 * {@code gc.alloc.rate.norm} of {@code visit} by the instruction count printed at set-up to get
 * bytes per instruction.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar WasmCodec                 # all files, all three
 * java -jar benchmarks/target/benchmarks.jar WasmCodec.visit -p file=ruby -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xss16m"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class WasmCodecBenchmark {

    /** Corpus entry names (or paths ending in {@code .wasm}). */
    @Param({"ruby", "esbuild", "pyodide"})
    public String file;

    private byte[] wasm;
    private double megabytes;

    @Setup(Level.Trial)
    public void load() {
        wasm = CodecOps.load(file);
        megabytes = wasm.length / 1e6;
        if (!Arrays.equals(wasm, CodecOps.copyThrough(wasm))) {
            throw new IllegalStateException(file + ": copy-through output is not byte-identical to its input");
        }
        System.out.printf("%n# %s: %,d bytes, %,d instructions, %,d function bodies%n",
                file, wasm.length, CodecOps.instructions(wasm), CodecOps.skipBodies(wasm));
    }

    /** Megabytes of input processed; JMH reports it per second (MB/s). Reset every iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Input {
        public double MB;
    }

    @Benchmark
    public byte[] copyThrough(Input in) {
        in.MB += megabytes;
        return CodecOps.copyThrough(wasm);
    }

    @Benchmark
    public long visit(Input in) {
        in.MB += megabytes;
        return CodecOps.visit(wasm);
    }

    @Benchmark
    public byte[] reencode(Input in) {
        in.MB += megabytes;
        return CodecOps.reencode(wasm);
    }

    @Benchmark
    public byte[] exnref(Input in) {
        in.MB += megabytes;
        return new dev.reprise.transform.exceptions.LegacyExceptionsPass().apply(wasm);
    }
}
