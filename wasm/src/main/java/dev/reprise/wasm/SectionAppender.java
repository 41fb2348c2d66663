package dev.reprise.wasm;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Appends entries at the end of sections while a module streams through, in the legal visit
 * order: each section's additions are emitted when the stream moves past that section (or at
 * the end). Appending never shifts an existing index (new types, imports of kinds other than
 * the last ones, defined functions, globals, data segments all get the next free index); for
 * function imports, which do shift defined functions, use {@link FunctionImportAdder}.
 *
 * <pre>
 * appender.appendGlobal(new GlobalType(ValType.I32, true), ConstExpr.i32(1000));
 * reader.accept(appender.visitor(writer));   // the global lands after the module's last global
 * </pre>
 */
public final class SectionAppender {
    private final ModuleSummary summary;
    private final Map<SectionId, List<Consumer<ModuleVisitor>>> pending = new EnumMap<>(SectionId.class);
    private final List<Consumer<CodeVisitor>> bodies = new ArrayList<>();
    private int functions;
    private int globals;
    private int datas;
    private int types;
    private int tags;
    private int tables;

    public SectionAppender(ModuleSummary summary) {
        this.summary = summary;
    }

    private void add(SectionId section, Consumer<ModuleVisitor> emit) {
        pending.computeIfAbsent(section, k -> new ArrayList<>()).add(emit);
    }

    /** Appends a type; returns its index. */
    public int appendType(CompositeType type) {
        add(SectionId.TYPE, v -> v.visitRecGroup(RecGroup.of(type)));
        return summary.types().size() + types++;
    }

    /** The index of an equal function type, appending one if the module has none. */
    public int funcType(FuncType type) {
        int existing = summary.findFuncType(type);
        return existing >= 0 ? existing : appendType(type);
    }

    /**
     * Appends an import without adjusting indices: only for {@link FunctionImportAdder}, which
     * remaps, and for imports of kinds with no defined entries after them.
     */
    void appendImportUnchecked(String module, String name, ExternType type) {
        add(SectionId.IMPORT, v -> v.visitImport(module, name, type));
    }

    /** Appends a defined function with the given body; returns its function index. */
    public int appendFunction(int typeIndex, Consumer<CodeVisitor> body) {
        add(SectionId.FUNCTION, v -> v.visitFunction(typeIndex));
        bodies.add(body);
        return summary.functionCount() + functions++;
    }

    /** Appends a defined exception tag; returns its index. */
    public int appendTag(TagType type) {
        add(SectionId.TAG, v -> v.visitTag(type));
        return summary.tags().size() + tags++;
    }

    /** Appends a defined global; returns its index. */
    public int appendGlobal(GlobalType type, ConstExpr init) {
        add(SectionId.GLOBAL, v -> v.visitGlobal(type, init));
        return summary.globals().size() + globals++;
    }

    /**
     * Appends a funcref table holding every function of the finished module (imports, the
     * module's own and every function appended) at its own index, filled by an active element
     * segment; returns the table's index. For a host that must tell the module's functions from
     * others it meets ({@code table.get(Number(f.name)) === f} in JavaScript).
     */
    public int appendFunctionTable() {
        add(SectionId.TABLE, v -> {
            long n = summary.functionCount() + functions;
            v.visitTable(new TableType(ValType.FUNCREF, Limits.of(n, n)), null);
        });
        int table = summary.tables().size() + tables++;
        add(SectionId.ELEMENT, v -> {
            int[] all = new int[summary.functionCount() + functions];
            for (int f = 0; f < all.length; f++) {
                all[f] = f;
            }
            v.visitElement(new ElementSegment(SegmentMode.ACTIVE, table, ConstExpr.i32(0), ValType.FUNCREF, all, null, -1));
        });
        return table;
    }

    public void appendExport(String name, ExternalKind kind, int index) {
        add(SectionId.EXPORT, v -> v.visitExport(name, kind, index));
    }

    /** Appends a data segment; returns its index. A data count section is kept consistent. */
    public int appendData(DataSegment segment) {
        add(SectionId.DATA, v -> v.visitData(segment));
        return summary.dataCount() + datas++;
    }

    public void appendCustomSection(CustomSection section) {
        add(SectionId.DATA, v -> v.visitCustomSection(section));
    }

    /** The visitor that inserts everything appended, feeding {@code next}. */
    public ModuleVisitor visitor(ModuleVisitor next) {
        return new Inserter(next);
    }

    private final class Inserter extends SectionTracker {
        private boolean sawDataCount;

        Inserter(ModuleVisitor next) {
            super(next);
        }

        @Override
        protected void leaveSection(SectionId s) {
            if (s == SectionId.DATA_COUNT && !sawDataCount && datas > 0) {
                // appended passive data is used through memory.init, which needs a data count section
                next.visitDataCount(summary.dataCount() + datas);
            }
            if (s == SectionId.CODE) {
                for (int i = 0; i < bodies.size(); i++) {
                    CodeVisitor cv = next.visitCode(summary.functionCount() + i);
                    if (cv != null) {
                        bodies.get(i).accept(cv);
                    }
                }
            }
            for (Consumer<ModuleVisitor> emit : pending.getOrDefault(s, List.of())) {
                emit.accept(next);
            }
        }

        @Override
        public void visitDataCount(int count) {
            sawDataCount = true;
            super.visitDataCount(count + datas);
        }
    }
}
