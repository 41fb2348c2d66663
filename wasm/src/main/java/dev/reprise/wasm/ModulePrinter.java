package dev.reprise.wasm;

import java.io.PrintWriter;
import java.util.Map;

/**
 * A {@link ModuleVisitor} that prints a module as readable text: one line per type, import,
 * export and other entry, and each function's instructions one per line, nested by block depth,
 * with names from the name section where there are any.
 */
public final class ModulePrinter extends ModuleVisitor {
    private final PrintWriter out;
    private final StringBuilder buf = new StringBuilder(4096);
    private ModuleSummary summary;
    private Map<Integer, String> functionNames = Map.of();
    private int typeIndex;
    private int functionIndex;
    private int tableIndex;
    private int memoryIndex;
    private int globalIndex;
    private int tagIndex;
    private int elementIndex;
    private int dataIndex;

    public ModulePrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void visitHeader(int version, ModuleSummary s) {
        this.summary = s;
        functionIndex = s.importedFunctions();
        tableIndex = s.importedTables();
        memoryIndex = s.importedMemories();
        globalIndex = s.importedGlobals();
        tagIndex = s.importedTags();
        out.println("(module ;; binary version " + version);
    }

    /** Supplies function names before the body lines are printed (the name section comes last in a file). */
    public void useNames(NameSection names) {
        if (names != null) {
            functionNames = names.functionNames();
        }
    }

    private String fname(int index) {
        String n = functionNames.get(index);
        return n == null ? Integer.toString(index) : index + " $" + n;
    }

    @Override
    public void visitCustomSection(CustomSection s) {
        out.println("  (custom \"" + s.name() + "\" ;; " + s.len() + " bytes" + ")");
    }

    @Override
    public void visitNameSection(NameSection names) {
        out.println("  (custom \"name\" ;; " + names.functionNames().size() + " function names"
                + (names.moduleName() != null ? ", module $" + names.moduleName() : "") + ")");
    }

    @Override
    public void visitRecGroup(RecGroup group) {
        if (group.explicit()) {
            out.println("  (rec");
        }
        for (SubType t : group.types()) {
            out.println((group.explicit() ? "    " : "  ") + "(type " + typeIndex++ + " " + t + ")");
        }
        if (group.explicit()) {
            out.println("  )");
        }
    }

    @Override
    public void visitImport(String module, String name, ExternType type) {
        out.println("  (import \"" + module + "\" \"" + name + "\" " + describe(type) + ")");
    }

    private String describe(ExternType type) {
        if (type instanceof FuncImportType f) {
            FuncType ft = summary == null ? null : summary.funcType(f.typeIndex());
            return "(func (type " + f.typeIndex() + ")" + (ft != null ? " " + ft : "") + ")";
        } else if (type instanceof TableType t) {
            return "(table " + t.limits() + " " + t.elementType() + ")";
        } else if (type instanceof MemoryType m) {
            return "(memory " + m.limits() + ")";
        } else if (type instanceof GlobalType g) {
            return "(global " + (g.mutable() ? "(mut " + g.type() + ")" : g.type()) + ")";
        }
        return "(tag (type " + ((TagType) type).typeIndex() + "))";
    }

    @Override
    public void visitTable(TableType type, ConstExpr init) {
        out.println("  (table " + tableIndex++ + " " + type.limits() + " " + type.elementType() + (init != null ? " " + init : "") + ")");
    }

    @Override
    public void visitMemory(MemoryType type) {
        out.println("  (memory " + memoryIndex++ + " " + type.limits() + ")");
    }

    @Override
    public void visitTag(TagType type) {
        out.println("  (tag " + tagIndex++ + " (type " + type.typeIndex() + "))");
    }

    @Override
    public void visitGlobal(GlobalType type, ConstExpr init) {
        out.println("  (global " + globalIndex++ + " " + (type.mutable() ? "(mut " + type.type() + ")" : type.type()) + " " + init + ")");
    }

    @Override
    public void visitExport(String name, ExternalKind kind, int index) {
        out.println("  (export \"" + name + "\" (" + kind.text() + " " + index + "))");
    }

    @Override
    public void visitStart(int function) {
        out.println("  (start " + function + ")");
    }

    @Override
    public void visitElement(ElementSegment s) {
        StringBuilder sb = new StringBuilder("  (elem ").append(elementIndex++).append(' ').append(s.mode().name().toLowerCase());
        if (s.mode() == SegmentMode.ACTIVE) {
            sb.append(" (table ").append(s.table()).append(") (offset ").append(s.offset()).append(')');
        }
        sb.append(' ').append(s.type()).append(" ;; ").append(s.size()).append(" entries:");
        int shown = Math.min(s.size(), 16);
        for (int i = 0; i < shown; i++) {
            sb.append(' ').append(s.functions() != null ? Integer.toString(s.functions()[i]) : "(" + s.expressions().get(i) + ")");
        }
        out.println(sb.append(s.size() > shown ? " ...)" : ")"));
    }

    @Override
    public void visitDataCount(int count) {
        out.println("  (datacount " + count + ")");
    }

    @Override
    public CodeVisitor visitCode(int index) {
        FuncType ft = summary == null ? null : summary.functionType(index);
        out.println("  (func " + fname(index) + " (type " + (summary == null ? "?" : summary.functionTypeIndex(index)) + ")"
                + (ft != null ? " " + ft : ""));
        buf.setLength(0);
        return new TextCodePrinter(buf, "    ", true) {
            @Override
            public void visitEnd() {
                out.print(buf);
                out.println("  )");
                buf.setLength(0);
            }
        };
    }

    @Override
    public void visitData(DataSegment s) {
        StringBuilder sb = new StringBuilder("  (data ").append(dataIndex++).append(' ').append(s.mode().name().toLowerCase());
        if (s.mode() == SegmentMode.ACTIVE) {
            sb.append(" (memory ").append(s.memory()).append(") (offset ").append(s.offset()).append(')');
        }
        sb.append(" ;; ").append(s.len()).append(" bytes \"");
        for (int i = 0; i < Math.min(s.len(), 32); i++) {
            int b = s.buf()[s.off() + i] & 0xFF;
            sb.append(b >= 0x20 && b < 0x7F && b != '"' && b != '\\' ? String.valueOf((char) b) : String.format("\\%02x", b));
        }
        out.println(sb.append(s.len() > 32 ? "\"...)" : "\")"));
    }

    @Override
    public void visitEnd() {
        out.println(")");
        out.flush();
    }
}
