package dev.reprise.benchmarks.bench;

import dev.reprise.benchmarks.corpus.BenchProgram;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a bench run on stderr: on a terminal one bar, redrawn in place, with the current
 * program and stage, and a line per finished program above it; otherwise (a log, CI) plain
 * lines, one per stage and one per finished program.
 */
public abstract class Progress {
    protected final PrintStream out;
    protected int total;

    protected Progress(PrintStream out) {
        this.out = out;
    }

    /** A bar when {@code terminal}, plain lines otherwise. */
    public static Progress to(PrintStream out, boolean terminal) {
        return terminal ? new Bar(out) : new Lines(out);
    }

    /** A run of {@code total} programs starts. */
    public void start(int total) {
        this.total = total;
    }

    /** Program number {@code n} (1-based) enters a stage. */
    public abstract void stage(int n, BenchProgram p, Stage s);

    /** Program number {@code n} is done. */
    public abstract void done(int n, ProgramResult r);

    /** The run is over. */
    public abstract void finish();

    /** One line on a finished program: status, overheads, reduction, or its failure. */
    public static String describe(ProgramResult r) {
        Figures f = r.figures();
        StringBuilder sb = new StringBuilder(r.name()).append(": ").append(r.status().json());
        if (f != null && f.recordOverhead() != null) {
            sb.append(String.format(Locale.ROOT, ", record %.2fx", f.recordOverhead()));
        }
        if (f != null && f.replayOverhead() != null) {
            sb.append(String.format(Locale.ROOT, ", replay %.2fx", f.replayOverhead()));
        }
        if (f != null && f.traceReduction() != null) {
            sb.append(String.format(Locale.ROOT, ", trace -%s", dev.reprise.benchmarks.report.HtmlReport.percent(f.traceReduction())));
        }
        if (r.failure() != null) {
            sb.append(" (FAILED at ").append(r.failure()).append(')');
        }
        return sb.toString();
    }

    /** Plain lines. */
    private static final class Lines extends Progress {
        Lines(PrintStream out) {
            super(out);
        }

        @Override
        public void stage(int n, BenchProgram p, Stage s) {
            out.printf("bench [%d/%d] %s: %s%n", n, total, p.name(), s.json());
        }

        @Override
        public void done(int n, ProgramResult r) {
            out.printf("bench [%d/%d] %s%n", n, total, describe(r));
        }

        @Override
        public void finish() {
            out.flush();
        }
    }

    /** A bar redrawn in place with carriage returns. */
    private static final class Bar extends Progress {
        private static final int WIDTH = 24;
        private static final int COLUMNS = 100;
        private int finished;

        Bar(PrintStream out) {
            super(out);
        }

        @Override
        public void stage(int n, BenchProgram p, Stage s) {
            int filled = total == 0 ? WIDTH : WIDTH * finished / total;
            String line = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + finished + "/" + total + "  "
                    + p.name() + ": " + s.json();
            if (line.length() > COLUMNS - 1) {
                line = line.substring(0, COLUMNS - 1);
            }
            out.print("\r" + line + " ".repeat(COLUMNS - 1 - line.length()) + "\r");
            out.flush();
        }

        @Override
        public void done(int n, ProgramResult r) {
            finished++;
            out.print("\r" + " ".repeat(COLUMNS - 1) + "\r");
            out.println(describe(r));
            out.flush();
        }

        @Override
        public void finish() {
            out.print("\r" + " ".repeat(COLUMNS - 1) + "\r");
            out.flush();
        }
    }
}
