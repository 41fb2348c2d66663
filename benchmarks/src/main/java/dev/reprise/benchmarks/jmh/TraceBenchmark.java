package dev.reprise.benchmarks.jmh;

import dev.reprise.benchmarks.RecordedTraces;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceWriter;
import dev.reprise.reduce.ReducedTraceCodec;
import dev.reprise.reduce.Reducer;
import java.io.OutputStream;
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
 * Speed of the trace hot paths on a real trace: a committed program recorded once at set-up
 * ({@code hash 1} with {@code --full}: about two million events, every byte read reported),
 * then (1) {@code write}: every event encoded by {@link TraceWriter} into a counting sink, as the
 * recorder does during a run; (2) {@code reduce}: {@link Reducer} over the whole trace (shadow
 * memory, bundling, merging) and the reduced trace encoded. The {@code events} row is trace
 * events per second.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TraceBenchmark -p program=matmul:60
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-Xss16m"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class TraceBenchmark {
    /** {@code NAME:ARGS} of a program in {@code benchmarks/programs} (run from the repository root). */
    @Param({"hash:1"})
    public String program;

    /** {@code full} (every read) or {@code shadow} (only host-changed reads). */
    @Param({"full"})
    public String mode;

    private Trace trace;
    private TraceEvent[] events;

    @Setup(Level.Trial)
    public void record() {
        trace = RecordedTraces.record(program, mode.equals("full"));
        events = trace.events().toArray(TraceEvent[]::new);
        System.out.printf("%n# %s (%s): %,d events%n", program, mode, events.length);
    }

    /** Trace events processed; JMH reports them per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Events {
        public long events;
    }

    /** A sink that only counts, so that the benchmark measures encoding, not the disk. */
    static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    @Benchmark
    public long write(Events counter) {
        CountingSink sink = new CountingSink();
        try (TraceWriter w = TraceWriter.create(sink, trace.header())) {
            for (TraceEvent e : events) {
                w.write(e);
            }
        }
        counter.events += events.length;
        return sink.bytes;
    }

    @Benchmark
    public byte[] reduce(Events counter) {
        counter.events += events.length;
        return ReducedTraceCodec.write(new Reducer().reduce(trace));
    }
}
