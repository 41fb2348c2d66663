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
        SectionAppender appender = new SectionAppender(summary);
        for (FuncType t : newTypes) {
            appender.appendType(t);
        }
        for (Added a : added) {
            appender.appendImportUnchecked(a.module, a.name, new FuncImportType(a.typeIndex));
        }
        return appender.visitor(new IndexRemapper(new ImportNamer(next), mapping()));
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
