package dev.reprise.replay.internal;

import dev.reprise.wasm.ConstExpr;
import dev.reprise.wasm.ElementSegment;
import dev.reprise.wasm.ExternType;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.MemoryType;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.NameSection;
import dev.reprise.wasm.DataSegment;
import dev.reprise.wasm.RecGroup;
import dev.reprise.wasm.SectionId;
import dev.reprise.wasm.SegmentMode;
import dev.reprise.wasm.TableType;
import dev.reprise.wasm.TagType;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Turns the target's imports into definitions, for a module with zero imports. Sits after the
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
 */
public final class ImportInliner extends ModuleVisitor {
    /** What the target's own {@code _start} export is renamed to. */
    public static final String RENAMED_START = "_start.target";

    private final IntFunction<ConstExpr> globalInit;
    private final int[] declaredRefs;
    private final Map<Integer, String> extraNames;
    private final List<TableType> tables = new ArrayList<>();
    private final List<MemoryType> memories = new ArrayList<>();
    private final List<TagType> tags = new ArrayList<>();
    private final List<GlobalType> globals = new ArrayList<>();
    private int reached = -1;

    /**
     * {@code globalInit}: the initialiser of imported global {@code i}; {@code declaredRefs}:
     * functions (output indices) to declare for {@code ref.func}; {@code extraNames}: names of the
     * appended functions.
     */
    public ImportInliner(ModuleVisitor next, IntFunction<ConstExpr> globalInit, int[] declaredRefs,
            Map<Integer, String> extraNames) {
        super(next);
        this.globalInit = globalInit;
        this.declaredRefs = declaredRefs;
        this.extraNames = extraNames;
    }

    private void reach(SectionId section) {
        for (SectionId s : SectionId.values()) {
            if (s == SectionId.CUSTOM || s.ordinal() <= reached) {
                continue;
            }
            if (section != null && s.ordinal() >= section.ordinal()) {
                break;
            }
            leave(s);
            reached = s.ordinal();
        }
    }

    /** Emits what goes at the end of section {@code s} (the converted imports go first, hence before any own entry). */
    private void leave(SectionId s) {
        switch (s) {
            case ELEMENT -> {
                if (declaredRefs.length > 0) {
                    super.visitElement(new ElementSegment(SegmentMode.PASSIVE, 0, null, ValType.FUNCREF,
                            declaredRefs, null, -1));
                }
            }
            default -> {
            }
        }
    }

    /** Emits the converted imports of section {@code s} before its first own entry. */
    private void enter(SectionId s) {
        reach(s);
        switch (s) {
            case TABLE -> {
                tables.forEach(t -> super.visitTable(t, null));
                tables.clear();
            }
            case MEMORY -> {
                memories.forEach(super::visitMemory);
                memories.clear();
            }
            case TAG -> {
                tags.forEach(super::visitTag);
                tags.clear();
            }
            case GLOBAL -> {
                for (int i = 0; i < globals.size(); i++) {
                    super.visitGlobal(globals.get(i), globalInit.apply(i));
                }
                globals.clear();
            }
            default -> {
            }
        }
    }

    /** Reaching section {@code s} also means every earlier section with converted imports is complete. */
    private void before(SectionId s) {
        for (SectionId k : new SectionId[] {SectionId.TABLE, SectionId.MEMORY, SectionId.TAG, SectionId.GLOBAL}) {
            if (k.ordinal() <= s.ordinal()) {
                enter(k);
            }
        }
        reach(s);
    }

    @Override
    public void visitNameSection(NameSection names) {
        names.functionNames().putAll(extraNames);
        super.visitNameSection(names);
    }

    @Override
    public void visitRecGroup(RecGroup group) {
        super.visitRecGroup(group);
    }

    @Override
    public void visitImport(String module, String name, ExternType type) {
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
    public void visitFunction(int typeIndex) {
        before(SectionId.FUNCTION);
        super.visitFunction(typeIndex);
    }

    @Override
    public void visitTable(TableType type, ConstExpr init) {
        before(SectionId.TABLE);
        super.visitTable(type, init);
    }

    @Override
    public void visitMemory(MemoryType type) {
        before(SectionId.MEMORY);
        super.visitMemory(type);
    }

    @Override
    public void visitTag(TagType type) {
        before(SectionId.TAG);
        super.visitTag(type);
    }

    @Override
    public void visitGlobal(GlobalType type, ConstExpr init) {
        before(SectionId.GLOBAL);
        super.visitGlobal(type, init);
    }

    @Override
    public void visitExport(String name, ExternalKind kind, int index) {
        before(SectionId.EXPORT);
        super.visitExport(kind == ExternalKind.FUNCTION && name.equals("_start") ? RENAMED_START : name, kind, index);
    }

    @Override
    public void visitStart(int functionIndex) {
        before(SectionId.START);
        super.visitStart(functionIndex);
    }

    @Override
    public void visitElement(ElementSegment segment) {
        before(SectionId.ELEMENT);
        super.visitElement(segment);
    }

    @Override
    public void visitDataCount(int count) {
        before(SectionId.DATA_COUNT);
        super.visitDataCount(count);
    }

    @Override
    public CodeVisitor visitCode(int functionIndex) {
        before(SectionId.CODE);
        return super.visitCode(functionIndex);
    }

    @Override
    public void visitData(DataSegment segment) {
        before(SectionId.DATA);
        super.visitData(segment);
    }

    @Override
    public void visitEnd() {
        before(SectionId.DATA);
        reach(null);
        super.visitEnd();
    }
}
