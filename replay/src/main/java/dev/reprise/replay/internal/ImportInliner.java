package dev.reprise.replay.internal;

import dev.reprise.wasm.ConstExpr;
import dev.reprise.wasm.ElementSegment;
import dev.reprise.wasm.ExternType;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.MemoryType;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.NameSection;
import dev.reprise.wasm.SectionId;
import dev.reprise.wasm.SectionTracker;
import dev.reprise.wasm.SegmentMode;
import dev.reprise.wasm.TableType;
import dev.reprise.wasm.TagType;
import dev.reprise.wasm.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Turns the target's imports into definitions, for a module with zero imports (or only the kept
 * function imports, which pass through and stay first in the index space). Sits after the
 * {@link dev.reprise.wasm.IndexRemapper} that moves the imported functions behind the defined
 * ones: function imports are dropped (their replay bodies are appended), imported tables,
 * memories, tags and globals become the first defined ones of their kind (so their indices do
 * not change), with the recorded initial value for globals. The target's {@code _start} export
 * is renamed so that the replay driver can take the name; a passive element segment, appended
 * after the target's, holds the functions the replay puts into tables ({@code table.init}) or
 * takes references of (it declares them for {@code ref.func}); replay functions get names.
 *
 * <pre>
 * before:  (import "env" "f" (func $f (type 0)))  (import "env" "mem" (memory 1))
 *          (import "env" "g" (global i32))  (func $main ... call $f ...)  (export "_start" (func $main))
 * after:   (memory 1)  (global i32 (i32.const RECORDED))  (func $main ... call $f ...)
 *          (func $f (type 0) ;; replay body, appended)  (export "_start.target" (func $main))
 * </pre>
 *
 * A multi-threaded replay also adds its own function imports after the kept ones
 * ({@code extraImports}: the runtime's scheduling twins) and renames the target's
 * {@code wasi_thread_start} (see {@code renames}) so that a replay wrapper can take the name.
 */
public final class ImportInliner extends SectionTracker {
    /** What the target's own {@code _start} export is renamed to. */
    public static final String RENAMED_START = "_start.target";

    private final IntFunction<ConstExpr> globalInit;
    private final int[] declaredRefs;
    private final Map<Integer, String> extraNames;
    private final KeepImport keep;
    private final List<dev.reprise.wasm.Import> extraImports;
    private final Map<String, String> renames;
    private final List<TableType> tables = new ArrayList<>();
    private final List<MemoryType> memories = new ArrayList<>();
    private final List<TagType> tags = new ArrayList<>();
    private final List<GlobalType> globals = new ArrayList<>();

    /**
     * {@code globalInit}: the initialiser of imported global {@code i}; {@code declaredRefs}:
     * functions (output indices) to declare for {@code ref.func}; {@code extraNames}: names of the
     * appended functions.
     */
    public ImportInliner(ModuleVisitor next, IntFunction<ConstExpr> globalInit, int[] declaredRefs,
            Map<Integer, String> extraNames) {
        this(next, globalInit, declaredRefs, extraNames, (module, name, kind) -> false);
    }

    /** As above; imports {@code keep} accepts stay imports (only function imports may: they come first). */
    public ImportInliner(ModuleVisitor next, IntFunction<ConstExpr> globalInit, int[] declaredRefs,
            Map<Integer, String> extraNames, KeepImport keep) {
        this(next, globalInit, declaredRefs, extraNames, keep, List.of(), Map.of("_start", RENAMED_START));
    }

    /**
     * As above, adding the function imports {@code extraImports} after the kept ones and renaming
     * function exports as {@code renames} says.
     */
    public ImportInliner(ModuleVisitor next, IntFunction<ConstExpr> globalInit, int[] declaredRefs,
            Map<Integer, String> extraNames, KeepImport keep, List<dev.reprise.wasm.Import> extraImports,
            Map<String, String> renames) {
        super(next);
        this.globalInit = globalInit;
        this.declaredRefs = declaredRefs;
        this.extraNames = extraNames;
        this.keep = keep;
        this.extraImports = List.copyOf(extraImports);
        this.renames = Map.copyOf(renames);
    }

    /** Which imports stay imports of the output. */
    @FunctionalInterface
    public interface KeepImport {
        /** Whether import {@code module.name} of {@code kind} is kept. */
        boolean keeps(String module, String name, ExternalKind kind);
    }

    /** The converted imports of a section go before its first own entry, keeping their indices. */
    @Override
    protected void enterSection(SectionId s) {
        switch (s) {
            case TABLE -> tables.forEach(t -> super.visitTable(t, null));
            case MEMORY -> memories.forEach(super::visitMemory);
            case TAG -> tags.forEach(super::visitTag);
            case GLOBAL -> {
                for (int i = 0; i < globals.size(); i++) {
                    super.visitGlobal(globals.get(i), globalInit.apply(i));
                }
            }
            default -> {
            }
        }
    }

    /** The segment declaring the replay's function references goes after the target's own. */
    @Override
    protected void leaveSection(SectionId s) {
        if (s == SectionId.IMPORT) {
            extraImports.forEach(i -> super.visitImport(i.module(), i.name(), i.type()));
        }
        if (s == SectionId.ELEMENT && declaredRefs.length > 0) {
            super.visitElement(new ElementSegment(SegmentMode.PASSIVE, 0, null, ValType.FUNCREF, declaredRefs, null, -1));
        }
    }

    @Override
    public void visitNameSection(NameSection names) {
        names.functionNames().putAll(extraNames);
        super.visitNameSection(names);
    }

    /** Imports are collected, not forwarded (the output has none), except kept function imports. */
    @Override
    public void visitImport(String module, String name, ExternType type) {
        if (type.kind() == ExternalKind.FUNCTION && keep.keeps(module, name, type.kind())) {
            super.visitImport(module, name, type);
            return;
        }
        switch (type.kind()) {
            case FUNCTION -> {
                // replaced by an appended replay function
            }
            case TABLE -> tables.add((TableType) type);
            case MEMORY -> memories.add((MemoryType) type);
            case TAG -> tags.add((TagType) type);
            case GLOBAL -> globals.add((GlobalType) type);
            default -> throw new IllegalStateException("unknown import kind " + type.kind());
        }
    }

    @Override
    public void visitExport(String name, ExternalKind kind, int index) {
        String renamed = kind == ExternalKind.FUNCTION ? renames.get(name) : null;
        super.visitExport(renamed != null ? renamed : name, kind, index);
    }
}
