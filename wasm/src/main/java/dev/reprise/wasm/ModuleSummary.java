package dev.reprise.wasm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The shape of a module without its code and data: types, imports, the type of every function,
 * tables, memories, globals, tags, exports and counts. Passes use it to know index spaces before
 * they see the first instruction (e.g. how many functions are imported).
 */
public final class ModuleSummary {
    private final List<RecGroup> recGroups = new ArrayList<>();
    private final List<SubType> types = new ArrayList<>();
    private final List<Import> imports = new ArrayList<>();
    private final List<Export> exports = new ArrayList<>();
    private final IntList functionTypes = new IntList();
    private final List<TableType> tables = new ArrayList<>();
    private final List<MemoryType> memories = new ArrayList<>();
    private final List<GlobalType> globals = new ArrayList<>();
    private final List<TagType> tags = new ArrayList<>();
    private int importedFunctions;
    private int importedTables;
    private int importedMemories;
    private int importedGlobals;
    private int importedTags;
    private int start = -1;
    private int elementCount;
    private int dataCount;
    private int declaredDataCount = -1;
    private int customSections;
    private long codeBytes;

    /** Collects a summary from the reader's visits; bodies are skipped. */
    public static ModuleSummary of(ModuleReader reader) {
        return reader.summary();
    }

    static ModuleVisitor collector(ModuleSummary s) {
        return new ModuleVisitor() {
            @Override
            public void visitCustomSection(CustomSection section) {
                s.customSections++;
            }

            @Override
            public void visitNameSection(NameSection names) {
                s.customSections++;
            }

            @Override
            public void visitRecGroup(RecGroup group) {
                s.recGroups.add(group);
                s.types.addAll(group.types());
            }

            @Override
            public void visitImport(String module, String name, ExternType type) {
                s.imports.add(new Import(module, name, type));
                switch (type.kind()) {
                    case FUNCTION:
                        s.functionTypes.add(((FuncImportType) type).typeIndex());
                        s.importedFunctions++;
                        break;
                    case TABLE:
                        s.tables.add((TableType) type);
                        s.importedTables++;
                        break;
                    case MEMORY:
                        s.memories.add((MemoryType) type);
                        s.importedMemories++;
                        break;
                    case GLOBAL:
                        s.globals.add((GlobalType) type);
                        s.importedGlobals++;
                        break;
                    case TAG:
                        s.tags.add((TagType) type);
                        s.importedTags++;
                        break;
                    default:
                        throw new IllegalStateException("unknown import kind " + type.kind());
                }
            }

            @Override
            public void visitFunction(int typeIndex) {
                s.functionTypes.add(typeIndex);
            }

            @Override
            public void visitTable(TableType type, ConstExpr init) {
                s.tables.add(type);
            }

            @Override
            public void visitMemory(MemoryType type) {
                s.memories.add(type);
            }

            @Override
            public void visitTag(TagType type) {
                s.tags.add(type);
            }

            @Override
            public void visitGlobal(GlobalType type, ConstExpr init) {
                s.globals.add(type);
            }

            @Override
            public void visitExport(String name, ExternalKind kind, int index) {
                s.exports.add(new Export(name, kind, index));
            }

            @Override
            public void visitStart(int functionIndex) {
                s.start = functionIndex;
            }

            @Override
            public void visitElement(ElementSegment segment) {
                s.elementCount++;
            }

            @Override
            public void visitDataCount(int count) {
                s.declaredDataCount = count;
            }

            @Override
            public void visitData(DataSegment segment) {
                s.dataCount++;
            }
        };
    }

    void addCodeBytes(long n) {
        codeBytes += n;
    }

    public List<RecGroup> recGroups() {
        return Collections.unmodifiableList(recGroups);
    }

    /** All type definitions, flattened across recursion groups: index i is type index i. */
    public List<SubType> types() {
        return Collections.unmodifiableList(types);
    }

    /** The function type with the given type index, or null when that type is not a function type. */
    public FuncType funcType(int typeIndex) {
        if (typeIndex < 0 || typeIndex >= types.size()) {
            return null;
        }
        CompositeType t = types.get(typeIndex).type();
        return t instanceof FuncType f ? f : null;
    }

    /** The type index of function {@code functionIndex} (imports first). */
    public int functionTypeIndex(int functionIndex) {
        return functionTypes.get(functionIndex);
    }

    /** The signature of function {@code functionIndex}, or null when its type is not a function type. */
    public FuncType functionType(int functionIndex) {
        return funcType(functionTypeIndex(functionIndex));
    }

    public List<Import> imports() {
        return Collections.unmodifiableList(imports);
    }

    public List<Export> exports() {
        return Collections.unmodifiableList(exports);
    }

    /** Number of functions, imported and defined. */
    public int functionCount() {
        return functionTypes.size();
    }

    public int importedFunctions() {
        return importedFunctions;
    }

    public int importedTables() {
        return importedTables;
    }

    public int importedMemories() {
        return importedMemories;
    }

    public int importedGlobals() {
        return importedGlobals;
    }

    public int importedTags() {
        return importedTags;
    }

    /** All tables, imported first. */
    public List<TableType> tables() {
        return Collections.unmodifiableList(tables);
    }

    /** All memories, imported first. */
    public List<MemoryType> memories() {
        return Collections.unmodifiableList(memories);
    }

    /** All globals, imported first. */
    public List<GlobalType> globals() {
        return Collections.unmodifiableList(globals);
    }

    /** All tags, imported first. */
    public List<TagType> tags() {
        return Collections.unmodifiableList(tags);
    }

    /** The start function, or -1. */
    public int start() {
        return start;
    }

    public int elementCount() {
        return elementCount;
    }

    public int dataCount() {
        return dataCount;
    }

    /** The count from the data count section, or -1 when there is none. */
    public int declaredDataCount() {
        return declaredDataCount;
    }

    public int customSectionCount() {
        return customSections;
    }

    /** Per memory index, whether it uses 64-bit addresses. */
    public boolean[] memory64() {
        boolean[] r = new boolean[memories.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = memories.get(i).limits().is64();
        }
        return r;
    }

    /** The export of the given name, or null. */
    public Export export(String name) {
        for (Export e : exports) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** Index of the first function type equal to {@code type} in an implicit group, or -1. */
    public int findFuncType(FuncType type) {
        for (int i = 0; i < types.size(); i++) {
            SubType st = types.get(i);
            if (st.abbreviated() && st.type().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    /** A growable int list (avoids boxing for large function counts). */
    private static final class IntList {
        private int[] data = new int[16];
        private int size;

        void add(int v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        int get(int i) {
            if (i < 0 || i >= size) {
                throw new InvalidModuleException("unknown function " + i + " (the module has " + size + ")");
            }
            return data[i];
        }

        int size() {
            return size;
        }
    }
}
