package dev.reprise.runtime;

import dev.reprise.runtime.internal.TracingInterpreterMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmEngineException;
import run.endive.wasm.WasmModule;

/**
 * A parsed module ready to run many times (the model checker runs one program thousands of
 * times): it is parsed once and compiled to JVM bytecode at most once per engine. Immutable
 * and safe to share between runs.
 */
public final class Program {
    private final String name;
    private final byte[] bytes;
    private final WasmModule module;
    private final Map<Engine, Function<Instance, Machine>> machines = new EnumMap<>(Engine.class);

    private Program(String name, byte[] bytes, WasmModule module) {
        this.name = name;
        this.bytes = bytes;
        this.module = module;
    }

    /** Parses {@code bytes}; {@code name} becomes argv[0] by default. */
    public static Program of(byte[] bytes, String name) {
        return new Program(name, bytes.clone(), parse(bytes));
    }

    /**
     * Loads a {@code .wasm} file, or a {@code .wat} file by running {@code wat2wasm} (which must
     * be on the PATH).
     */
    public static Program load(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".wat")) {
            return of(wat2wasm(file), name);
        }
        try {
            return of(Files.readAllBytes(file), name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] wat2wasm(Path wat) {
        try {
            Path out = Files.createTempFile("reprise-", ".wasm");
            try {
                Process p = new ProcessBuilder("wat2wasm", "--enable-threads", "--debug-names", wat.toString(),
                        "-o", out.toString()).redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new MalformedModuleException("wat2wasm failed on " + wat + ": " + log.strip(), null);
                }
                return Files.readAllBytes(out);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new SandboxException("cannot compile " + wat + ": wat2wasm is not on the PATH (" + e.getMessage() + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while compiling " + wat, e);
        }
    }

    /** Parses a module, mapping Endive's parse and validation errors to {@link MalformedModuleException}. */
    static WasmModule parse(byte[] bytes) {
        try {
            return Parser.parse(bytes);
        } catch (WasmEngineException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new MalformedModuleException("malformed or invalid module: " + e.getMessage(), e);
        }
    }

    /** The program's file name (default argv[0]). */
    public String name() {
        return name;
    }

    /** The module bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Endive's parsed module. */
    public WasmModule module() {
        return module;
    }

    /** The machine factory for {@code engine}, compiling on first use. */
    public synchronized Function<Instance, Machine> machineFactory(Engine engine) {
        return machines.computeIfAbsent(engine, e -> {
            if (e == Engine.INTERPRETER) {
                return TracingInterpreterMachine::new;
            }
            try {
                return MachineFactoryCompiler.compile(module);
            } catch (WasmEngineException | IllegalArgumentException ex) {
                throw new MalformedModuleException("the compiler rejected " + name + ": " + ex.getMessage(), ex);
            }
        });
    }
}
