package dev.reprise.benchmarks.bench.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.benchmarks.bench.Figures;
import dev.reprise.benchmarks.corpus.BenchProgram;
import dev.reprise.benchmarks.corpus.ProgramsManifest;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The measure stage of a WASI program under reprise's runtime, each of its runs (the original,
 * the recording, the replay) in a fresh JVM of its own, as JMH forks and as node programs start a
 * fresh node per run. In one JVM, the runtime's shared code (the WASI host, the sandbox, memory
 * access) is compiled for whatever ran before: after twelve other programs wordcount's replay
 * took 2.32x its original (1.18x alone), and base64's replay, timed in a JVM shared with its
 * original and recording, 1.26x where alone it takes 0.75x of its original alone. Each child
 * checks its run once more, then times it with {@link MeasureRounds} (the bench's warm-up,
 * repeats and budget).
 *
 * <p>The parent starts {@code java} with its own JVM options and class path, once per run:
 * <pre>
 * java ... dev.reprise.benchmarks.bench.internal.ForkedMeasure --manifest programs.json --program wordcount
 *     --module wordcount.wasm --work DIR --repeat 7 --warm-up-ms 3000 --budget-ms 300000
 *     --run original|recording|replay [--output-sha256 HEX] [--replay replay.wasm [--end-trap proc_exit]]
 * </pre>
 * and the child prints one line, {@code #measure {samples as JSON}} (exit 0) or
 * {@code #failed MESSAGE} (exit 1).
 */
public final class ForkedMeasure {
    private static final String SAMPLES = "#measure ";
    private static final String FAILED = "#failed ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ForkedMeasure() {
    }

    /** What one child times. */
    private enum Run {
        ORIGINAL, RECORDING, REPLAY;

        /** The {@code --run} argument, and the report's word. */
        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One run's samples pooled over its JVMs, with the warm-up each JVM ran first. */
    private static final class Pooled {
        final List<Double> wallMs = new ArrayList<>();
        final List<Double> cpuMs = new ArrayList<>();
        final List<WarmUp.Result> warmUps = new ArrayList<>();
        final List<String> otherNotes = new ArrayList<>();
        final List<Double> stealPercents = new ArrayList<>();

        void add(MeasureRounds.Samples s) {
            wallMs.addAll(s.originalMs());
            cpuMs.addAll(s.originalCpuMs());
            if (s.stealPercent() != null) {
                stealPercents.add(s.stealPercent());
            }
            for (String n : s.notes()) {
                WarmUp.Result w = WarmUp.Result.parse(n);
                if (w != null) {
                    warmUps.add(w);
                } else if (!otherNotes.contains(n)) {
                    otherNotes.add(n);
                }
            }
        }

        /** The JVMs' warm-ups: "612/598 rounds in 3.2/3.1 s". */
        String warmUps() {
            return warmUps.stream().map(w -> String.valueOf(w.rounds())).collect(Collectors.joining("/")) + " rounds in "
                    + warmUps.stream().map(w -> String.format(Locale.ROOT, "%.1f", w.seconds()))
                            .collect(Collectors.joining("/")) + " s";
        }

        /** How many JVMs ended their warm-up at the cap with the JIT still compiling. */
        long stillCompiling() {
            return warmUps.stream().filter(w -> Boolean.FALSE.equals(w.quiet())).count();
        }
    }

    /**
     * The parent's side: times {@code program}'s original ({@code module}), its recording when
     * {@code record}, and its {@code replay} when not null, each in {@code ctx.forks()} fresh JVMs
     * (round-robin: original, recording, replay, then again), within the bench's process timeout,
     * and pools their samples. {@code outputSha256} is the original's output, which the others
     * must print (null: unchecked). A failing child is a {@link StageFailed} with its message.
     */
    static MeasureRounds.Samples run(BenchContext ctx, BenchProgram program, Path module, String outputSha256,
            boolean record, Path replay, ExpectedEnd end) throws java.io.IOException {
        List<Run> runs = new ArrayList<>(List.of(Run.ORIGINAL));
        if (record) {
            runs.add(Run.RECORDING);
        }
        if (replay != null) {
            runs.add(Run.REPLAY);
        }
        // the stage's budget, shared by its JVMs
        Duration budget = ctx.measureBudget().dividedBy((long) runs.size() * ctx.forks());
        Map<Run, Pooled> pooled = new EnumMap<>(Run.class);
        for (Run run : Run.values()) {
            pooled.put(run, new Pooled());
        }
        for (int f = 0; f < ctx.forks(); f++) {
            for (Run run : runs) {
                pooled.get(run).add(child(ctx, program, module, run, outputSha256, replay, end, budget));
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "timed in %d fresh JVM%s per run, each after untimed rounds for at least"
                + " %.1f s%s (%s)", ctx.forks(), ctx.forks() == 1 ? "" : "s", ctx.warmUp().toMillis() / 1e3,
                ctx.warmUp().isZero() ? "" : " and until the JIT was quiet",
                runs.stream().map(r -> r.word() + " " + pooled.get(r).warmUps()).collect(Collectors.joining(", "))));
        List<String> compiling = runs.stream().filter(r -> pooled.get(r).stillCompiling() > 0)
                .map(r -> r.word() + " in " + pooled.get(r).stillCompiling()).toList();
        if (!compiling.isEmpty()) {
            notes.add("the JIT was still compiling after the warm-up's " + WarmUp.CAP.toSeconds() + " s cap: "
                    + String.join(", ", compiling) + " of " + ctx.forks() + " JVMs");
        }
        runs.forEach(r -> pooled.get(r).otherNotes.stream().filter(n -> !notes.contains(n)).forEach(notes::add));
        Pooled o = pooled.get(Run.ORIGINAL);
        Pooled rec = pooled.get(Run.RECORDING);
        Pooled rep = pooled.get(Run.REPLAY);
        List<Double> steal = runs.stream().flatMap(r -> pooled.get(r).stealPercents.stream()).toList();
        return new MeasureRounds.Samples(o.wallMs, o.cpuMs, rec.wallMs, rec.cpuMs, rep.wallMs, rep.cpuMs, List.of(), notes,
                steal.isEmpty() ? null : steal.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }

    private static MeasureRounds.Samples child(BenchContext ctx, BenchProgram program, Path module, Run run,
            String outputSha256, Path replay, ExpectedEnd end, Duration budget) throws java.io.IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // one flight recording or debugger per JVM
            if (!option.startsWith("-XX:StartFlightRecording") && !option.startsWith("-agentlib:jdwp")) {
                cmd.add(option);
            }
        }
        // the child runs in the program's work folder: every path it is given is absolute
        cmd.addAll(List.of("-cp", absoluteClassPath(), ForkedMeasure.class.getName(),
                "--manifest", ctx.manifestFile().toAbsolutePath().toString(), "--program", program.name(),
                "--module", module.toAbsolutePath().toString(),
                "--work", ProgramPipeline.workDir(ctx, program).toAbsolutePath().toString(),
                "--repeat", String.valueOf(ctx.repeat()), "--warm-up-ms", String.valueOf(ctx.warmUp().toMillis()),
                "--budget-ms", String.valueOf(budget.toMillis()), "--run", run.word()));
        if (outputSha256 != null) {
            cmd.addAll(List.of("--output-sha256", outputSha256));
        }
        if (run == Run.REPLAY) {
            cmd.addAll(List.of("--replay", replay.toAbsolutePath().toString()));
            if (end.traps()) {
                cmd.addAll(List.of("--end-trap", end.trapImport()));
            }
        }
        Processes.Outcome o = Processes.run(cmd, ProgramPipeline.workDir(ctx, program), Map.of(), null,
                ctx.timeout().plus(budget));
        if (o.timedOut()) {
            throw new StageFailed("the JVM timing the " + run.word() + " " + o.why());
        }
        for (String line : new String(o.stdout(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(SAMPLES)) {
                return JSON.readValue(line.substring(SAMPLES.length()), MeasureRounds.Samples.class);
            }
            if (line.startsWith(FAILED)) {
                throw new StageFailed(line.substring(FAILED.length()));
            }
        }
        throw new StageFailed("the JVM timing the " + run.word() + " printed no samples (" + o.why() + ")");
    }

    /** This JVM's class path with each entry made absolute (a relative {@code -jar} path, {@code -cp target/classes}). */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The child's side; see the class comment for the arguments. */
    public static void main(String[] args) {
        try {
            System.out.println(SAMPLES + JSON.writeValueAsString(measure(options(args))));
            System.exit(0);
        } catch (Exception | StackOverflowError e) {
            System.out.println(FAILED + ProgramPipeline.describe(e));
            System.exit(1);
        }
    }

    /** Times one run; its samples come back as the "original" ones of {@link MeasureRounds.Samples}. */
    private static MeasureRounds.Samples measure(Map<String, String> o) throws Exception {
        ProgramsManifest manifest = ProgramsManifest.read(Path.of(o.get("--manifest")));
        BenchProgram program = manifest.program(o.get("--program"))
                .orElseThrow(() -> new IllegalArgumentException("no program " + o.get("--program")));
        Path work = Path.of(o.get("--work"));
        Duration warmUp = Duration.ofMillis(Long.parseLong(o.get("--warm-up-ms")));
        Duration budget = Duration.ofMillis(Long.parseLong(o.get("--budget-ms")));
        int repeat = Integer.parseInt(o.get("--repeat"));
        BenchContext ctx = new BenchContext(repeat, work.getParent(), manifest.baseDir(), null, null, null,
                Duration.ofMinutes(10), false, budget, warmUp, (p, s) -> { }, manifest.file(), 0);
        WasiDriver driver = new WasiDriver(program, ctx, Files.readAllBytes(Path.of(o.get("--module"))));
        driver.expectOutput(o.get("--output-sha256"));
        Figures.Builder fig = new Figures.Builder();
        Path trace = work.resolve("measure.trace");
        try {
            HostDriver.TimedRun run = switch (Run.valueOf(o.get("--run").toUpperCase(Locale.ROOT))) {
                case ORIGINAL -> driver.original(fig);
                case RECORDING -> driver.record(trace, fig);
                case REPLAY -> driver.replay(Path.of(o.get("--replay")), new ExpectedEnd(o.get("--end-trap")), fig);
            };
            return MeasureRounds.run(run, null, null, null, true, repeat, warmUp, budget);
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            o.put(args[i], args[++i]);
        }
        return o;
    }
}
