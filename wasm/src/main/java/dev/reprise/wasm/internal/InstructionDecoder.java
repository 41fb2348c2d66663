package dev.reprise.wasm.internal;

import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.Catch;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.Imm;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.ValType;

/**
 * Decodes instructions from a {@link ByteReader} into a {@link CodeVisitor} until the {@code end}
 * that closes the expression. Iterative (no recursion on nesting) and allocation-free per
 * instruction except for the rare typed {@code select} and {@code try_table}.
 */
public final class InstructionDecoder {
    private final boolean hasDataCount;
    private final boolean[] memory64;
    private int[] labels = new int[16];

    /**
     * @param hasDataCount whether the module has a data count section ({@code memory.init} and
     *                     {@code data.drop} require one)
     * @param memory64     per memory index, whether it uses 64-bit addresses (null: all 32-bit)
     */
    public InstructionDecoder(boolean hasDataCount, boolean[] memory64) {
        this.hasDataCount = hasDataCount;
        this.memory64 = memory64;
    }

    /** Decodes one constant expression (32-bit memories; data segment indices allowed). */
    public static void decodeExpression(ByteReader r, CodeVisitor v) {
        new InstructionDecoder(true, null).decode(r, v);
    }

    /**
     * Decodes instructions until the final {@code end}, which is reported as
     * {@link CodeVisitor#visitEnd()}; {@code v} may be null to only check and skip.
     */
    public void decode(ByteReader r, CodeVisitor v) {
        int depth = 0;
        while (true) {
            int at = r.position();
            if (!r.hasRemaining()) {
                throw r.error(r.limit() < r.buffer().length ? "END opcode expected" : "unexpected end", at);
            }
            int b = r.u8();
            Opcode op;
            if (Opcode.isPrefix(b)) {
                long code = r.u32Long();
                op = Opcode.prefixed(b, code);
                if (op == null) {
                    throw r.error("illegal opcode " + Integer.toHexString(b) + " " + Long.toHexString(code), at);
                }
            } else {
                op = Opcode.single(b);
                if (op == null) {
                    throw r.error("illegal opcode " + Integer.toHexString(b), at);
                }
            }
            switch (op.imm()) {
                case NONE:
                    if (op == Opcode.END) {
                        if (depth == 0) {
                            if (v != null) {
                                v.visitEnd();
                            }
                            return;
                        }
                        depth--;
                    }
                    if (v != null) {
                        v.visitInsn(op);
                    }
                    break;
                case ZERO_BYTE: {
                    int zat = r.position();
                    if (r.u8() != 0) {
                        throw r.error("zero byte expected", zat);
                    }
                    if (v != null) {
                        v.visitInsn(op);
                    }
                    break;
                }
                case BLOCK: {
                    BlockType bt = TypeDecoder.blockType(r);
                    depth++;
                    if (v != null) {
                        v.visitBlock(op, bt);
                    }
                    break;
                }
                case TRY_TABLE: {
                    BlockType bt = TypeDecoder.blockType(r);
                    int n = r.count(2);
                    Catch[] catches = new Catch[n];
                    for (int i = 0; i < n; i++) {
                        int kat = r.position();
                        int kind = r.u8();
                        if (kind > 3) {
                            throw r.error("malformed catch clause", kat);
                        }
                        int tag = kind <= 1 ? r.u32() : -1;
                        catches[i] = new Catch(kind, tag, r.u32());
                    }
                    depth++;
                    if (v != null) {
                        v.visitTryTable(bt, catches);
                    }
                    break;
                }
                case LABEL:
                case FUNC:
                case TYPE:
                case LOCAL:
                case GLOBAL:
                case TABLE:
                case ELEM:
                case MEM:
                case TAG: {
                    int idx = r.u32();
                    if (op == Opcode.DELEGATE) {
                        if (depth == 0) {
                            throw r.error("delegate outside a try block", at);
                        }
                        depth--;
                    }
                    if (v != null) {
                        v.visitIndexInsn(op, idx);
                    }
                    break;
                }
                case DATA: {
                    int idx = r.u32();
                    requireDataCount(r, at);
                    if (v != null) {
                        v.visitIndexInsn(op, idx);
                    }
                    break;
                }
                case TYPE_TABLE:
                case TABLE_TABLE:
                case ELEM_TABLE:
                case MEM_MEM:
                case TYPE_FIELD:
                case TYPE_TYPE:
                case TYPE_COUNT:
                case TYPE_ELEM: {
                    int first = r.u32();
                    int second = r.u32();
                    if (v != null) {
                        v.visitIndexPairInsn(op, first, second);
                    }
                    break;
                }
                case DATA_MEM:
                case TYPE_DATA: {
                    int first = r.u32();
                    int second = r.u32();
                    requireDataCount(r, at);
                    if (v != null) {
                        v.visitIndexPairInsn(op, first, second);
                    }
                    break;
                }
                case BR_TABLE: {
                    int n = r.count(1);
                    if (n >= labels.length) {
                        labels = new int[Math.max(n + 1, labels.length * 2)];
                    }
                    for (int i = 0; i < n; i++) {
                        labels[i] = r.u32();
                    }
                    int dflt = r.u32();
                    if (v != null) {
                        v.visitBrTable(labels, n, dflt);
                    }
                    break;
                }
                case MEMARG: {
                    readMemarg(r);
                    if (v != null) {
                        v.visitMemoryInsn(op, memIndex, align, offset);
                    }
                    break;
                }
                case MEMARG_LANE: {
                    readMemarg(r);
                    int lane = r.u8();
                    if (v != null) {
                        v.visitMemoryLaneInsn(op, memIndex, align, offset, lane);
                    }
                    break;
                }
                case LANE: {
                    int lane = r.u8();
                    if (v != null) {
                        v.visitLaneInsn(op, lane);
                    }
                    break;
                }
                case I32: {
                    int c = r.s32();
                    if (v != null) {
                        v.visitI32Const(c);
                    }
                    break;
                }
                case I64: {
                    long c = r.s64();
                    if (v != null) {
                        v.visitI64Const(c);
                    }
                    break;
                }
                case F32: {
                    int c = r.f32Bits();
                    if (v != null) {
                        v.visitF32Const(c);
                    }
                    break;
                }
                case F64: {
                    long c = r.f64Bits();
                    if (v != null) {
                        v.visitF64Const(c);
                    }
                    break;
                }
                case V128:
                case SHUFFLE: {
                    long lo = r.f64Bits();
                    long hi = r.f64Bits();
                    if (v != null) {
                        v.visitV128Insn(op, lo, hi);
                    }
                    break;
                }
                case HEAP_TYPE: {
                    int ht = TypeDecoder.heapType(r);
                    if (v != null) {
                        v.visitHeapTypeInsn(op, ht);
                    }
                    break;
                }
                case SELECT_TYPES: {
                    int n = r.count(1);
                    ValType[] types = new ValType[n];
                    for (int i = 0; i < n; i++) {
                        types[i] = TypeDecoder.valType(r);
                    }
                    if (v != null) {
                        v.visitSelectTyped(types);
                    }
                    break;
                }
                case BR_ON_CAST: {
                    int fat = r.position();
                    int flags = r.u8();
                    if (flags > 3) {
                        throw r.error("malformed br_on_cast flags", fat);
                    }
                    int label = r.u32();
                    int from = TypeDecoder.heapType(r);
                    int to = TypeDecoder.heapType(r);
                    if (v != null) {
                        v.visitBrOnCast(op, flags, label, from, to);
                    }
                    break;
                }
                default:
                    throw new IllegalStateException("immediate kind without a decoder: " + op.imm());
            }
        }
    }

    private int memIndex;
    private int align;
    private long offset;

    private void readMemarg(ByteReader r) {
        int at = r.position();
        long flags = r.u32Long();
        if (flags >= 0x80) {
            throw r.error("malformed memop flags", at);
        }
        if ((flags & 0x40) != 0) {
            memIndex = r.u32();
            align = (int) (flags & 0x3F);
        } else {
            memIndex = 0;
            align = (int) flags;
        }
        offset = memory64 != null && memIndex < memory64.length && memory64[memIndex] ? r.u64() : r.u32Long();
    }

    private void requireDataCount(ByteReader r, int at) {
        if (!hasDataCount) {
            throw r.error("data count section required", at);
        }
    }
}
