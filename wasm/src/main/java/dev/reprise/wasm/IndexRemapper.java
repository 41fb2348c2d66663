package dev.reprise.wasm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites every index of a module through an {@link IndexMapping}: in types, imports,
 * functions, tables, globals, exports, start, element and data segments, constant expressions,
 * every instruction (the opcode table names each immediate's index space) and the name section.
 * Passes never renumber by hand; they put one of these in their chain.
 */
public class IndexRemapper extends ModuleVisitor {
    private final IndexMapping mapping;

    public IndexRemapper(ModuleVisitor next, IndexMapping mapping) {
        super(next);
        this.mapping = mapping;
    }

    private int heapType(int ht) {
        return ht >= 0 ? mapping.type(ht) : ht;
    }

    private ValType valType(ValType t) {
        return t.isReference() && t.heapType() >= 0 ? ValType.ref(t.isNullable(), mapping.type(t.heapType())) : t;
    }

    private List<ValType> valTypes(List<ValType> types) {
        List<ValType> out = new ArrayList<>(types.size());
        for (ValType t : types) {
            out.add(valType(t));
        }
        return out;
    }

    private FieldType field(FieldType f) {
        return new FieldType(valType(f.storage()), f.mutable());
    }

    private BlockType blockType(BlockType bt) {
        if (bt.hasTypeIndex()) {
            return BlockType.ofTypeIndex(mapping.type(bt.typeIndex()));
        }
        return bt.valType() != null ? BlockType.of(valType(bt.valType())) : bt;
    }

    private ConstExpr expr(ConstExpr e) {
        return e == null ? null : e.transform(next -> new Code(next, -1));
    }

    private Limits limits(Limits l) {
        return l;
    }

    @Override
    public void visitRecGroup(RecGroup group) {
        List<SubType> types = new ArrayList<>(group.size());
        for (SubType st : group.types()) {
            List<Integer> supers = new ArrayList<>();
            for (int s : st.supertypes()) {
                supers.add(mapping.type(s));
            }
            CompositeType ct = st.type();
            CompositeType mapped;
            if (ct instanceof FuncType f) {
                mapped = new FuncType(valTypes(f.params()), valTypes(f.results()));
            } else if (ct instanceof StructType s) {
                List<FieldType> fields = new ArrayList<>();
                s.fields().forEach(f -> fields.add(field(f)));
                mapped = new StructType(fields);
            } else {
                mapped = new ArrayType(field(((ArrayType) ct).element()));
            }
            types.add(new SubType(st.isFinal(), supers, mapped, st.abbreviated()));
        }
        super.visitRecGroup(new RecGroup(types, group.explicit()));
    }

    private ExternType externType(ExternType type) {
        if (type instanceof FuncImportType f) {
            return new FuncImportType(mapping.type(f.typeIndex()));
        } else if (type instanceof TableType t) {
            return new TableType(valType(t.elementType()), limits(t.limits()));
        } else if (type instanceof GlobalType g) {
            return new GlobalType(valType(g.type()), g.mutable());
        } else if (type instanceof TagType t) {
            return new TagType(t.attribute(), mapping.type(t.typeIndex()));
        }
        return type;
    }

    @Override
    public void visitImport(String module, String name, ExternType type) {
        super.visitImport(module, name, externType(type));
    }

    @Override
    public void visitFunction(int typeIndex) {
        super.visitFunction(mapping.type(typeIndex));
    }

    @Override
    public void visitTable(TableType type, ConstExpr init) {
        super.visitTable((TableType) externType(type), expr(init));
    }

    @Override
    public void visitTag(TagType type) {
        super.visitTag((TagType) externType(type));
    }

    @Override
    public void visitGlobal(GlobalType type, ConstExpr init) {
        super.visitGlobal((GlobalType) externType(type), expr(init));
    }

    @Override
    public void visitExport(String name, ExternalKind kind, int index) {
        int mapped;
        switch (kind) {
            case FUNCTION: mapped = mapping.function(index); break;
            case TABLE: mapped = mapping.table(index); break;
            case MEMORY: mapped = mapping.memory(index); break;
            case GLOBAL: mapped = mapping.global(index); break;
            default: mapped = mapping.tag(index); break;
        }
        super.visitExport(name, kind, mapped);
    }

    @Override
    public void visitStart(int functionIndex) {
        super.visitStart(mapping.function(functionIndex));
    }

    @Override
    public void visitElement(ElementSegment s) {
        int[] functions = null;
        List<ConstExpr> exprs = null;
        if (s.functions() != null) {
            functions = new int[s.functions().length];
            for (int i = 0; i < functions.length; i++) {
                functions[i] = mapping.function(s.functions()[i]);
            }
        } else {
            exprs = new ArrayList<>(s.expressions().size());
            for (ConstExpr e : s.expressions()) {
                exprs.add(expr(e));
            }
        }
        super.visitElement(new ElementSegment(s.mode(), s.mode() == SegmentMode.ACTIVE ? mapping.table(s.table()) : s.table(),
                expr(s.offset()), valType(s.type()), functions, exprs, s.flags()));
    }

    @Override
    public void visitData(DataSegment s) {
        super.visitData(new DataSegment(s.mode(), s.mode() == SegmentMode.ACTIVE ? mapping.memory(s.memory()) : s.memory(),
                expr(s.offset()), s.buf(), s.off(), s.len(), s.flags()));
    }

    @Override
    public CodeVisitor visitCode(int functionIndex) {
        CodeVisitor cv = super.visitCode(mapping.function(functionIndex));
        return cv == null ? null : new Code(cv, functionIndex);
    }

    @Override
    public void visitNameSection(NameSection names) {
        NameSection out = new NameSection();
        out.moduleName(names.moduleName());
        out.after(names.after());
        for (int id : names.nameMapIds()) {
            out.replaceNames(id, remapKeys(names.names(id), spaceOf(id), -1));
        }
        for (int id : names.indirectMapIds()) {
            Map<Integer, Map<Integer, String>> outer = new LinkedHashMap<>();
            names.indirectNames(id).forEach((owner, inner) -> {
                if (id == NameSection.FIELDS) {
                    outer.put(mapping.type(owner), inner);
                } else {
                    // locals and labels belong to a function; labels are positional and keep their keys
                    outer.put(mapping.function(owner), id == NameSection.LOCALS ? remapKeys(inner, IndexSpace.LOCAL, owner) : inner);
                }
            });
            out.replaceIndirectNames(id, outer);
        }
        out.unknownSubsections().addAll(names.unknownSubsections());
        super.visitNameSection(out);
    }

    private Map<Integer, String> remapKeys(Map<Integer, String> names, IndexSpace space, int function) {
        Map<Integer, String> out = new java.util.TreeMap<>();
        names.forEach((k, v) -> out.put(mapping.map(space, k, function), v));
        return out;
    }

    private static IndexSpace spaceOf(int subsection) {
        switch (subsection) {
            case NameSection.FUNCTIONS: return IndexSpace.FUNCTION;
            case NameSection.TYPES: return IndexSpace.TYPE;
            case NameSection.TABLES: return IndexSpace.TABLE;
            case NameSection.MEMORIES: return IndexSpace.MEMORY;
            case NameSection.GLOBALS: return IndexSpace.GLOBAL;
            case NameSection.ELEMENTS: return IndexSpace.ELEMENT;
            case NameSection.DATAS: return IndexSpace.DATA;
            case NameSection.TAGS: return IndexSpace.TAG;
            default: return IndexSpace.NONE;
        }
    }

    /** Remaps the indices of one body or expression; {@code function} is -1 for expressions. */
    private final class Code extends CodeVisitor {
        private final int function;

        Code(CodeVisitor next, int function) {
            super(next);
            this.function = function;
        }

        @Override
        public void visitLocals(int count, ValType type) {
            super.visitLocals(count, valType(type));
        }

        @Override
        public void visitBlock(Opcode op, BlockType type) {
            super.visitBlock(op, blockType(type));
        }

        @Override
        public void visitIndexInsn(Opcode op, int index) {
            super.visitIndexInsn(op, mapping.map(op.imm().firstSpace(), index, function));
        }

        @Override
        public void visitIndexPairInsn(Opcode op, int first, int second) {
            Imm imm = op.imm();
            super.visitIndexPairInsn(op, mapping.map(imm.firstSpace(), first, function), mapping.map(imm.secondSpace(), second, function));
        }

        @Override
        public void visitMemoryInsn(Opcode op, int memory, int alignLog2, long offset) {
            super.visitMemoryInsn(op, mapping.memory(memory), alignLog2, offset);
        }

        @Override
        public void visitMemoryLaneInsn(Opcode op, int memory, int alignLog2, long offset, int lane) {
            super.visitMemoryLaneInsn(op, mapping.memory(memory), alignLog2, offset, lane);
        }

        @Override
        public void visitHeapTypeInsn(Opcode op, int heapType) {
            super.visitHeapTypeInsn(op, heapType(heapType));
        }

        @Override
        public void visitSelectTyped(ValType[] types) {
            ValType[] mapped = new ValType[types.length];
            for (int i = 0; i < types.length; i++) {
                mapped[i] = valType(types[i]);
            }
            super.visitSelectTyped(mapped);
        }

        @Override
        public void visitTryTable(BlockType type, Catch[] catches) {
            Catch[] mapped = new Catch[catches.length];
            for (int i = 0; i < catches.length; i++) {
                Catch c = catches[i];
                mapped[i] = c.hasTag() ? new Catch(c.kind(), mapping.tag(c.tag()), c.label()) : c;
            }
            super.visitTryTable(blockType(type), mapped);
        }

        @Override
        public void visitBrOnCast(Opcode op, int flags, int label, int fromHeapType, int toHeapType) {
            super.visitBrOnCast(op, flags, label, heapType(fromHeapType), heapType(toHeapType));
        }
    }
}
