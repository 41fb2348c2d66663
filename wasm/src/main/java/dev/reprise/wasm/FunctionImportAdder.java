package dev.reprise.wasm;

import java.util.ArrayList;
import java.util.List;

/**
 * Adds function imports to a module without breaking any index. New imports go after the
 * existing function imports, so every defined function moves up by the number added; an
 * {@link IndexRemapper} rewrites calls, {@code ref.func}, exports, elements, the start function
 * and the name section accordingly. A function type is reused when an equal one exists, else
 * appended to the type section (no type index changes).
 *
 * <pre>
 * before:  (import "env" "f" (func 0))  (func 1 ... call 1 ...)  (export "run" (func 1))
 * add("reprise", "hook", [i32] -> []) returns 1
 * after:   (import "env" "f" (func 0))  (import "reprise" "hook" (func 1))
 *          (func 2 ... call 2 ...)  (export "run" (func 2))
 * </pre>
 *
 * Usage: {@code adder = new FunctionImportAdder(reader.summary()); int hook = adder.add(...);
 * reader.accept(adder.visitor(writer));}
 */
public final class FunctionImportAdder {
    private record Added(String module, String name, int typeIndex) {
    }

    private final ModuleSummary summary;
    private final List<Added> added = new ArrayList<>();
    private final List<FuncType> newTypes = new ArrayList<>();

    public FunctionImportAdder(ModuleSummary summary) {
        this.summary = summary;
    }

    /** Declares an import; returns the function index it will have in the output. */
    public int add(String module, String name, FuncType type) {
        return addWithType(module, name, typeIndexFor(type));
    }

    /** The type index {@code type} will have in the output (existing or appended). */
    public int typeIndexFor(FuncType type) {
        int existing = summary.findFuncType(type);
        if (existing >= 0) {
            return existing;
        }
        int pending = newTypes.indexOf(type);
        if (pending < 0) {
            newTypes.add(type);
            pending = newTypes.size() - 1;
        }
        return summary.types().size() + pending;
    }

    private int addWithType(String module, String name, int typeIndex) {
        added.add(new Added(module, name, typeIndex));
        return summary.importedFunctions() + added.size() - 1;
    }

    /** How many imports were added. */
    public int count() {
        return added.size();
    }

    /** The mapping of old function indices to new ones. */
    public IndexMapping mapping() {
        int imported = summary.importedFunctions();
        int shift = added.size();
        return new IndexMapping() {
            @Override
            public int function(int index) {
                return index >= imported ? index + shift : index;
            }
        };
    }

    /** A visitor chain that inserts the declared imports and remaps, feeding {@code next}. */
    public ModuleVisitor visitor(ModuleVisitor next) {
        return new Injector(new IndexRemapper(new ImportNamer(next), mapping()));
    }

    /** Emits the new types after the last type and the new imports after the last import. */
    private final class Injector extends ModuleVisitor {
        private int typesSeen;
        private int importsSeen;
        private boolean typesDone;
        private boolean importsDone;

        Injector(ModuleVisitor next) {
            super(next);
        }

        private void reach(SectionId section) {
            if (!typesDone && section.ordinal() > SectionId.TYPE.ordinal()) {
                typesDone = true;
                for (FuncType t : newTypes) {
                    next.visitRecGroup(RecGroup.of(t));
                }
            }
            if (!importsDone && section.ordinal() > SectionId.IMPORT.ordinal()) {
                importsDone = true;
                for (Added a : added) {
                    next.visitImport(a.module, a.name, new FuncImportType(a.typeIndex));
                }
            }
        }

        @Override
        public void visitHeader(int version, ModuleSummary s) {
            super.visitHeader(version, s);
            if (summary.recGroups().isEmpty()) {
                reach(SectionId.IMPORT);
            }
        }

        @Override
        public void visitRecGroup(RecGroup group) {
            super.visitRecGroup(group);
            if (++typesSeen == summary.recGroups().size()) {
                reach(SectionId.IMPORT);
            }
        }

        @Override
        public void visitImport(String module, String name, ExternType type) {
            reach(SectionId.IMPORT);
            super.visitImport(module, name, type);
            if (++importsSeen == summary.imports().size()) {
                reach(SectionId.FUNCTION);
            }
        }

        @Override
        public void visitFunction(int typeIndex) {
            reach(SectionId.FUNCTION);
            super.visitFunction(typeIndex);
        }

        @Override
        public void visitTable(TableType type, ConstExpr init) {
            reach(SectionId.TABLE);
            super.visitTable(type, init);
        }

        @Override
        public void visitMemory(MemoryType type) {
            reach(SectionId.MEMORY);
            super.visitMemory(type);
        }

        @Override
        public void visitTag(TagType type) {
            reach(SectionId.TAG);
            super.visitTag(type);
        }

        @Override
        public void visitGlobal(GlobalType type, ConstExpr init) {
            reach(SectionId.GLOBAL);
            super.visitGlobal(type, init);
        }

        @Override
        public void visitExport(String name, ExternalKind kind, int index) {
            reach(SectionId.EXPORT);
            super.visitExport(name, kind, index);
        }

        @Override
        public void visitStart(int functionIndex) {
            reach(SectionId.START);
            super.visitStart(functionIndex);
        }

        @Override
        public void visitElement(ElementSegment segment) {
            reach(SectionId.ELEMENT);
            super.visitElement(segment);
        }

        @Override
        public void visitDataCount(int count) {
            reach(SectionId.DATA_COUNT);
            super.visitDataCount(count);
        }

        @Override
        public CodeVisitor visitCode(int functionIndex) {
            reach(SectionId.CODE);
            return super.visitCode(functionIndex);
        }

        @Override
        public void visitData(DataSegment segment) {
            reach(SectionId.DATA);
            super.visitData(segment);
        }

        @Override
        public void visitEnd() {
            reach(SectionId.DATA);
            super.visitEnd();
        }
    }

    /** Names the added imports in the (already remapped) name section, if there is one. */
    private final class ImportNamer extends ModuleVisitor {
        ImportNamer(ModuleVisitor next) {
            super(next);
        }

        @Override
        public void visitNameSection(NameSection names) {
            for (int i = 0; i < added.size(); i++) {
                names.functionNames().put(summary.importedFunctions() + i, added.get(i).module + "." + added.get(i).name);
            }
            super.visitNameSection(names);
        }
    }
}
