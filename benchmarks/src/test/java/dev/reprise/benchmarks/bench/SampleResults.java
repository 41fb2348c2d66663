package dev.reprise.benchmarks.bench;

import java.util.List;

/** Hand-made results for report and merge tests (no pipeline run). */
final class SampleResults {
    private SampleResults() {
    }

    static ProgramResult verified(int index, String name, double original, double record, double replay, long full,
            long reduced) {
        Figures.Builder f = new Figures.Builder();
        f.moduleBytes = 100_000L + index;
        f.instrumentedBytes = 120_000L;
        f.replayBytes = 101_000L;
        f.originalMs = original;
        f.recordMs = record;
        f.replayMs = replay;
        f.traceEvents = 20L;
        f.traceBytes = 500L;
        f.fullTraceEvents = full / 10;
        f.fullTraceBytes = full;
        f.reducedEvents = 11L;
        f.reducedBytes = reduced;
        f.instrumentMs = 30.0;
        f.reduceMs = 2.0;
        f.replayGenMs = 9.0;
        f.replayEnd = "return";
        List<StageResult> stages = List.of(new StageResult(Stage.RUN, true, 0.5, null),
                new StageResult(Stage.VERIFY, true, 0.1, null));
        return new ProgramResult(index, name, "wasi", name + " program", "committed:" + name + ".wasm", "Apache-2.0",
                "written for reprise", List.of("compute"), ProgramResult.Status.VERIFIED, "self-check", null, f.build(),
                stages, List.of());
    }

    /** {@link #verified} timed while the hypervisor took {@code stealPercent} of the machine's CPU time. */
    static ProgramResult verifiedWithSteal(int index, String name, double stealPercent) {
        ProgramResult p = verified(index, name, 10, 15, 11, 10_000, 100);
        Figures f = p.figures();
        Figures.Builder b = new Figures.Builder();
        b.moduleBytes = f.moduleBytes();
        b.originalMs = f.originalMs();
        b.recordMs = f.recordMs();
        b.replayMs = f.replayMs();
        b.stealPercent = stealPercent;
        return new ProgramResult(p.index(), p.name(), p.host(), p.description(), p.source(), p.licence(), p.provenance(),
                p.exercises(), p.status(), p.verification(), p.failure(), b.build(), p.stages(), p.notes());
    }

    static ProgramResult failed(int index, String name, Stage stage, String message) {
        Figures.Builder f = new Figures.Builder();
        f.moduleBytes = 5_000L;
        f.originalMs = 12.0;
        List<StageResult> stages = List.of(new StageResult(Stage.RUN, true, 0.5, null),
                new StageResult(stage, false, 0.2, message));
        return new ProgramResult(index, name, "node", name + " program", "binary:" + name, "MIT", "npm " + name + "@1.0.0",
                List.of("rust"), ProgramResult.Status.FAILED, null, new Failure(stage, message), f.build(), stages,
                List.of());
    }

    static RunMeta run(String shard, List<String> programs) {
        return new RunMeta("2026-11-22T07:00:00Z", "0.1.0-SNAPSHOT",
                new RunMeta.Machine("vm", 2, 24L << 30, 6L << 30, "Linux 6.1 amd64", "17.0.15 (Debian)", "v20.20.2"),
                "benchmarks/corpus/programs.json", programs, 3, shard, 12.5);
    }
}
