package dev.reprise.benchmarks;

import dev.reprise.benchmarks.corpus.CorpusCache;
import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.Catch;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.FeatureScanner;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.ValType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three codec operations the speed figures are about, shared by the JMH benchmarks
 * ({@code dev.reprise.benchmarks.jmh.WasmCodecBenchmark}) and {@link CodecVsWasmOpt} so both
 * measure exactly the same code:
 *
 * <ol>
 *   <li>{@link #copyThrough}: {@code new ModuleWriter(reader)} fed by its reader, sections
 *       checked and copied byte for byte;</li>
 *   <li>{@link #visit}: every instruction decoded and handed to a {@link CodeVisitor} that folds
 *       each opcode and immediate into a checksum (so nothing is dead code);</li>
 *   <li>{@link #reencode}: {@code new ModuleWriter()}, every section and body decoded and
 *       encoded again.</li>
 * </ol>
 */
public final class CodecOps {
    private CodecOps() {
    }

    /** The corpus folder: {@code ${REPRISE_CACHE:-~/.cache/reprise}/corpus}. */
    public static Path corpusDir() {
        return CorpusCache.defaultRoot().resolve("corpus");
    }

    /**
     * A corpus binary by name ({@code ruby} reads {@code <corpus>/ruby.wasm}) or by path (anything
     * ending in {@code .wasm}). Fails with a message naming {@code .ci/fetch-corpus} when absent.
     */
    public static Path resolve(String nameOrPath) {
        Path p = nameOrPath.endsWith(".wasm") ? Path.of(nameOrPath) : corpusDir().resolve(nameOrPath + ".wasm");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: run .ci/fetch-corpus first (it fetches the pinned "
                    + "third-party binaries into ${REPRISE_CACHE:-~/.cache/reprise}/corpus)");
        }
        return p;
    }

    /** The bytes of {@link #resolve(String)}. */
    public static byte[] load(String nameOrPath) {
        Path p = resolve(nameOrPath);
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    /** (1) Read + write with copy-through. */
    public static byte[] copyThrough(byte[] wasm) {
        ModuleReader reader = new ModuleReader(wasm);
        ModuleWriter writer = new ModuleWriter(reader);
        reader.accept(writer);
        return writer.toByteArray();
    }

    /** (2) Read and visit every instruction; returns a checksum of opcodes and immediates. */
    public static long visit(byte[] wasm) {
        ChecksumVisitor v = new ChecksumVisitor();
        new ModuleReader(wasm).accept(v);
        return v.sum;
    }

    /** (3) Full decode and re-encode, no copy-through. */
    public static byte[] reencode(byte[] wasm) {
        ModuleReader reader = new ModuleReader(wasm);
        ModuleWriter writer = new ModuleWriter();
        reader.accept(writer);
        return writer.toByteArray();
    }

    /** The module read with every function body skipped (no instruction decoded); a baseline for allocation. */
    public static int skipBodies(byte[] wasm) {
        int[] bodies = new int[1];
        new ModuleReader(wasm).accept(new ModuleVisitor() {
            @Override
            public CodeVisitor visitCode(int functionIndex) {
                bodies[0]++;
                return null;
            }
        });
        return bodies[0];
    }

    /** The number of instructions in all bodies ({@link FeatureScanner#instructions()}). */
    public static long instructions(byte[] wasm) {
        FeatureScanner scanner = new FeatureScanner();
        new ModuleReader(wasm).accept(scanner);
        return scanner.instructions();
    }

    /**
     * Visits every instruction and folds its opcode and immediates into {@link #sum}. One
     * instance serves every body of a module, so the benchmark itself allocates nothing per
     * function or instruction.
     */
    static final class ChecksumVisitor extends ModuleVisitor {
        long sum;
        private final CodeVisitor code = new CodeVisitor() {
            private void mix(long x) {
                sum = sum * 31 + x;
            }

            @Override
            public void visitLocals(int count, ValType type) {
                mix(count);
                mix(type.code());
            }

            @Override
            public void visitInsn(Opcode op) {
                mix(op.ordinal());
            }

            @Override
            public void visitBlock(Opcode op, BlockType type) {
                mix(op.ordinal());
                mix(type.typeIndex());
            }

            @Override
            public void visitIndexInsn(Opcode op, int index) {
                mix(op.ordinal());
                mix(index);
            }

            @Override
            public void visitIndexPairInsn(Opcode op, int first, int second) {
                mix(op.ordinal());
                mix(first);
                mix(second);
            }

            @Override
            public void visitBrTable(int[] labels, int count, int defaultLabel) {
                for (int i = 0; i < count; i++) {
                    mix(labels[i]);
                }
                mix(defaultLabel);
            }

            @Override
            public void visitMemoryInsn(Opcode op, int memory, int alignLog2, long offset) {
                mix(op.ordinal());
                mix(memory);
                mix(alignLog2);
                mix(offset);
            }

            @Override
            public void visitMemoryLaneInsn(Opcode op, int memory, int alignLog2, long offset, int lane) {
                mix(op.ordinal());
                mix(memory);
                mix(alignLog2);
                mix(offset);
                mix(lane);
            }

            @Override
            public void visitLaneInsn(Opcode op, int lane) {
                mix(op.ordinal());
                mix(lane);
            }

            @Override
            public void visitI32Const(int value) {
                mix(value);
            }

            @Override
            public void visitI64Const(long value) {
                mix(value);
            }

            @Override
            public void visitF32Const(int bits) {
                mix(bits);
            }

            @Override
            public void visitF64Const(long bits) {
                mix(bits);
            }

            @Override
            public void visitV128Insn(Opcode op, long low, long high) {
                mix(op.ordinal());
                mix(low);
                mix(high);
            }

            @Override
            public void visitHeapTypeInsn(Opcode op, int heapType) {
                mix(op.ordinal());
                mix(heapType);
            }

            @Override
            public void visitSelectTyped(ValType[] types) {
                mix(types.length);
            }

            @Override
            public void visitTryTable(BlockType type, Catch[] catches) {
                mix(catches.length);
            }

            @Override
            public void visitBrOnCast(Opcode op, int flags, int label, int fromHeapType, int toHeapType) {
                mix(op.ordinal());
                mix(flags);
                mix(label);
                mix(fromHeapType);
                mix(toHeapType);
            }

            @Override
            public void visitEnd() {
                mix(-1);
            }
        };

        @Override
        public CodeVisitor visitCode(int functionIndex) {
            return code;
        }
    }
}
