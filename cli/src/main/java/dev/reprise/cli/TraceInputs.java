package dev.reprise.cli;

import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.ReducedTraceCodec;
import dev.reprise.reduce.Reducer;
import dev.reprise.record.trace.BadTraceException;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceFormat;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.record.trace.JsonLinesTraceReader;
import dev.reprise.record.trace.WasmR3TraceImporter;
import dev.reprise.replay.ModuleSignatures;
import dev.reprise.replay.verify.Expectation;
import java.nio.file.Path;

/** Reading traces for reduce and replay: binary or JSON Lines traces, reduced traces, Wasm-R3 {@code .r3} text. */
final class TraceInputs {
    private TraceInputs() {
    }

    /** A full trace (binary or JSON Lines); bad content is a one-line {@link UserError}. */
    static Trace trace(Path file) {
        byte[] bytes = Files2.read(file);
        try {
            TraceFormat f = TraceFormat.detect(java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 64)));
            if (f == null) {
                throw new UserError(ExitCode.BAD_INPUT, file + ": not a reprise trace (neither binary nor JSON Lines)");
            }
            Trace t = f == TraceFormat.BINARY ? TraceReader.readAll(bytes) : JsonLinesTraceReader.readAll(bytes);
            if (!t.complete()) {
                throw new UserError(ExitCode.BAD_INPUT, file + ": the trace is incomplete (cut short after "
                        + t.events().size() + " events)");
            }
            return t;
        } catch (BadTraceException e) {
            throw new UserError(ExitCode.BAD_INPUT, file + ": " + e.getMessage());
        }
    }

    /**
     * The reduced form of {@code file} for module {@code wasm}: read as is when it is a reduced trace,
     * reduced when it is a trace, imported then reduced when it is a Wasm-R3 {@code .r3} file. The
     * trace must have been recorded from this module (when it names one).
     */
    static ReducedTrace reduced(Path file, byte[] wasm) {
        try {
            if (file.getFileName().toString().endsWith(".r3")) {
                Files2.read(file);
                return new Reducer().reduce(new WasmR3TraceImporter(ModuleSignatures.of(wasm)).importTrace(file, wasm));
            }
            byte[] bytes = Files2.read(file);
            if (ReducedTraceCodec.isReduced(bytes)) {
                ReducedTrace t = ReducedTraceCodec.read(bytes);
                byte[] sha = t.moduleSha256();
                if (sha.length == 32 && !java.util.Arrays.equals(sha, sha256(wasm))) {
                    throw new UserError(ExitCode.BAD_INPUT, file + ": the trace was recorded from another module"
                            + " (its SHA-256 differs)");
                }
                return t;
            }
            Trace t = trace(file);
            t.header().requireModule(wasm);
            return new Reducer().reduce(t);
        } catch (BadTraceException e) {
            throw new UserError(ExitCode.BAD_INPUT, file + ": " + e.getMessage());
        }
    }

    /**
     * What a replay of {@code wasm} must reproduce, read from {@code file} as {@link #reduced} reads it:
     * a trace (all its events), a reduced trace, or a Wasm-R3 {@code .r3} file.
     */
    static Expectation expectation(Path file, byte[] wasm) {
        try {
            if (file.getFileName().toString().endsWith(".r3")) {
                Files2.read(file);
                return Expectation.of(new WasmR3TraceImporter(ModuleSignatures.of(wasm)).importTrace(file, wasm));
            }
            byte[] bytes = Files2.read(file);
            if (ReducedTraceCodec.isReduced(bytes)) {
                return Expectation.of(reduced(file, wasm));
            }
            Trace t = trace(file);
            t.header().requireModule(wasm);
            return Expectation.of(t);
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
