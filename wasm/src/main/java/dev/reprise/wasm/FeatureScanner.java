package dev.reprise.wasm;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ModuleVisitor} that notes which post-MVP features a module uses and counts
 * instructions by opcode, for {@code reprise dump --summary} and trace headers.
 */
public final class FeatureScanner extends ModuleVisitor {
    private final Set<Feature> features = EnumSet.noneOf(Feature.class);
    private final long[] counts = new long[Opcode.values().length];
    private long instructions;
    private int memories;

    public Set<Feature> features() {
        return features;
    }

    /** Total instructions in all bodies (not counting the final end of each body). */
    public long instructions() {
        return instructions;
    }

    /** How many times each opcode occurs in the bodies. */
    public Map<Opcode, Long> opcodeCounts() {
        Map<Opcode, Long> m = new EnumMap<>(Opcode.class);
        Opcode[] all = Opcode.values();
        for (int i = 0; i < all.length; i++) {
            if (counts[i] > 0) {
                m.put(all[i], counts[i]);
            }
        }
        return m;
    }

    @Override
    public void visitRecGroup(RecGroup group) {
        if (group.explicit()) {
            features.add(Feature.GC);
        }
        for (SubType st : group.types()) {
            if (!st.abbreviated() || !(st.type() instanceof FuncType)) {
                features.add(Feature.GC);
            }
            if (st.type() instanceof FuncType f) {
                if (f.results().size() > 1) {
                    features.add(Feature.MULTI_VALUE);
                }
                f.params().forEach(this::valType);
                f.results().forEach(this::valType);
            }
        }
    }

    private void valType(ValType t) {
        if (t.code() == ValType.V128_CODE) {
            features.add(Feature.SIMD);
        } else if (t.isReference()) {
            features.add(Feature.REFERENCE_TYPES);
            if (!t.isNullable() || t.heapType() >= 0) {
                features.add(Feature.FUNCTION_REFERENCES);
            }
        }
    }

    private void limits(Limits l) {
        if (l.shared()) {
            features.add(Feature.THREADS);
        }
        if (l.is64()) {
            features.add(Feature.MEMORY64);
        }
        if (l.pageSizeLog2() >= 0) {
            features.add(Feature.CUSTOM_PAGE_SIZES);
        }
    }

    @Override
    public void visitImport(String module, String name, ExternType type) {
        if (type instanceof MemoryType m) {
            limits(m.limits());
            if (++memories > 1) {
                features.add(Feature.MULTI_MEMORY);
            }
        } else if (type instanceof GlobalType g && g.mutable()) {
            features.add(Feature.MUTABLE_GLOBALS);
        } else if (type instanceof TagType) {
            features.add(Feature.EXCEPTIONS);
        } else if (type instanceof TableType t) {
            limits(t.limits());
        }
    }

    @Override
    public void visitMemory(MemoryType type) {
        limits(type.limits());
        if (++memories > 1) {
            features.add(Feature.MULTI_MEMORY);
        }
    }

    @Override
    public void visitTable(TableType type, ConstExpr init) {
        limits(type.limits());
        if (!ValType.FUNCREF.equals(type.elementType()) || init != null) {
            features.add(Feature.REFERENCE_TYPES);
        }
    }

    @Override
    public void visitGlobal(GlobalType type, ConstExpr init) {
        valType(type.type());
        constExpr(init);
    }

    @Override
    public void visitElement(ElementSegment segment) {
        if (segment.mode() != SegmentMode.ACTIVE) {
            features.add(Feature.BULK_MEMORY);
        }
        if (segment.offset() != null) {
            constExpr(segment.offset());
        }
    }

    @Override
    public void visitData(DataSegment segment) {
        if (segment.mode() == SegmentMode.PASSIVE) {
            features.add(Feature.BULK_MEMORY);
        }
        if (segment.offset() != null) {
            constExpr(segment.offset());
        }
    }

    private void constExpr(ConstExpr e) {
        int[] n = new int[1];
        e.accept(new CodeVisitor() {
            @Override
            public void visitInsn(Opcode op) {
                n[0]++;
            }

            @Override
            public void visitIndexInsn(Opcode op, int index) {
                n[0]++;
            }

            @Override
            public void visitI32Const(int value) {
                n[0]++;
            }

            @Override
            public void visitI64Const(long value) {
                n[0]++;
            }
        });
        if (n[0] > 1) {
            features.add(Feature.EXTENDED_CONST);
        }
    }

    @Override
    public CodeVisitor visitCode(int functionIndex) {
        return new CodeVisitor() {
            private void count(Opcode op) {
                counts[op.ordinal()]++;
                instructions++;
                switch (op.prefix()) {
                    case Opcode.PREFIX_SIMD:
                        features.add(op.code() >= 0x100 ? Feature.RELAXED_SIMD : Feature.SIMD);
                        break;
                    case Opcode.PREFIX_ATOMIC:
                        features.add(Feature.THREADS);
                        break;
                    case Opcode.PREFIX_GC:
                        features.add(Feature.GC);
                        break;
                    case Opcode.PREFIX_FC:
                        features.add(op.code() < 8 ? Feature.SATURATING_TRUNCATION
                                : op.code() >= 15 || op.code() == 12 || op.code() == 14 ? Feature.REFERENCE_TYPES : Feature.BULK_MEMORY);
                        break;
                    default:
                        single(op);
                }
            }

            private void single(Opcode op) {
                int c = op.code();
                if (c >= 0xC0 && c <= 0xC4) {
                    features.add(Feature.SIGN_EXTENSION);
                } else if (c == 0x06 || c == 0x07 || c == 0x09 || c == 0x18 || c == 0x19) {
                    features.add(Feature.EXCEPTIONS_LEGACY);
                } else if (c == 0x08) {
                    features.add(Feature.EXCEPTIONS);
                } else if (c == 0x0A || c == 0x1F) {
                    features.add(Feature.EXCEPTIONS);
                } else if (c == 0x12 || c == 0x13) {
                    features.add(Feature.TAIL_CALLS);
                } else if (c == 0x14 || c == 0x15 || (c >= 0xD3 && c <= 0xD6)) {
                    features.add(Feature.FUNCTION_REFERENCES);
                } else if (c == 0x25 || c == 0x26 || c == 0x1C || (c >= 0xD0 && c <= 0xD2)) {
                    features.add(Feature.REFERENCE_TYPES);
                }
            }

            @Override
            public void visitLocals(int count, ValType type) {
                valType(type);
            }

            @Override
            public void visitInsn(Opcode op) {
                count(op);
            }

            @Override
            public void visitBlock(Opcode op, BlockType type) {
                count(op);
                if (type.hasTypeIndex()) {
                    features.add(Feature.MULTI_VALUE);
                }
            }

            @Override
            public void visitIndexInsn(Opcode op, int index) {
                count(op);
                if ((op == Opcode.CALL_INDIRECT || op.imm() == Imm.TABLE) && index != 0) {
                    features.add(Feature.REFERENCE_TYPES);
                }
            }

            @Override
            public void visitIndexPairInsn(Opcode op, int first, int second) {
                count(op);
                if (op.imm() == Imm.TYPE_TABLE && second != 0) {
                    features.add(Feature.REFERENCE_TYPES);
                }
            }

            @Override
            public void visitBrTable(int[] labels, int n, int defaultLabel) {
                count(Opcode.BR_TABLE);
            }

            @Override
            public void visitMemoryInsn(Opcode op, int memory, int alignLog2, long offset) {
                count(op);
            }

            @Override
            public void visitMemoryLaneInsn(Opcode op, int memory, int alignLog2, long offset, int lane) {
                count(op);
            }

            @Override
            public void visitLaneInsn(Opcode op, int lane) {
                count(op);
            }

            @Override
            public void visitI32Const(int value) {
                count(Opcode.I32_CONST);
            }

            @Override
            public void visitI64Const(long value) {
                count(Opcode.I64_CONST);
            }

            @Override
            public void visitF32Const(int bits) {
                count(Opcode.F32_CONST);
            }

            @Override
            public void visitF64Const(long bits) {
                count(Opcode.F64_CONST);
            }

            @Override
            public void visitV128Insn(Opcode op, long low, long high) {
                count(op);
            }

            @Override
            public void visitHeapTypeInsn(Opcode op, int heapType) {
                count(op);
            }

            @Override
            public void visitSelectTyped(ValType[] types) {
                count(Opcode.SELECT_T);
            }

            @Override
            public void visitTryTable(BlockType type, Catch[] catches) {
                count(Opcode.TRY_TABLE);
            }

            @Override
            public void visitBrOnCast(Opcode op, int flags, int label, int fromHeapType, int toHeapType) {
                count(op);
            }
        };
    }
}
