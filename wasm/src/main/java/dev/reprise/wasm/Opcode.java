package dev.reprise.wasm;

/**
 * The one opcode table of reprise. Every standardised instruction appears once, with its prefix
 * byte (0 for single-byte opcodes), its code (the byte, or the LEB128 u32 after the prefix), its
 * text-format name and the kind of immediate that follows it. Reader, writer, printer and
 * instrumenter all work from this table.
 *
 * <p>Covered: the MVP, sign extension, saturating truncation, bulk memory, reference types,
 * typed function references, tail calls, exception handling (legacy and {@code try_table}),
 * threads, fixed-width and relaxed SIMD, and GC. Instructions that access linear memory through
 * a memarg also carry their {@link Access} kind, width in bytes and value type.
 *
 * <p>Text names are unique except {@code select}, which names both {@link #SELECT} and the typed
 * {@link #SELECT_T} (its result type is printed as an annotation).
 */
public enum Opcode {
    // ==== single-byte opcodes ====
    // ---- control (try, catch, rethrow, delegate, catch_all: legacy exception handling) ----
    UNREACHABLE(0, 0x00, "unreachable", Imm.NONE),
    NOP(0, 0x01, "nop", Imm.NONE),
    BLOCK(0, 0x02, "block", Imm.BLOCK),
    LOOP(0, 0x03, "loop", Imm.BLOCK),
    IF(0, 0x04, "if", Imm.BLOCK),
    ELSE(0, 0x05, "else", Imm.NONE),
    TRY(0, 0x06, "try", Imm.BLOCK),
    CATCH(0, 0x07, "catch", Imm.TAG),
    THROW(0, 0x08, "throw", Imm.TAG),
    RETHROW(0, 0x09, "rethrow", Imm.LABEL),
    THROW_REF(0, 0x0A, "throw_ref", Imm.NONE),
    END(0, 0x0B, "end", Imm.NONE),
    BR(0, 0x0C, "br", Imm.LABEL),
    BR_IF(0, 0x0D, "br_if", Imm.LABEL),
    BR_TABLE(0, 0x0E, "br_table", Imm.BR_TABLE),
    RETURN(0, 0x0F, "return", Imm.NONE),
    CALL(0, 0x10, "call", Imm.FUNC),
    CALL_INDIRECT(0, 0x11, "call_indirect", Imm.TYPE_TABLE),
    RETURN_CALL(0, 0x12, "return_call", Imm.FUNC),
    RETURN_CALL_INDIRECT(0, 0x13, "return_call_indirect", Imm.TYPE_TABLE),
    CALL_REF(0, 0x14, "call_ref", Imm.TYPE),
    RETURN_CALL_REF(0, 0x15, "return_call_ref", Imm.TYPE),
    DELEGATE(0, 0x18, "delegate", Imm.LABEL),
    CATCH_ALL(0, 0x19, "catch_all", Imm.NONE),
    // ---- parametric (and try_table at 0x1F) ----
    DROP(0, 0x1A, "drop", Imm.NONE),
    SELECT(0, 0x1B, "select", Imm.NONE),
    SELECT_T(0, 0x1C, "select", Imm.SELECT_TYPES),
    TRY_TABLE(0, 0x1F, "try_table", Imm.TRY_TABLE),
    // ---- variable ----
    LOCAL_GET(0, 0x20, "local.get", Imm.LOCAL),
    LOCAL_SET(0, 0x21, "local.set", Imm.LOCAL),
    LOCAL_TEE(0, 0x22, "local.tee", Imm.LOCAL),
    GLOBAL_GET(0, 0x23, "global.get", Imm.GLOBAL),
    GLOBAL_SET(0, 0x24, "global.set", Imm.GLOBAL),
    // ---- table ----
    TABLE_GET(0, 0x25, "table.get", Imm.TABLE),
    TABLE_SET(0, 0x26, "table.set", Imm.TABLE),
    // ---- memory ----
    I32_LOAD(0, 0x28, "i32.load", Imm.MEMARG, Access.LOAD, 4, 0x7F),
    I64_LOAD(0, 0x29, "i64.load", Imm.MEMARG, Access.LOAD, 8, 0x7E),
    F32_LOAD(0, 0x2A, "f32.load", Imm.MEMARG, Access.LOAD, 4, 0x7D),
    F64_LOAD(0, 0x2B, "f64.load", Imm.MEMARG, Access.LOAD, 8, 0x7C),
    I32_LOAD8_S(0, 0x2C, "i32.load8_s", Imm.MEMARG, Access.LOAD, 1, 0x7F),
    I32_LOAD8_U(0, 0x2D, "i32.load8_u", Imm.MEMARG, Access.LOAD, 1, 0x7F),
    I32_LOAD16_S(0, 0x2E, "i32.load16_s", Imm.MEMARG, Access.LOAD, 2, 0x7F),
    I32_LOAD16_U(0, 0x2F, "i32.load16_u", Imm.MEMARG, Access.LOAD, 2, 0x7F),
    I64_LOAD8_S(0, 0x30, "i64.load8_s", Imm.MEMARG, Access.LOAD, 1, 0x7E),
    I64_LOAD8_U(0, 0x31, "i64.load8_u", Imm.MEMARG, Access.LOAD, 1, 0x7E),
    I64_LOAD16_S(0, 0x32, "i64.load16_s", Imm.MEMARG, Access.LOAD, 2, 0x7E),
    I64_LOAD16_U(0, 0x33, "i64.load16_u", Imm.MEMARG, Access.LOAD, 2, 0x7E),
    I64_LOAD32_S(0, 0x34, "i64.load32_s", Imm.MEMARG, Access.LOAD, 4, 0x7E),
    I64_LOAD32_U(0, 0x35, "i64.load32_u", Imm.MEMARG, Access.LOAD, 4, 0x7E),
    I32_STORE(0, 0x36, "i32.store", Imm.MEMARG, Access.STORE, 4, 0x7F),
    I64_STORE(0, 0x37, "i64.store", Imm.MEMARG, Access.STORE, 8, 0x7E),
    F32_STORE(0, 0x38, "f32.store", Imm.MEMARG, Access.STORE, 4, 0x7D),
    F64_STORE(0, 0x39, "f64.store", Imm.MEMARG, Access.STORE, 8, 0x7C),
    I32_STORE8(0, 0x3A, "i32.store8", Imm.MEMARG, Access.STORE, 1, 0x7F),
    I32_STORE16(0, 0x3B, "i32.store16", Imm.MEMARG, Access.STORE, 2, 0x7F),
    I64_STORE8(0, 0x3C, "i64.store8", Imm.MEMARG, Access.STORE, 1, 0x7E),
    I64_STORE16(0, 0x3D, "i64.store16", Imm.MEMARG, Access.STORE, 2, 0x7E),
    I64_STORE32(0, 0x3E, "i64.store32", Imm.MEMARG, Access.STORE, 4, 0x7E),
    MEMORY_SIZE(0, 0x3F, "memory.size", Imm.MEM),
    MEMORY_GROW(0, 0x40, "memory.grow", Imm.MEM),
    // ---- constants ----
    I32_CONST(0, 0x41, "i32.const", Imm.I32),
    I64_CONST(0, 0x42, "i64.const", Imm.I64),
    F32_CONST(0, 0x43, "f32.const", Imm.F32),
    F64_CONST(0, 0x44, "f64.const", Imm.F64),
    // ---- i32/i64 comparison ----
    I32_EQZ(0, 0x45, "i32.eqz", Imm.NONE),
    I32_EQ(0, 0x46, "i32.eq", Imm.NONE),
    I32_NE(0, 0x47, "i32.ne", Imm.NONE),
    I32_LT_S(0, 0x48, "i32.lt_s", Imm.NONE),
    I32_LT_U(0, 0x49, "i32.lt_u", Imm.NONE),
    I32_GT_S(0, 0x4A, "i32.gt_s", Imm.NONE),
    I32_GT_U(0, 0x4B, "i32.gt_u", Imm.NONE),
    I32_LE_S(0, 0x4C, "i32.le_s", Imm.NONE),
    I32_LE_U(0, 0x4D, "i32.le_u", Imm.NONE),
    I32_GE_S(0, 0x4E, "i32.ge_s", Imm.NONE),
    I32_GE_U(0, 0x4F, "i32.ge_u", Imm.NONE),
    I64_EQZ(0, 0x50, "i64.eqz", Imm.NONE),
    I64_EQ(0, 0x51, "i64.eq", Imm.NONE),
    I64_NE(0, 0x52, "i64.ne", Imm.NONE),
    I64_LT_S(0, 0x53, "i64.lt_s", Imm.NONE),
    I64_LT_U(0, 0x54, "i64.lt_u", Imm.NONE),
    I64_GT_S(0, 0x55, "i64.gt_s", Imm.NONE),
    I64_GT_U(0, 0x56, "i64.gt_u", Imm.NONE),
    I64_LE_S(0, 0x57, "i64.le_s", Imm.NONE),
    I64_LE_U(0, 0x58, "i64.le_u", Imm.NONE),
    I64_GE_S(0, 0x59, "i64.ge_s", Imm.NONE),
    I64_GE_U(0, 0x5A, "i64.ge_u", Imm.NONE),
    // ---- f32/f64 comparison ----
    F32_EQ(0, 0x5B, "f32.eq", Imm.NONE),
    F32_NE(0, 0x5C, "f32.ne", Imm.NONE),
    F32_LT(0, 0x5D, "f32.lt", Imm.NONE),
    F32_GT(0, 0x5E, "f32.gt", Imm.NONE),
    F32_LE(0, 0x5F, "f32.le", Imm.NONE),
    F32_GE(0, 0x60, "f32.ge", Imm.NONE),
    F64_EQ(0, 0x61, "f64.eq", Imm.NONE),
    F64_NE(0, 0x62, "f64.ne", Imm.NONE),
    F64_LT(0, 0x63, "f64.lt", Imm.NONE),
    F64_GT(0, 0x64, "f64.gt", Imm.NONE),
    F64_LE(0, 0x65, "f64.le", Imm.NONE),
    F64_GE(0, 0x66, "f64.ge", Imm.NONE),
    // ---- i32 arithmetic ----
    I32_CLZ(0, 0x67, "i32.clz", Imm.NONE),
    I32_CTZ(0, 0x68, "i32.ctz", Imm.NONE),
    I32_POPCNT(0, 0x69, "i32.popcnt", Imm.NONE),
    I32_ADD(0, 0x6A, "i32.add", Imm.NONE),
    I32_SUB(0, 0x6B, "i32.sub", Imm.NONE),
    I32_MUL(0, 0x6C, "i32.mul", Imm.NONE),
    I32_DIV_S(0, 0x6D, "i32.div_s", Imm.NONE),
    I32_DIV_U(0, 0x6E, "i32.div_u", Imm.NONE),
    I32_REM_S(0, 0x6F, "i32.rem_s", Imm.NONE),
    I32_REM_U(0, 0x70, "i32.rem_u", Imm.NONE),
    I32_AND(0, 0x71, "i32.and", Imm.NONE),
    I32_OR(0, 0x72, "i32.or", Imm.NONE),
    I32_XOR(0, 0x73, "i32.xor", Imm.NONE),
    I32_SHL(0, 0x74, "i32.shl", Imm.NONE),
    I32_SHR_S(0, 0x75, "i32.shr_s", Imm.NONE),
    I32_SHR_U(0, 0x76, "i32.shr_u", Imm.NONE),
    I32_ROTL(0, 0x77, "i32.rotl", Imm.NONE),
    I32_ROTR(0, 0x78, "i32.rotr", Imm.NONE),
    // ---- i64 arithmetic ----
    I64_CLZ(0, 0x79, "i64.clz", Imm.NONE),
    I64_CTZ(0, 0x7A, "i64.ctz", Imm.NONE),
    I64_POPCNT(0, 0x7B, "i64.popcnt", Imm.NONE),
    I64_ADD(0, 0x7C, "i64.add", Imm.NONE),
    I64_SUB(0, 0x7D, "i64.sub", Imm.NONE),
    I64_MUL(0, 0x7E, "i64.mul", Imm.NONE),
    I64_DIV_S(0, 0x7F, "i64.div_s", Imm.NONE),
    I64_DIV_U(0, 0x80, "i64.div_u", Imm.NONE),
    I64_REM_S(0, 0x81, "i64.rem_s", Imm.NONE),
    I64_REM_U(0, 0x82, "i64.rem_u", Imm.NONE),
    I64_AND(0, 0x83, "i64.and", Imm.NONE),
    I64_OR(0, 0x84, "i64.or", Imm.NONE),
    I64_XOR(0, 0x85, "i64.xor", Imm.NONE),
    I64_SHL(0, 0x86, "i64.shl", Imm.NONE),
    I64_SHR_S(0, 0x87, "i64.shr_s", Imm.NONE),
    I64_SHR_U(0, 0x88, "i64.shr_u", Imm.NONE),
    I64_ROTL(0, 0x89, "i64.rotl", Imm.NONE),
    I64_ROTR(0, 0x8A, "i64.rotr", Imm.NONE),
    // ---- f32 arithmetic ----
    F32_ABS(0, 0x8B, "f32.abs", Imm.NONE),
    F32_NEG(0, 0x8C, "f32.neg", Imm.NONE),
    F32_CEIL(0, 0x8D, "f32.ceil", Imm.NONE),
    F32_FLOOR(0, 0x8E, "f32.floor", Imm.NONE),
    F32_TRUNC(0, 0x8F, "f32.trunc", Imm.NONE),
    F32_NEAREST(0, 0x90, "f32.nearest", Imm.NONE),
    F32_SQRT(0, 0x91, "f32.sqrt", Imm.NONE),
    F32_ADD(0, 0x92, "f32.add", Imm.NONE),
    F32_SUB(0, 0x93, "f32.sub", Imm.NONE),
    F32_MUL(0, 0x94, "f32.mul", Imm.NONE),
    F32_DIV(0, 0x95, "f32.div", Imm.NONE),
    F32_MIN(0, 0x96, "f32.min", Imm.NONE),
    F32_MAX(0, 0x97, "f32.max", Imm.NONE),
    F32_COPYSIGN(0, 0x98, "f32.copysign", Imm.NONE),
    // ---- f64 arithmetic ----
    F64_ABS(0, 0x99, "f64.abs", Imm.NONE),
    F64_NEG(0, 0x9A, "f64.neg", Imm.NONE),
    F64_CEIL(0, 0x9B, "f64.ceil", Imm.NONE),
    F64_FLOOR(0, 0x9C, "f64.floor", Imm.NONE),
    F64_TRUNC(0, 0x9D, "f64.trunc", Imm.NONE),
    F64_NEAREST(0, 0x9E, "f64.nearest", Imm.NONE),
    F64_SQRT(0, 0x9F, "f64.sqrt", Imm.NONE),
    F64_ADD(0, 0xA0, "f64.add", Imm.NONE),
    F64_SUB(0, 0xA1, "f64.sub", Imm.NONE),
    F64_MUL(0, 0xA2, "f64.mul", Imm.NONE),
    F64_DIV(0, 0xA3, "f64.div", Imm.NONE),
    F64_MIN(0, 0xA4, "f64.min", Imm.NONE),
    F64_MAX(0, 0xA5, "f64.max", Imm.NONE),
    F64_COPYSIGN(0, 0xA6, "f64.copysign", Imm.NONE),
    // ---- conversions ----
    I32_WRAP_I64(0, 0xA7, "i32.wrap_i64", Imm.NONE),
    I32_TRUNC_F32_S(0, 0xA8, "i32.trunc_f32_s", Imm.NONE),
    I32_TRUNC_F32_U(0, 0xA9, "i32.trunc_f32_u", Imm.NONE),
    I32_TRUNC_F64_S(0, 0xAA, "i32.trunc_f64_s", Imm.NONE),
    I32_TRUNC_F64_U(0, 0xAB, "i32.trunc_f64_u", Imm.NONE),
    I64_EXTEND_I32_S(0, 0xAC, "i64.extend_i32_s", Imm.NONE),
    I64_EXTEND_I32_U(0, 0xAD, "i64.extend_i32_u", Imm.NONE),
    I64_TRUNC_F32_S(0, 0xAE, "i64.trunc_f32_s", Imm.NONE),
    I64_TRUNC_F32_U(0, 0xAF, "i64.trunc_f32_u", Imm.NONE),
    I64_TRUNC_F64_S(0, 0xB0, "i64.trunc_f64_s", Imm.NONE),
    I64_TRUNC_F64_U(0, 0xB1, "i64.trunc_f64_u", Imm.NONE),
    F32_CONVERT_I32_S(0, 0xB2, "f32.convert_i32_s", Imm.NONE),
    F32_CONVERT_I32_U(0, 0xB3, "f32.convert_i32_u", Imm.NONE),
    F32_CONVERT_I64_S(0, 0xB4, "f32.convert_i64_s", Imm.NONE),
    F32_CONVERT_I64_U(0, 0xB5, "f32.convert_i64_u", Imm.NONE),
    F32_DEMOTE_F64(0, 0xB6, "f32.demote_f64", Imm.NONE),
    F64_CONVERT_I32_S(0, 0xB7, "f64.convert_i32_s", Imm.NONE),
    F64_CONVERT_I32_U(0, 0xB8, "f64.convert_i32_u", Imm.NONE),
    F64_CONVERT_I64_S(0, 0xB9, "f64.convert_i64_s", Imm.NONE),
    F64_CONVERT_I64_U(0, 0xBA, "f64.convert_i64_u", Imm.NONE),
    F64_PROMOTE_F32(0, 0xBB, "f64.promote_f32", Imm.NONE),
    I32_REINTERPRET_F32(0, 0xBC, "i32.reinterpret_f32", Imm.NONE),
    I64_REINTERPRET_F64(0, 0xBD, "i64.reinterpret_f64", Imm.NONE),
    F32_REINTERPRET_I32(0, 0xBE, "f32.reinterpret_i32", Imm.NONE),
    F64_REINTERPRET_I64(0, 0xBF, "f64.reinterpret_i64", Imm.NONE),
    // ---- sign extension ----
    I32_EXTEND8_S(0, 0xC0, "i32.extend8_s", Imm.NONE),
    I32_EXTEND16_S(0, 0xC1, "i32.extend16_s", Imm.NONE),
    I64_EXTEND8_S(0, 0xC2, "i64.extend8_s", Imm.NONE),
    I64_EXTEND16_S(0, 0xC3, "i64.extend16_s", Imm.NONE),
    I64_EXTEND32_S(0, 0xC4, "i64.extend32_s", Imm.NONE),
    // ---- references ----
    REF_NULL(0, 0xD0, "ref.null", Imm.HEAP_TYPE),
    REF_IS_NULL(0, 0xD1, "ref.is_null", Imm.NONE),
    REF_FUNC(0, 0xD2, "ref.func", Imm.FUNC),
    REF_EQ(0, 0xD3, "ref.eq", Imm.NONE),
    REF_AS_NON_NULL(0, 0xD4, "ref.as_non_null", Imm.NONE),
    BR_ON_NULL(0, 0xD5, "br_on_null", Imm.LABEL),
    BR_ON_NON_NULL(0, 0xD6, "br_on_non_null", Imm.LABEL),

    // ==== prefix 0xFC: saturating truncation, bulk memory, tables ====
    I32_TRUNC_SAT_F32_S(0xFC, 0x00, "i32.trunc_sat_f32_s", Imm.NONE),
    I32_TRUNC_SAT_F32_U(0xFC, 0x01, "i32.trunc_sat_f32_u", Imm.NONE),
    I32_TRUNC_SAT_F64_S(0xFC, 0x02, "i32.trunc_sat_f64_s", Imm.NONE),
    I32_TRUNC_SAT_F64_U(0xFC, 0x03, "i32.trunc_sat_f64_u", Imm.NONE),
    I64_TRUNC_SAT_F32_S(0xFC, 0x04, "i64.trunc_sat_f32_s", Imm.NONE),
    I64_TRUNC_SAT_F32_U(0xFC, 0x05, "i64.trunc_sat_f32_u", Imm.NONE),
    I64_TRUNC_SAT_F64_S(0xFC, 0x06, "i64.trunc_sat_f64_s", Imm.NONE),
    I64_TRUNC_SAT_F64_U(0xFC, 0x07, "i64.trunc_sat_f64_u", Imm.NONE),
    MEMORY_INIT(0xFC, 0x08, "memory.init", Imm.DATA_MEM),
    DATA_DROP(0xFC, 0x09, "data.drop", Imm.DATA),
    MEMORY_COPY(0xFC, 0x0A, "memory.copy", Imm.MEM_MEM),
    MEMORY_FILL(0xFC, 0x0B, "memory.fill", Imm.MEM),
    TABLE_INIT(0xFC, 0x0C, "table.init", Imm.ELEM_TABLE),
    ELEM_DROP(0xFC, 0x0D, "elem.drop", Imm.ELEM),
    TABLE_COPY(0xFC, 0x0E, "table.copy", Imm.TABLE_TABLE),
    TABLE_GROW(0xFC, 0x0F, "table.grow", Imm.TABLE),
    TABLE_SIZE(0xFC, 0x10, "table.size", Imm.TABLE),
    TABLE_FILL(0xFC, 0x11, "table.fill", Imm.TABLE),

    // ==== prefix 0xFD: fixed-width SIMD (code is a u32 after the prefix) ====
    // ---- memory, constants, shuffles, splats ----
    V128_LOAD(0xFD, 0x00, "v128.load", Imm.MEMARG, Access.LOAD, 16, 0x7B),
    V128_LOAD8X8_S(0xFD, 0x01, "v128.load8x8_s", Imm.MEMARG, Access.LOAD, 8, 0x7B),
    V128_LOAD8X8_U(0xFD, 0x02, "v128.load8x8_u", Imm.MEMARG, Access.LOAD, 8, 0x7B),
    V128_LOAD16X4_S(0xFD, 0x03, "v128.load16x4_s", Imm.MEMARG, Access.LOAD, 8, 0x7B),
    V128_LOAD16X4_U(0xFD, 0x04, "v128.load16x4_u", Imm.MEMARG, Access.LOAD, 8, 0x7B),
    V128_LOAD32X2_S(0xFD, 0x05, "v128.load32x2_s", Imm.MEMARG, Access.LOAD, 8, 0x7B),
    V128_LOAD32X2_U(0xFD, 0x06, "v128.load32x2_u", Imm.MEMARG, Access.LOAD, 8, 0x7B),
    V128_LOAD8_SPLAT(0xFD, 0x07, "v128.load8_splat", Imm.MEMARG, Access.LOAD, 1, 0x7B),
    V128_LOAD16_SPLAT(0xFD, 0x08, "v128.load16_splat", Imm.MEMARG, Access.LOAD, 2, 0x7B),
    V128_LOAD32_SPLAT(0xFD, 0x09, "v128.load32_splat", Imm.MEMARG, Access.LOAD, 4, 0x7B),
    V128_LOAD64_SPLAT(0xFD, 0x0A, "v128.load64_splat", Imm.MEMARG, Access.LOAD, 8, 0x7B),
    V128_STORE(0xFD, 0x0B, "v128.store", Imm.MEMARG, Access.STORE, 16, 0x7B),
    V128_CONST(0xFD, 0x0C, "v128.const", Imm.V128),
    I8X16_SHUFFLE(0xFD, 0x0D, "i8x16.shuffle", Imm.SHUFFLE),
    I8X16_SWIZZLE(0xFD, 0x0E, "i8x16.swizzle", Imm.NONE),
    I8X16_SPLAT(0xFD, 0x0F, "i8x16.splat", Imm.NONE),
    I16X8_SPLAT(0xFD, 0x10, "i16x8.splat", Imm.NONE),
    I32X4_SPLAT(0xFD, 0x11, "i32x4.splat", Imm.NONE),
    I64X2_SPLAT(0xFD, 0x12, "i64x2.splat", Imm.NONE),
    F32X4_SPLAT(0xFD, 0x13, "f32x4.splat", Imm.NONE),
    F64X2_SPLAT(0xFD, 0x14, "f64x2.splat", Imm.NONE),
    // ---- lanes ----
    I8X16_EXTRACT_LANE_S(0xFD, 0x15, "i8x16.extract_lane_s", Imm.LANE),
    I8X16_EXTRACT_LANE_U(0xFD, 0x16, "i8x16.extract_lane_u", Imm.LANE),
    I8X16_REPLACE_LANE(0xFD, 0x17, "i8x16.replace_lane", Imm.LANE),
    I16X8_EXTRACT_LANE_S(0xFD, 0x18, "i16x8.extract_lane_s", Imm.LANE),
    I16X8_EXTRACT_LANE_U(0xFD, 0x19, "i16x8.extract_lane_u", Imm.LANE),
    I16X8_REPLACE_LANE(0xFD, 0x1A, "i16x8.replace_lane", Imm.LANE),
    I32X4_EXTRACT_LANE(0xFD, 0x1B, "i32x4.extract_lane", Imm.LANE),
    I32X4_REPLACE_LANE(0xFD, 0x1C, "i32x4.replace_lane", Imm.LANE),
    I64X2_EXTRACT_LANE(0xFD, 0x1D, "i64x2.extract_lane", Imm.LANE),
    I64X2_REPLACE_LANE(0xFD, 0x1E, "i64x2.replace_lane", Imm.LANE),
    F32X4_EXTRACT_LANE(0xFD, 0x1F, "f32x4.extract_lane", Imm.LANE),
    F32X4_REPLACE_LANE(0xFD, 0x20, "f32x4.replace_lane", Imm.LANE),
    F64X2_EXTRACT_LANE(0xFD, 0x21, "f64x2.extract_lane", Imm.LANE),
    F64X2_REPLACE_LANE(0xFD, 0x22, "f64x2.replace_lane", Imm.LANE),
    // ---- comparisons ----
    I8X16_EQ(0xFD, 0x23, "i8x16.eq", Imm.NONE),
    I8X16_NE(0xFD, 0x24, "i8x16.ne", Imm.NONE),
    I8X16_LT_S(0xFD, 0x25, "i8x16.lt_s", Imm.NONE),
    I8X16_LT_U(0xFD, 0x26, "i8x16.lt_u", Imm.NONE),
    I8X16_GT_S(0xFD, 0x27, "i8x16.gt_s", Imm.NONE),
    I8X16_GT_U(0xFD, 0x28, "i8x16.gt_u", Imm.NONE),
    I8X16_LE_S(0xFD, 0x29, "i8x16.le_s", Imm.NONE),
    I8X16_LE_U(0xFD, 0x2A, "i8x16.le_u", Imm.NONE),
    I8X16_GE_S(0xFD, 0x2B, "i8x16.ge_s", Imm.NONE),
    I8X16_GE_U(0xFD, 0x2C, "i8x16.ge_u", Imm.NONE),
    I16X8_EQ(0xFD, 0x2D, "i16x8.eq", Imm.NONE),
    I16X8_NE(0xFD, 0x2E, "i16x8.ne", Imm.NONE),
    I16X8_LT_S(0xFD, 0x2F, "i16x8.lt_s", Imm.NONE),
    I16X8_LT_U(0xFD, 0x30, "i16x8.lt_u", Imm.NONE),
    I16X8_GT_S(0xFD, 0x31, "i16x8.gt_s", Imm.NONE),
    I16X8_GT_U(0xFD, 0x32, "i16x8.gt_u", Imm.NONE),
    I16X8_LE_S(0xFD, 0x33, "i16x8.le_s", Imm.NONE),
    I16X8_LE_U(0xFD, 0x34, "i16x8.le_u", Imm.NONE),
    I16X8_GE_S(0xFD, 0x35, "i16x8.ge_s", Imm.NONE),
    I16X8_GE_U(0xFD, 0x36, "i16x8.ge_u", Imm.NONE),
    I32X4_EQ(0xFD, 0x37, "i32x4.eq", Imm.NONE),
    I32X4_NE(0xFD, 0x38, "i32x4.ne", Imm.NONE),
    I32X4_LT_S(0xFD, 0x39, "i32x4.lt_s", Imm.NONE),
    I32X4_LT_U(0xFD, 0x3A, "i32x4.lt_u", Imm.NONE),
    I32X4_GT_S(0xFD, 0x3B, "i32x4.gt_s", Imm.NONE),
    I32X4_GT_U(0xFD, 0x3C, "i32x4.gt_u", Imm.NONE),
    I32X4_LE_S(0xFD, 0x3D, "i32x4.le_s", Imm.NONE),
    I32X4_LE_U(0xFD, 0x3E, "i32x4.le_u", Imm.NONE),
    I32X4_GE_S(0xFD, 0x3F, "i32x4.ge_s", Imm.NONE),
    I32X4_GE_U(0xFD, 0x40, "i32x4.ge_u", Imm.NONE),
    F32X4_EQ(0xFD, 0x41, "f32x4.eq", Imm.NONE),
    F32X4_NE(0xFD, 0x42, "f32x4.ne", Imm.NONE),
    F32X4_LT(0xFD, 0x43, "f32x4.lt", Imm.NONE),
    F32X4_GT(0xFD, 0x44, "f32x4.gt", Imm.NONE),
    F32X4_LE(0xFD, 0x45, "f32x4.le", Imm.NONE),
    F32X4_GE(0xFD, 0x46, "f32x4.ge", Imm.NONE),
    F64X2_EQ(0xFD, 0x47, "f64x2.eq", Imm.NONE),
    F64X2_NE(0xFD, 0x48, "f64x2.ne", Imm.NONE),
    F64X2_LT(0xFD, 0x49, "f64x2.lt", Imm.NONE),
    F64X2_GT(0xFD, 0x4A, "f64x2.gt", Imm.NONE),
    F64X2_LE(0xFD, 0x4B, "f64x2.le", Imm.NONE),
    F64X2_GE(0xFD, 0x4C, "f64x2.ge", Imm.NONE),
    // ---- bitwise ----
    V128_NOT(0xFD, 0x4D, "v128.not", Imm.NONE),
    V128_AND(0xFD, 0x4E, "v128.and", Imm.NONE),
    V128_ANDNOT(0xFD, 0x4F, "v128.andnot", Imm.NONE),
    V128_OR(0xFD, 0x50, "v128.or", Imm.NONE),
    V128_XOR(0xFD, 0x51, "v128.xor", Imm.NONE),
    V128_BITSELECT(0xFD, 0x52, "v128.bitselect", Imm.NONE),
    V128_ANY_TRUE(0xFD, 0x53, "v128.any_true", Imm.NONE),
    // ---- lane loads/stores, zero-extending loads ----
    V128_LOAD8_LANE(0xFD, 0x54, "v128.load8_lane", Imm.MEMARG_LANE, Access.LOAD, 1, 0x7B),
    V128_LOAD16_LANE(0xFD, 0x55, "v128.load16_lane", Imm.MEMARG_LANE, Access.LOAD, 2, 0x7B),
    V128_LOAD32_LANE(0xFD, 0x56, "v128.load32_lane", Imm.MEMARG_LANE, Access.LOAD, 4, 0x7B),
    V128_LOAD64_LANE(0xFD, 0x57, "v128.load64_lane", Imm.MEMARG_LANE, Access.LOAD, 8, 0x7B),
    V128_STORE8_LANE(0xFD, 0x58, "v128.store8_lane", Imm.MEMARG_LANE, Access.STORE, 1, 0x7B),
    V128_STORE16_LANE(0xFD, 0x59, "v128.store16_lane", Imm.MEMARG_LANE, Access.STORE, 2, 0x7B),
    V128_STORE32_LANE(0xFD, 0x5A, "v128.store32_lane", Imm.MEMARG_LANE, Access.STORE, 4, 0x7B),
    V128_STORE64_LANE(0xFD, 0x5B, "v128.store64_lane", Imm.MEMARG_LANE, Access.STORE, 8, 0x7B),
    V128_LOAD32_ZERO(0xFD, 0x5C, "v128.load32_zero", Imm.MEMARG, Access.LOAD, 4, 0x7B),
    V128_LOAD64_ZERO(0xFD, 0x5D, "v128.load64_zero", Imm.MEMARG, Access.LOAD, 8, 0x7B),
    // ---- arithmetic and conversions ----
    F32X4_DEMOTE_F64X2_ZERO(0xFD, 0x5E, "f32x4.demote_f64x2_zero", Imm.NONE),
    F64X2_PROMOTE_LOW_F32X4(0xFD, 0x5F, "f64x2.promote_low_f32x4", Imm.NONE),
    I8X16_ABS(0xFD, 0x60, "i8x16.abs", Imm.NONE),
    I8X16_NEG(0xFD, 0x61, "i8x16.neg", Imm.NONE),
    I8X16_POPCNT(0xFD, 0x62, "i8x16.popcnt", Imm.NONE),
    I8X16_ALL_TRUE(0xFD, 0x63, "i8x16.all_true", Imm.NONE),
    I8X16_BITMASK(0xFD, 0x64, "i8x16.bitmask", Imm.NONE),
    I8X16_NARROW_I16X8_S(0xFD, 0x65, "i8x16.narrow_i16x8_s", Imm.NONE),
    I8X16_NARROW_I16X8_U(0xFD, 0x66, "i8x16.narrow_i16x8_u", Imm.NONE),
    F32X4_CEIL(0xFD, 0x67, "f32x4.ceil", Imm.NONE),
    F32X4_FLOOR(0xFD, 0x68, "f32x4.floor", Imm.NONE),
    F32X4_TRUNC(0xFD, 0x69, "f32x4.trunc", Imm.NONE),
    F32X4_NEAREST(0xFD, 0x6A, "f32x4.nearest", Imm.NONE),
    I8X16_SHL(0xFD, 0x6B, "i8x16.shl", Imm.NONE),
    I8X16_SHR_S(0xFD, 0x6C, "i8x16.shr_s", Imm.NONE),
    I8X16_SHR_U(0xFD, 0x6D, "i8x16.shr_u", Imm.NONE),
    I8X16_ADD(0xFD, 0x6E, "i8x16.add", Imm.NONE),
    I8X16_ADD_SAT_S(0xFD, 0x6F, "i8x16.add_sat_s", Imm.NONE),
    I8X16_ADD_SAT_U(0xFD, 0x70, "i8x16.add_sat_u", Imm.NONE),
    I8X16_SUB(0xFD, 0x71, "i8x16.sub", Imm.NONE),
    I8X16_SUB_SAT_S(0xFD, 0x72, "i8x16.sub_sat_s", Imm.NONE),
    I8X16_SUB_SAT_U(0xFD, 0x73, "i8x16.sub_sat_u", Imm.NONE),
    F64X2_CEIL(0xFD, 0x74, "f64x2.ceil", Imm.NONE),
    F64X2_FLOOR(0xFD, 0x75, "f64x2.floor", Imm.NONE),
    I8X16_MIN_S(0xFD, 0x76, "i8x16.min_s", Imm.NONE),
    I8X16_MIN_U(0xFD, 0x77, "i8x16.min_u", Imm.NONE),
    I8X16_MAX_S(0xFD, 0x78, "i8x16.max_s", Imm.NONE),
    I8X16_MAX_U(0xFD, 0x79, "i8x16.max_u", Imm.NONE),
    F64X2_TRUNC(0xFD, 0x7A, "f64x2.trunc", Imm.NONE),
    I8X16_AVGR_U(0xFD, 0x7B, "i8x16.avgr_u", Imm.NONE),
    I16X8_EXTADD_PAIRWISE_I8X16_S(0xFD, 0x7C, "i16x8.extadd_pairwise_i8x16_s", Imm.NONE),
    I16X8_EXTADD_PAIRWISE_I8X16_U(0xFD, 0x7D, "i16x8.extadd_pairwise_i8x16_u", Imm.NONE),
    I32X4_EXTADD_PAIRWISE_I16X8_S(0xFD, 0x7E, "i32x4.extadd_pairwise_i16x8_s", Imm.NONE),
    I32X4_EXTADD_PAIRWISE_I16X8_U(0xFD, 0x7F, "i32x4.extadd_pairwise_i16x8_u", Imm.NONE),
    I16X8_ABS(0xFD, 0x80, "i16x8.abs", Imm.NONE),
    I16X8_NEG(0xFD, 0x81, "i16x8.neg", Imm.NONE),
    I16X8_Q15MULR_SAT_S(0xFD, 0x82, "i16x8.q15mulr_sat_s", Imm.NONE),
    I16X8_ALL_TRUE(0xFD, 0x83, "i16x8.all_true", Imm.NONE),
    I16X8_BITMASK(0xFD, 0x84, "i16x8.bitmask", Imm.NONE),
    I16X8_NARROW_I32X4_S(0xFD, 0x85, "i16x8.narrow_i32x4_s", Imm.NONE),
    I16X8_NARROW_I32X4_U(0xFD, 0x86, "i16x8.narrow_i32x4_u", Imm.NONE),
    I16X8_EXTEND_LOW_I8X16_S(0xFD, 0x87, "i16x8.extend_low_i8x16_s", Imm.NONE),
    I16X8_EXTEND_HIGH_I8X16_S(0xFD, 0x88, "i16x8.extend_high_i8x16_s", Imm.NONE),
    I16X8_EXTEND_LOW_I8X16_U(0xFD, 0x89, "i16x8.extend_low_i8x16_u", Imm.NONE),
    I16X8_EXTEND_HIGH_I8X16_U(0xFD, 0x8A, "i16x8.extend_high_i8x16_u", Imm.NONE),
    I16X8_SHL(0xFD, 0x8B, "i16x8.shl", Imm.NONE),
    I16X8_SHR_S(0xFD, 0x8C, "i16x8.shr_s", Imm.NONE),
    I16X8_SHR_U(0xFD, 0x8D, "i16x8.shr_u", Imm.NONE),
    I16X8_ADD(0xFD, 0x8E, "i16x8.add", Imm.NONE),
    I16X8_ADD_SAT_S(0xFD, 0x8F, "i16x8.add_sat_s", Imm.NONE),
    I16X8_ADD_SAT_U(0xFD, 0x90, "i16x8.add_sat_u", Imm.NONE),
    I16X8_SUB(0xFD, 0x91, "i16x8.sub", Imm.NONE),
    I16X8_SUB_SAT_S(0xFD, 0x92, "i16x8.sub_sat_s", Imm.NONE),
    I16X8_SUB_SAT_U(0xFD, 0x93, "i16x8.sub_sat_u", Imm.NONE),
    F64X2_NEAREST(0xFD, 0x94, "f64x2.nearest", Imm.NONE),
    I16X8_MUL(0xFD, 0x95, "i16x8.mul", Imm.NONE),
    I16X8_MIN_S(0xFD, 0x96, "i16x8.min_s", Imm.NONE),
    I16X8_MIN_U(0xFD, 0x97, "i16x8.min_u", Imm.NONE),
    I16X8_MAX_S(0xFD, 0x98, "i16x8.max_s", Imm.NONE),
    I16X8_MAX_U(0xFD, 0x99, "i16x8.max_u", Imm.NONE),
    I16X8_AVGR_U(0xFD, 0x9B, "i16x8.avgr_u", Imm.NONE),
    I16X8_EXTMUL_LOW_I8X16_S(0xFD, 0x9C, "i16x8.extmul_low_i8x16_s", Imm.NONE),
    I16X8_EXTMUL_HIGH_I8X16_S(0xFD, 0x9D, "i16x8.extmul_high_i8x16_s", Imm.NONE),
    I16X8_EXTMUL_LOW_I8X16_U(0xFD, 0x9E, "i16x8.extmul_low_i8x16_u", Imm.NONE),
    I16X8_EXTMUL_HIGH_I8X16_U(0xFD, 0x9F, "i16x8.extmul_high_i8x16_u", Imm.NONE),
    I32X4_ABS(0xFD, 0xA0, "i32x4.abs", Imm.NONE),
    I32X4_NEG(0xFD, 0xA1, "i32x4.neg", Imm.NONE),
    I32X4_ALL_TRUE(0xFD, 0xA3, "i32x4.all_true", Imm.NONE),
    I32X4_BITMASK(0xFD, 0xA4, "i32x4.bitmask", Imm.NONE),
    I32X4_EXTEND_LOW_I16X8_S(0xFD, 0xA7, "i32x4.extend_low_i16x8_s", Imm.NONE),
    I32X4_EXTEND_HIGH_I16X8_S(0xFD, 0xA8, "i32x4.extend_high_i16x8_s", Imm.NONE),
    I32X4_EXTEND_LOW_I16X8_U(0xFD, 0xA9, "i32x4.extend_low_i16x8_u", Imm.NONE),
    I32X4_EXTEND_HIGH_I16X8_U(0xFD, 0xAA, "i32x4.extend_high_i16x8_u", Imm.NONE),
    I32X4_SHL(0xFD, 0xAB, "i32x4.shl", Imm.NONE),
    I32X4_SHR_S(0xFD, 0xAC, "i32x4.shr_s", Imm.NONE),
    I32X4_SHR_U(0xFD, 0xAD, "i32x4.shr_u", Imm.NONE),
    I32X4_ADD(0xFD, 0xAE, "i32x4.add", Imm.NONE),
    I32X4_SUB(0xFD, 0xB1, "i32x4.sub", Imm.NONE),
    I32X4_MUL(0xFD, 0xB5, "i32x4.mul", Imm.NONE),
    I32X4_MIN_S(0xFD, 0xB6, "i32x4.min_s", Imm.NONE),
    I32X4_MIN_U(0xFD, 0xB7, "i32x4.min_u", Imm.NONE),
    I32X4_MAX_S(0xFD, 0xB8, "i32x4.max_s", Imm.NONE),
    I32X4_MAX_U(0xFD, 0xB9, "i32x4.max_u", Imm.NONE),
    I32X4_DOT_I16X8_S(0xFD, 0xBA, "i32x4.dot_i16x8_s", Imm.NONE),
    I32X4_EXTMUL_LOW_I16X8_S(0xFD, 0xBC, "i32x4.extmul_low_i16x8_s", Imm.NONE),
    I32X4_EXTMUL_HIGH_I16X8_S(0xFD, 0xBD, "i32x4.extmul_high_i16x8_s", Imm.NONE),
    I32X4_EXTMUL_LOW_I16X8_U(0xFD, 0xBE, "i32x4.extmul_low_i16x8_u", Imm.NONE),
    I32X4_EXTMUL_HIGH_I16X8_U(0xFD, 0xBF, "i32x4.extmul_high_i16x8_u", Imm.NONE),
    I64X2_ABS(0xFD, 0xC0, "i64x2.abs", Imm.NONE),
    I64X2_NEG(0xFD, 0xC1, "i64x2.neg", Imm.NONE),
    I64X2_ALL_TRUE(0xFD, 0xC3, "i64x2.all_true", Imm.NONE),
    I64X2_BITMASK(0xFD, 0xC4, "i64x2.bitmask", Imm.NONE),
    I64X2_EXTEND_LOW_I32X4_S(0xFD, 0xC7, "i64x2.extend_low_i32x4_s", Imm.NONE),
    I64X2_EXTEND_HIGH_I32X4_S(0xFD, 0xC8, "i64x2.extend_high_i32x4_s", Imm.NONE),
    I64X2_EXTEND_LOW_I32X4_U(0xFD, 0xC9, "i64x2.extend_low_i32x4_u", Imm.NONE),
    I64X2_EXTEND_HIGH_I32X4_U(0xFD, 0xCA, "i64x2.extend_high_i32x4_u", Imm.NONE),
    I64X2_SHL(0xFD, 0xCB, "i64x2.shl", Imm.NONE),
    I64X2_SHR_S(0xFD, 0xCC, "i64x2.shr_s", Imm.NONE),
    I64X2_SHR_U(0xFD, 0xCD, "i64x2.shr_u", Imm.NONE),
    I64X2_ADD(0xFD, 0xCE, "i64x2.add", Imm.NONE),
    I64X2_SUB(0xFD, 0xD1, "i64x2.sub", Imm.NONE),
    I64X2_MUL(0xFD, 0xD5, "i64x2.mul", Imm.NONE),
    I64X2_EQ(0xFD, 0xD6, "i64x2.eq", Imm.NONE),
    I64X2_NE(0xFD, 0xD7, "i64x2.ne", Imm.NONE),
    I64X2_LT_S(0xFD, 0xD8, "i64x2.lt_s", Imm.NONE),
    I64X2_GT_S(0xFD, 0xD9, "i64x2.gt_s", Imm.NONE),
    I64X2_LE_S(0xFD, 0xDA, "i64x2.le_s", Imm.NONE),
    I64X2_GE_S(0xFD, 0xDB, "i64x2.ge_s", Imm.NONE),
    I64X2_EXTMUL_LOW_I32X4_S(0xFD, 0xDC, "i64x2.extmul_low_i32x4_s", Imm.NONE),
    I64X2_EXTMUL_HIGH_I32X4_S(0xFD, 0xDD, "i64x2.extmul_high_i32x4_s", Imm.NONE),
    I64X2_EXTMUL_LOW_I32X4_U(0xFD, 0xDE, "i64x2.extmul_low_i32x4_u", Imm.NONE),
    I64X2_EXTMUL_HIGH_I32X4_U(0xFD, 0xDF, "i64x2.extmul_high_i32x4_u", Imm.NONE),
    F32X4_ABS(0xFD, 0xE0, "f32x4.abs", Imm.NONE),
    F32X4_NEG(0xFD, 0xE1, "f32x4.neg", Imm.NONE),
    F32X4_SQRT(0xFD, 0xE3, "f32x4.sqrt", Imm.NONE),
    F32X4_ADD(0xFD, 0xE4, "f32x4.add", Imm.NONE),
    F32X4_SUB(0xFD, 0xE5, "f32x4.sub", Imm.NONE),
    F32X4_MUL(0xFD, 0xE6, "f32x4.mul", Imm.NONE),
    F32X4_DIV(0xFD, 0xE7, "f32x4.div", Imm.NONE),
    F32X4_MIN(0xFD, 0xE8, "f32x4.min", Imm.NONE),
    F32X4_MAX(0xFD, 0xE9, "f32x4.max", Imm.NONE),
    F32X4_PMIN(0xFD, 0xEA, "f32x4.pmin", Imm.NONE),
    F32X4_PMAX(0xFD, 0xEB, "f32x4.pmax", Imm.NONE),
    F64X2_ABS(0xFD, 0xEC, "f64x2.abs", Imm.NONE),
    F64X2_NEG(0xFD, 0xED, "f64x2.neg", Imm.NONE),
    F64X2_SQRT(0xFD, 0xEF, "f64x2.sqrt", Imm.NONE),
    F64X2_ADD(0xFD, 0xF0, "f64x2.add", Imm.NONE),
    F64X2_SUB(0xFD, 0xF1, "f64x2.sub", Imm.NONE),
    F64X2_MUL(0xFD, 0xF2, "f64x2.mul", Imm.NONE),
    F64X2_DIV(0xFD, 0xF3, "f64x2.div", Imm.NONE),
    F64X2_MIN(0xFD, 0xF4, "f64x2.min", Imm.NONE),
    F64X2_MAX(0xFD, 0xF5, "f64x2.max", Imm.NONE),
    F64X2_PMIN(0xFD, 0xF6, "f64x2.pmin", Imm.NONE),
    F64X2_PMAX(0xFD, 0xF7, "f64x2.pmax", Imm.NONE),
    I32X4_TRUNC_SAT_F32X4_S(0xFD, 0xF8, "i32x4.trunc_sat_f32x4_s", Imm.NONE),
    I32X4_TRUNC_SAT_F32X4_U(0xFD, 0xF9, "i32x4.trunc_sat_f32x4_u", Imm.NONE),
    F32X4_CONVERT_I32X4_S(0xFD, 0xFA, "f32x4.convert_i32x4_s", Imm.NONE),
    F32X4_CONVERT_I32X4_U(0xFD, 0xFB, "f32x4.convert_i32x4_u", Imm.NONE),
    I32X4_TRUNC_SAT_F64X2_S_ZERO(0xFD, 0xFC, "i32x4.trunc_sat_f64x2_s_zero", Imm.NONE),
    I32X4_TRUNC_SAT_F64X2_U_ZERO(0xFD, 0xFD, "i32x4.trunc_sat_f64x2_u_zero", Imm.NONE),
    F64X2_CONVERT_LOW_I32X4_S(0xFD, 0xFE, "f64x2.convert_low_i32x4_s", Imm.NONE),
    F64X2_CONVERT_LOW_I32X4_U(0xFD, 0xFF, "f64x2.convert_low_i32x4_u", Imm.NONE),
    // ---- relaxed SIMD ----
    I8X16_RELAXED_SWIZZLE(0xFD, 0x100, "i8x16.relaxed_swizzle", Imm.NONE),
    I32X4_RELAXED_TRUNC_F32X4_S(0xFD, 0x101, "i32x4.relaxed_trunc_f32x4_s", Imm.NONE),
    I32X4_RELAXED_TRUNC_F32X4_U(0xFD, 0x102, "i32x4.relaxed_trunc_f32x4_u", Imm.NONE),
    I32X4_RELAXED_TRUNC_F64X2_S_ZERO(0xFD, 0x103, "i32x4.relaxed_trunc_f64x2_s_zero", Imm.NONE),
    I32X4_RELAXED_TRUNC_F64X2_U_ZERO(0xFD, 0x104, "i32x4.relaxed_trunc_f64x2_u_zero", Imm.NONE),
    F32X4_RELAXED_MADD(0xFD, 0x105, "f32x4.relaxed_madd", Imm.NONE),
    F32X4_RELAXED_NMADD(0xFD, 0x106, "f32x4.relaxed_nmadd", Imm.NONE),
    F64X2_RELAXED_MADD(0xFD, 0x107, "f64x2.relaxed_madd", Imm.NONE),
    F64X2_RELAXED_NMADD(0xFD, 0x108, "f64x2.relaxed_nmadd", Imm.NONE),
    I8X16_RELAXED_LANESELECT(0xFD, 0x109, "i8x16.relaxed_laneselect", Imm.NONE),
    I16X8_RELAXED_LANESELECT(0xFD, 0x10A, "i16x8.relaxed_laneselect", Imm.NONE),
    I32X4_RELAXED_LANESELECT(0xFD, 0x10B, "i32x4.relaxed_laneselect", Imm.NONE),
    I64X2_RELAXED_LANESELECT(0xFD, 0x10C, "i64x2.relaxed_laneselect", Imm.NONE),
    F32X4_RELAXED_MIN(0xFD, 0x10D, "f32x4.relaxed_min", Imm.NONE),
    F32X4_RELAXED_MAX(0xFD, 0x10E, "f32x4.relaxed_max", Imm.NONE),
    F64X2_RELAXED_MIN(0xFD, 0x10F, "f64x2.relaxed_min", Imm.NONE),
    F64X2_RELAXED_MAX(0xFD, 0x110, "f64x2.relaxed_max", Imm.NONE),
    I16X8_RELAXED_Q15MULR_S(0xFD, 0x111, "i16x8.relaxed_q15mulr_s", Imm.NONE),
    I16X8_RELAXED_DOT_I8X16_I7X16_S(0xFD, 0x112, "i16x8.relaxed_dot_i8x16_i7x16_s", Imm.NONE),
    I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S(0xFD, 0x113, "i32x4.relaxed_dot_i8x16_i7x16_add_s", Imm.NONE),

    // ==== prefix 0xFE: threads (atomics) ====
    MEMORY_ATOMIC_NOTIFY(0xFE, 0x00, "memory.atomic.notify", Imm.MEMARG, Access.NOTIFY, 4, 0x7F),
    MEMORY_ATOMIC_WAIT32(0xFE, 0x01, "memory.atomic.wait32", Imm.MEMARG, Access.WAIT, 4, 0x7F),
    MEMORY_ATOMIC_WAIT64(0xFE, 0x02, "memory.atomic.wait64", Imm.MEMARG, Access.WAIT, 8, 0x7F),
    ATOMIC_FENCE(0xFE, 0x03, "atomic.fence", Imm.ZERO_BYTE),
    I32_ATOMIC_LOAD(0xFE, 0x10, "i32.atomic.load", Imm.MEMARG, Access.LOAD, 4, 0x7F),
    I64_ATOMIC_LOAD(0xFE, 0x11, "i64.atomic.load", Imm.MEMARG, Access.LOAD, 8, 0x7E),
    I32_ATOMIC_LOAD8_U(0xFE, 0x12, "i32.atomic.load8_u", Imm.MEMARG, Access.LOAD, 1, 0x7F),
    I32_ATOMIC_LOAD16_U(0xFE, 0x13, "i32.atomic.load16_u", Imm.MEMARG, Access.LOAD, 2, 0x7F),
    I64_ATOMIC_LOAD8_U(0xFE, 0x14, "i64.atomic.load8_u", Imm.MEMARG, Access.LOAD, 1, 0x7E),
    I64_ATOMIC_LOAD16_U(0xFE, 0x15, "i64.atomic.load16_u", Imm.MEMARG, Access.LOAD, 2, 0x7E),
    I64_ATOMIC_LOAD32_U(0xFE, 0x16, "i64.atomic.load32_u", Imm.MEMARG, Access.LOAD, 4, 0x7E),
    I32_ATOMIC_STORE(0xFE, 0x17, "i32.atomic.store", Imm.MEMARG, Access.STORE, 4, 0x7F),
    I64_ATOMIC_STORE(0xFE, 0x18, "i64.atomic.store", Imm.MEMARG, Access.STORE, 8, 0x7E),
    I32_ATOMIC_STORE8(0xFE, 0x19, "i32.atomic.store8", Imm.MEMARG, Access.STORE, 1, 0x7F),
    I32_ATOMIC_STORE16(0xFE, 0x1A, "i32.atomic.store16", Imm.MEMARG, Access.STORE, 2, 0x7F),
    I64_ATOMIC_STORE8(0xFE, 0x1B, "i64.atomic.store8", Imm.MEMARG, Access.STORE, 1, 0x7E),
    I64_ATOMIC_STORE16(0xFE, 0x1C, "i64.atomic.store16", Imm.MEMARG, Access.STORE, 2, 0x7E),
    I64_ATOMIC_STORE32(0xFE, 0x1D, "i64.atomic.store32", Imm.MEMARG, Access.STORE, 4, 0x7E),
    I32_ATOMIC_RMW_ADD(0xFE, 0x1E, "i32.atomic.rmw.add", Imm.MEMARG, Access.RMW, 4, 0x7F),
    I64_ATOMIC_RMW_ADD(0xFE, 0x1F, "i64.atomic.rmw.add", Imm.MEMARG, Access.RMW, 8, 0x7E),
    I32_ATOMIC_RMW8_ADD_U(0xFE, 0x20, "i32.atomic.rmw8.add_u", Imm.MEMARG, Access.RMW, 1, 0x7F),
    I32_ATOMIC_RMW16_ADD_U(0xFE, 0x21, "i32.atomic.rmw16.add_u", Imm.MEMARG, Access.RMW, 2, 0x7F),
    I64_ATOMIC_RMW8_ADD_U(0xFE, 0x22, "i64.atomic.rmw8.add_u", Imm.MEMARG, Access.RMW, 1, 0x7E),
    I64_ATOMIC_RMW16_ADD_U(0xFE, 0x23, "i64.atomic.rmw16.add_u", Imm.MEMARG, Access.RMW, 2, 0x7E),
    I64_ATOMIC_RMW32_ADD_U(0xFE, 0x24, "i64.atomic.rmw32.add_u", Imm.MEMARG, Access.RMW, 4, 0x7E),
    I32_ATOMIC_RMW_SUB(0xFE, 0x25, "i32.atomic.rmw.sub", Imm.MEMARG, Access.RMW, 4, 0x7F),
    I64_ATOMIC_RMW_SUB(0xFE, 0x26, "i64.atomic.rmw.sub", Imm.MEMARG, Access.RMW, 8, 0x7E),
    I32_ATOMIC_RMW8_SUB_U(0xFE, 0x27, "i32.atomic.rmw8.sub_u", Imm.MEMARG, Access.RMW, 1, 0x7F),
    I32_ATOMIC_RMW16_SUB_U(0xFE, 0x28, "i32.atomic.rmw16.sub_u", Imm.MEMARG, Access.RMW, 2, 0x7F),
    I64_ATOMIC_RMW8_SUB_U(0xFE, 0x29, "i64.atomic.rmw8.sub_u", Imm.MEMARG, Access.RMW, 1, 0x7E),
    I64_ATOMIC_RMW16_SUB_U(0xFE, 0x2A, "i64.atomic.rmw16.sub_u", Imm.MEMARG, Access.RMW, 2, 0x7E),
    I64_ATOMIC_RMW32_SUB_U(0xFE, 0x2B, "i64.atomic.rmw32.sub_u", Imm.MEMARG, Access.RMW, 4, 0x7E),
    I32_ATOMIC_RMW_AND(0xFE, 0x2C, "i32.atomic.rmw.and", Imm.MEMARG, Access.RMW, 4, 0x7F),
    I64_ATOMIC_RMW_AND(0xFE, 0x2D, "i64.atomic.rmw.and", Imm.MEMARG, Access.RMW, 8, 0x7E),
    I32_ATOMIC_RMW8_AND_U(0xFE, 0x2E, "i32.atomic.rmw8.and_u", Imm.MEMARG, Access.RMW, 1, 0x7F),
    I32_ATOMIC_RMW16_AND_U(0xFE, 0x2F, "i32.atomic.rmw16.and_u", Imm.MEMARG, Access.RMW, 2, 0x7F),
    I64_ATOMIC_RMW8_AND_U(0xFE, 0x30, "i64.atomic.rmw8.and_u", Imm.MEMARG, Access.RMW, 1, 0x7E),
    I64_ATOMIC_RMW16_AND_U(0xFE, 0x31, "i64.atomic.rmw16.and_u", Imm.MEMARG, Access.RMW, 2, 0x7E),
    I64_ATOMIC_RMW32_AND_U(0xFE, 0x32, "i64.atomic.rmw32.and_u", Imm.MEMARG, Access.RMW, 4, 0x7E),
    I32_ATOMIC_RMW_OR(0xFE, 0x33, "i32.atomic.rmw.or", Imm.MEMARG, Access.RMW, 4, 0x7F),
    I64_ATOMIC_RMW_OR(0xFE, 0x34, "i64.atomic.rmw.or", Imm.MEMARG, Access.RMW, 8, 0x7E),
    I32_ATOMIC_RMW8_OR_U(0xFE, 0x35, "i32.atomic.rmw8.or_u", Imm.MEMARG, Access.RMW, 1, 0x7F),
    I32_ATOMIC_RMW16_OR_U(0xFE, 0x36, "i32.atomic.rmw16.or_u", Imm.MEMARG, Access.RMW, 2, 0x7F),
    I64_ATOMIC_RMW8_OR_U(0xFE, 0x37, "i64.atomic.rmw8.or_u", Imm.MEMARG, Access.RMW, 1, 0x7E),
    I64_ATOMIC_RMW16_OR_U(0xFE, 0x38, "i64.atomic.rmw16.or_u", Imm.MEMARG, Access.RMW, 2, 0x7E),
    I64_ATOMIC_RMW32_OR_U(0xFE, 0x39, "i64.atomic.rmw32.or_u", Imm.MEMARG, Access.RMW, 4, 0x7E),
    I32_ATOMIC_RMW_XOR(0xFE, 0x3A, "i32.atomic.rmw.xor", Imm.MEMARG, Access.RMW, 4, 0x7F),
    I64_ATOMIC_RMW_XOR(0xFE, 0x3B, "i64.atomic.rmw.xor", Imm.MEMARG, Access.RMW, 8, 0x7E),
    I32_ATOMIC_RMW8_XOR_U(0xFE, 0x3C, "i32.atomic.rmw8.xor_u", Imm.MEMARG, Access.RMW, 1, 0x7F),
    I32_ATOMIC_RMW16_XOR_U(0xFE, 0x3D, "i32.atomic.rmw16.xor_u", Imm.MEMARG, Access.RMW, 2, 0x7F),
    I64_ATOMIC_RMW8_XOR_U(0xFE, 0x3E, "i64.atomic.rmw8.xor_u", Imm.MEMARG, Access.RMW, 1, 0x7E),
    I64_ATOMIC_RMW16_XOR_U(0xFE, 0x3F, "i64.atomic.rmw16.xor_u", Imm.MEMARG, Access.RMW, 2, 0x7E),
    I64_ATOMIC_RMW32_XOR_U(0xFE, 0x40, "i64.atomic.rmw32.xor_u", Imm.MEMARG, Access.RMW, 4, 0x7E),
    I32_ATOMIC_RMW_XCHG(0xFE, 0x41, "i32.atomic.rmw.xchg", Imm.MEMARG, Access.RMW, 4, 0x7F),
    I64_ATOMIC_RMW_XCHG(0xFE, 0x42, "i64.atomic.rmw.xchg", Imm.MEMARG, Access.RMW, 8, 0x7E),
    I32_ATOMIC_RMW8_XCHG_U(0xFE, 0x43, "i32.atomic.rmw8.xchg_u", Imm.MEMARG, Access.RMW, 1, 0x7F),
    I32_ATOMIC_RMW16_XCHG_U(0xFE, 0x44, "i32.atomic.rmw16.xchg_u", Imm.MEMARG, Access.RMW, 2, 0x7F),
    I64_ATOMIC_RMW8_XCHG_U(0xFE, 0x45, "i64.atomic.rmw8.xchg_u", Imm.MEMARG, Access.RMW, 1, 0x7E),
    I64_ATOMIC_RMW16_XCHG_U(0xFE, 0x46, "i64.atomic.rmw16.xchg_u", Imm.MEMARG, Access.RMW, 2, 0x7E),
    I64_ATOMIC_RMW32_XCHG_U(0xFE, 0x47, "i64.atomic.rmw32.xchg_u", Imm.MEMARG, Access.RMW, 4, 0x7E),
    I32_ATOMIC_RMW_CMPXCHG(0xFE, 0x48, "i32.atomic.rmw.cmpxchg", Imm.MEMARG, Access.RMW, 4, 0x7F),
    I64_ATOMIC_RMW_CMPXCHG(0xFE, 0x49, "i64.atomic.rmw.cmpxchg", Imm.MEMARG, Access.RMW, 8, 0x7E),
    I32_ATOMIC_RMW8_CMPXCHG_U(0xFE, 0x4A, "i32.atomic.rmw8.cmpxchg_u", Imm.MEMARG, Access.RMW, 1, 0x7F),
    I32_ATOMIC_RMW16_CMPXCHG_U(0xFE, 0x4B, "i32.atomic.rmw16.cmpxchg_u", Imm.MEMARG, Access.RMW, 2, 0x7F),
    I64_ATOMIC_RMW8_CMPXCHG_U(0xFE, 0x4C, "i64.atomic.rmw8.cmpxchg_u", Imm.MEMARG, Access.RMW, 1, 0x7E),
    I64_ATOMIC_RMW16_CMPXCHG_U(0xFE, 0x4D, "i64.atomic.rmw16.cmpxchg_u", Imm.MEMARG, Access.RMW, 2, 0x7E),
    I64_ATOMIC_RMW32_CMPXCHG_U(0xFE, 0x4E, "i64.atomic.rmw32.cmpxchg_u", Imm.MEMARG, Access.RMW, 4, 0x7E),

    // ==== prefix 0xFB: GC ====
    STRUCT_NEW(0xFB, 0, "struct.new", Imm.TYPE),
    STRUCT_NEW_DEFAULT(0xFB, 1, "struct.new_default", Imm.TYPE),
    STRUCT_GET(0xFB, 2, "struct.get", Imm.TYPE_FIELD),
    STRUCT_GET_S(0xFB, 3, "struct.get_s", Imm.TYPE_FIELD),
    STRUCT_GET_U(0xFB, 4, "struct.get_u", Imm.TYPE_FIELD),
    STRUCT_SET(0xFB, 5, "struct.set", Imm.TYPE_FIELD),
    ARRAY_NEW(0xFB, 6, "array.new", Imm.TYPE),
    ARRAY_NEW_DEFAULT(0xFB, 7, "array.new_default", Imm.TYPE),
    ARRAY_NEW_FIXED(0xFB, 8, "array.new_fixed", Imm.TYPE_COUNT),
    ARRAY_NEW_DATA(0xFB, 9, "array.new_data", Imm.TYPE_DATA),
    ARRAY_NEW_ELEM(0xFB, 10, "array.new_elem", Imm.TYPE_ELEM),
    ARRAY_GET(0xFB, 11, "array.get", Imm.TYPE),
    ARRAY_GET_S(0xFB, 12, "array.get_s", Imm.TYPE),
    ARRAY_GET_U(0xFB, 13, "array.get_u", Imm.TYPE),
    ARRAY_SET(0xFB, 14, "array.set", Imm.TYPE),
    ARRAY_LEN(0xFB, 15, "array.len", Imm.NONE),
    ARRAY_FILL(0xFB, 16, "array.fill", Imm.TYPE),
    ARRAY_COPY(0xFB, 17, "array.copy", Imm.TYPE_TYPE),
    ARRAY_INIT_DATA(0xFB, 18, "array.init_data", Imm.TYPE_DATA),
    ARRAY_INIT_ELEM(0xFB, 19, "array.init_elem", Imm.TYPE_ELEM),
    REF_TEST(0xFB, 20, "ref.test", Imm.HEAP_TYPE),
    REF_TEST_NULL(0xFB, 21, "ref.test null", Imm.HEAP_TYPE),
    REF_CAST(0xFB, 22, "ref.cast", Imm.HEAP_TYPE),
    REF_CAST_NULL(0xFB, 23, "ref.cast null", Imm.HEAP_TYPE),
    BR_ON_CAST(0xFB, 24, "br_on_cast", Imm.BR_ON_CAST),
    BR_ON_CAST_FAIL(0xFB, 25, "br_on_cast_fail", Imm.BR_ON_CAST),
    ANY_CONVERT_EXTERN(0xFB, 26, "any.convert_extern", Imm.NONE),
    EXTERN_CONVERT_ANY(0xFB, 27, "extern.convert_any", Imm.NONE),
    REF_I31(0xFB, 28, "ref.i31", Imm.NONE),
    I31_GET_S(0xFB, 29, "i31.get_s", Imm.NONE),
    I31_GET_U(0xFB, 30, "i31.get_u", Imm.NONE),
    ;

    /** Prefix byte of the misc (saturating truncation, bulk memory, table) instructions. */
    public static final int PREFIX_FC = 0xFC;
    /** Prefix byte of the SIMD instructions. */
    public static final int PREFIX_SIMD = 0xFD;
    /** Prefix byte of the threads (atomic) instructions. */
    public static final int PREFIX_ATOMIC = 0xFE;
    /** Prefix byte of the GC instructions. */
    public static final int PREFIX_GC = 0xFB;

    /** How an instruction touches linear memory through its memarg. */
    public enum Access {
        /** No memarg: the instruction does not address memory this way. */
        NONE,
        /** Reads memory only: plain, narrow, atomic and SIMD loads. */
        LOAD,
        /** Writes memory only: plain, narrow, atomic and SIMD stores. */
        STORE,
        /** Atomic read-modify-write, including cmpxchg. */
        RMW,
        /** {@code memory.atomic.wait32/64}. */
        WAIT,
        /** {@code memory.atomic.notify}. */
        NOTIFY
    }

    private static final Opcode[] SINGLE = new Opcode[256];
    private static final Opcode[] FC = newTable(PREFIX_FC);
    private static final Opcode[] SIMD = newTable(PREFIX_SIMD);
    private static final Opcode[] ATOMIC = newTable(PREFIX_ATOMIC);
    private static final Opcode[] GC = newTable(PREFIX_GC);

    static {
        for (Opcode op : values()) {
            Opcode[] table = tableFor(op.prefix);
            if (table[op.code] != null) {
                throw new IllegalStateException("duplicate opcode " + op + " and " + table[op.code]);
            }
            table[op.code] = op;
            boolean memarg = op.imm == Imm.MEMARG || op.imm == Imm.MEMARG_LANE;
            if (memarg != (op.access != Access.NONE)) {
                throw new IllegalStateException("memarg opcode without access kind, or the reverse: " + op);
            }
        }
    }

    private final int prefix;
    private final int code;
    private final String text;
    private final Imm imm;
    private final Access access;
    private final int accessBytes;
    private final int valueType;
    private final int naturalAlignLog2;

    Opcode(int prefix, int code, String text, Imm imm) {
        this(prefix, code, text, imm, Access.NONE, 0, 0);
    }

    Opcode(int prefix, int code, String text, Imm imm, Access access, int bytes, int valueType) {
        if (access != Access.NONE && Integer.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("access width must be a power of two: " + text);
        }
        this.prefix = prefix;
        this.code = code;
        this.text = text;
        this.imm = imm;
        this.access = access;
        this.accessBytes = bytes;
        this.valueType = valueType;
        this.naturalAlignLog2 = access == Access.NONE ? -1 : Integer.numberOfTrailingZeros(bytes);
    }

    /** The prefix byte, or 0 for a single-byte opcode. */
    public int prefix() {
        return prefix;
    }

    /** The opcode byte, or the u32 that follows the prefix. */
    public int code() {
        return code;
    }

    /** The name in the text format, e.g. {@code i32.load8_u}. */
    public String text() {
        return text;
    }

    /** The kind of immediate that follows the opcode. */
    public Imm imm() {
        return imm;
    }

    /** How the instruction accesses memory through its memarg; {@link Access#NONE} for all others. */
    public Access access() {
        return access;
    }

    /** Number of memory bytes accessed (e.g. 2 for {@code i64.load16_s}), or 0. */
    public int accessBytes() {
        return accessBytes;
    }

    /**
     * Value type byte (0x7F i32, 0x7E i64, 0x7D f32, 0x7C f64, 0x7B v128) of the result for
     * loads, rmw, wait and notify, or of the stored operand for stores; 0 for other opcodes.
     */
    public int valueType() {
        return valueType;
    }

    /** Log2 of {@link #accessBytes()}, the largest valid memarg alignment; -1 without access. */
    public int naturalAlignLog2() {
        return naturalAlignLog2;
    }

    /** The opcode for a single byte, or null when the byte is a prefix or unassigned. */
    public static Opcode single(int b) {
        return SINGLE[b & 0xFF];
    }

    /** The opcode for a prefix byte and the u32 after it, or null when unassigned. */
    public static Opcode prefixed(int prefix, long code) {
        Opcode[] table = tableFor(prefix);
        return code >= 0 && code < table.length ? table[(int) code] : null;
    }

    /** True when {@code b} is one of the prefix bytes 0xFB, 0xFC, 0xFD, 0xFE. */
    public static boolean isPrefix(int b) {
        return b == PREFIX_FC || b == PREFIX_SIMD || b == PREFIX_ATOMIC || b == PREFIX_GC;
    }

    private static Opcode[] newTable(int prefix) {
        int max = -1;
        for (Opcode op : values()) {
            if (op.prefix == prefix) {
                max = Math.max(max, op.code);
            }
        }
        return new Opcode[max + 1];
    }

    private static Opcode[] tableFor(int prefix) {
        switch (prefix) {
            case 0: return SINGLE;
            case PREFIX_FC: return FC;
            case PREFIX_SIMD: return SIMD;
            case PREFIX_ATOMIC: return ATOMIC;
            case PREFIX_GC: return GC;
            default: throw new IllegalArgumentException("not an opcode prefix: 0x" + Integer.toHexString(prefix));
        }
    }
}
