package dev.reprise.benchmarks.jmh;

import dev.reprise.benchmarks.CodecOps;
import dev.reprise.transform.record.RecordingInstrumentation;
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
 * Speed of the recording instrumentation ({@link RecordingInstrumentation}: every load checked
 * against the shadow memory, every boundary call wrapped) on real modules: the committed
 * {@code benchmarks/programs/*.wasm} and corpus binaries ({@code .ci/fetch-corpus} first).
 * Primary score: modules per second; the {@code MB} row: input megabytes per second.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar Instrument -p file=esbuild -p mode=shadow
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xss16m"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class InstrumentBenchmark {
    /** A corpus entry name or a path to a {@code .wasm} file. */
    @Param({"benchmarks/programs/hash.wasm", "quickjs", "esbuild"})
    public String file;

    /** {@code shadow} (the default recording) or {@code full} (every read reported). */
    @Param({"shadow", "full"})
    public String mode;

    private byte[] wasm;
    private double megabytes;
    private RecordingInstrumentation instrumentation;

    @Setup(Level.Trial)
    public void load() {
        wasm = CodecOps.load(file);
        megabytes = wasm.length / 1e6;
        instrumentation = new RecordingInstrumentation(mode.equals("full"));
        byte[] out = instrumentation.apply(wasm);
        System.out.printf("%n# %s: %,d bytes -> %,d instrumented (%s)%n", file, wasm.length, out.length, mode);
    }

    /** Input megabytes; JMH reports it per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Input {
        public double MB;
    }

    @Benchmark
    public byte[] instrument(Input in) {
        in.MB += megabytes;
        return instrumentation.apply(wasm);
    }
}
