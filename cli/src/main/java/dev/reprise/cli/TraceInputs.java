package dev.reprise.cli;

import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.ReducedTraceCodec;
import dev.reprise.reduce.Reducer;
import dev.reprise.record.trace.BadTraceException;
import dev.reprise.record.trace.TraceFormat;
import dev.reprise.record.trace.TraceSource;
import dev.reprise.record.trace.WasmR3TraceImporter;
import dev.reprise.replay.ModuleSignatures;
import dev.reprise.replay.verify.Expectation;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Reading traces for reduce, replay and verify: binary or JSON Lines traces (streamed, never read
 * whole), reduced traces, Wasm-R3 {@code .r3} text.
 */
final class TraceInputs {
    private TraceInputs() {
    }

    /**
     * A trace file to stream (binary or JSON Lines): its header is read now, its events by whoever
     * opens it. A missing or unreadable file is a one-line {@link UserError} (66), one that is not
     * a trace 65. A long pass over it reports its progress on stderr as {@code reprise COMMAND}.
     */
    static TraceSource source(Path file, String command) {
        byte[] head = Files2.readHead(file, 64);
        if (TraceFormat.detect(head) == null) {
            throw new UserError(ExitCode.BAD_INPUT, file + ": not a reprise trace (neither binary nor JSON Lines)");
        }
        try {
            return ProgressSource.of(TraceSource.of(file), command);
        } catch (BadTraceException e) {
            throw new UserError(ExitCode.BAD_INPUT, file + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UserError(ExitCode.NO_INPUT, file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Reduces the trace {@code file} in one streamed pass (its events are never all in memory), for
     * module {@code wasm} when not null (the trace must have been recorded from it, when it names
     * one). A malformed or incomplete trace is a one-line {@link UserError} (65); a trace the
     * reducer cannot handle throws {@link dev.reprise.reduce.UnsupportedTraceException}.
     */
    static Reducer.Result reduce(Reducer reducer, Path file, TraceSource source, byte[] wasm) {
        try {
            if (wasm != null) {
                source.header().requireModule(wasm);
            }
            Reducer.Result r = reducer.reduceWithStats(source);
            if (!r.complete()) {
                throw new UserError(ExitCode.BAD_INPUT, file + ": the trace is incomplete (cut short after "
                        + r.stats().eventsBefore() + " events)");
            }
            return r;
        } catch (BadTraceException e) {
            throw new UserError(ExitCode.BAD_INPUT, file + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UserError(ExitCode.NO_INPUT, file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * The reduced form of {@code file} for module {@code wasm}: read as is when it is a reduced trace,
     * reduced (streamed) when it is a trace, imported then reduced when it is a Wasm-R3 {@code .r3} file.
     * The trace must have been recorded from this module (when it names one).
     */
    static ReducedTrace reduced(Path file, byte[] wasm, String command) {
        try {
            if (file.getFileName().toString().endsWith(".r3")) {
                Files2.read(file);
                return new Reducer().reduce(new WasmR3TraceImporter(ModuleSignatures.of(wasm)).importTrace(file, wasm));
            }
            if (ReducedTraceCodec.isReduced(Files2.readHead(file, 64))) {
                return readReduced(file, wasm);
            }
            return reduce(new Reducer(), file, source(file, command), wasm).trace();
        } catch (BadTraceException e) {
            throw new UserError(ExitCode.BAD_INPUT, file + ": " + e.getMessage());
        }
    }

    private static ReducedTrace readReduced(Path file, byte[] wasm) {
        ReducedTrace t = ReducedTraceCodec.read(Files2.read(file));
        byte[] sha = t.moduleSha256();
        if (sha.length == 32 && !java.util.Arrays.equals(sha, sha256(wasm))) {
            throw new UserError(ExitCode.BAD_INPUT, file + ": the trace was recorded from another module"
                    + " (its SHA-256 differs)");
        }
        return t;
    }

    /**
     * What a replay of {@code wasm} must reproduce, read from {@code file} as {@link #reduced} reads it:
     * a trace (reduced in one streamed pass now, its events streamed again by the comparison), a
     * reduced trace, or a Wasm-R3 {@code .r3} file.
     */
    static Expectation expectation(Path file, byte[] wasm, String command) {
        try {
            if (file.getFileName().toString().endsWith(".r3")) {
                Files2.read(file);
                return Expectation.of(new WasmR3TraceImporter(ModuleSignatures.of(wasm)).importTrace(file, wasm));
            }
            if (ReducedTraceCodec.isReduced(Files2.readHead(file, 64))) {
                return Expectation.of(readReduced(file, wasm));
            }
            TraceSource source = source(file, command);
            return Expectation.of(source, reduce(new Reducer(), file, source, wasm).trace());
        } catch (BadTraceException e) {
            throw new UserError(ExitCode.BAD_INPUT, file + ": " + e.getMessage());
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
