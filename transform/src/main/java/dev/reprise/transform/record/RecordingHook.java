package dev.reprise.transform.record;

import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * The host functions an instrumented module imports from module {@value #MODULE}, in the order
 * they are added. Every hook takes only {@code i32} and {@code i64} parameters and returns
 * nothing, so any host (JVM, JavaScript, a WASI runtime) can implement it without float or
 * vector conversions; floats arrive as their raw IEEE bits, v128 as two i64 lanes (low first).
 * Memory indices, global indices, table indices and function indices are those of the
 * <em>original</em> module. See {@link RecordingInstrumentation} for when each is called.
 */
public enum RecordingHook {
    /** {@code (exportIndex i32)}: the host called export number {@code exportIndex} (export section order). */
    EXPORT_ENTER("export_enter", "i32"),
    /** {@code (exportIndex i32)}: that export call returned normally (after its results were reported). */
    EXPORT_EXIT("export_exit", "i32"),
    /** {@code (funcIndex i32)}: the module calls imported function {@code funcIndex}. */
    IMPORT_ENTER("import_enter", "i32"),
    /** {@code (funcIndex i32)}: that import call returned (after its results were reported). */
    IMPORT_EXIT("import_exit", "i32"),
    /** {@code (value i32)}: one i32 argument or result. */
    VALUE_I32("value_i32", "i32"),
    /** {@code (value i64)}: one i64 argument or result. */
    VALUE_I64("value_i64", "i64"),
    /** {@code (bits i32)}: one f32 argument or result, as raw bits. */
    VALUE_F32("value_f32", "i32"),
    /** {@code (bits i64)}: one f64 argument or result, as raw bits. */
    VALUE_F64("value_f64", "i64"),
    /** {@code (low i64, high i64)}: one v128 argument or result. */
    VALUE_V128("value_v128", "i64", "i64"),
    /** {@code (isNull i32)}: one reference argument or result: 1 when null, else 0. */
    VALUE_REF("value_ref", "i32"),
    /** {@code (memory i32, address i64, value i32)}: one byte read. */
    READ_I8("read_i8", "i32", "i64", "i32"),
    /** {@code (memory i32, address i64, value i32)}: two bytes read (little-endian, zero-extended). */
    READ_I16("read_i16", "i32", "i64", "i32"),
    /** {@code (memory i32, address i64, value i32)}: four bytes read. */
    READ_I32("read_i32", "i32", "i64", "i32"),
    /** {@code (memory i32, address i64, value i64)}: eight bytes read. */
    READ_I64("read_i64", "i32", "i64", "i64"),
    /** {@code (memory i32, address i64, low i64, high i64)}: sixteen bytes read. */
    READ_V128("read_v128", "i32", "i64", "i64", "i64"),
    /** {@code (memory i32, address i64, length i64)}: full mode only: a {@code memory.copy} is about to read this range; the recorder reads the bytes. */
    READ_RANGE("read_range", "i32", "i64", "i64"),
    /** {@code (memory i32, pages i64)}: the size of a memory as the module observes it. */
    MEMORY_SIZE("memory_size", "i32", "i64"),
    /** {@code (table i32, index i64)}: {@code table.get} of a host-visible table; the recorder reads the entry. */
    TABLE_GET("table_get", "i32", "i64"),
    /** {@code (table i32, size i64)}: {@code table.size} of a host-visible table. */
    TABLE_SIZE("table_size", "i32", "i64"),
    /**
     * {@code (table i32, index i64, type i32)}: {@code call_indirect} of type {@code type} (the
     * original module's type index) through a host-visible table, before the call.
     */
    CALL_INDIRECT("call_indirect", "i32", "i64", "i32"),
    /** {@code (global i32, value i32)}: an i32 global the host can change was read. */
    GLOBAL_I32("global_i32", "i32", "i32"),
    /** {@code (global i32, value i64)}. */
    GLOBAL_I64("global_i64", "i32", "i64"),
    /** {@code (global i32, bits i32)}: an f32 global, raw bits. */
    GLOBAL_F32("global_f32", "i32", "i32"),
    /** {@code (global i32, bits i64)}: an f64 global, raw bits. */
    GLOBAL_F64("global_f64", "i32", "i64"),
    /** {@code (global i32, low i64, high i64)}: a v128 global. */
    GLOBAL_V128("global_v128", "i32", "i64", "i64"),
    /** {@code ()}: host mode only: the module's start function begins (the guest has control until {@code start_exit}). */
    START_ENTER("start_enter"),
    /** {@code ()}: host mode only: the start function returned. */
    START_EXIT("start_exit"),
    /**
     * {@code (exportIndex i32, v0..v7 i64)}: host mode: {@code export_enter} and the arguments in one
     * call (each value in {@link #VALUE_SLOTS} i64 slots as for its value hook, v128 in two, zero padded)
     * when they fit, else {@code export_enter} and {@code value_*}.
     */
    EXPORT_ENTER_VALUES("export_enter_values", "i32", "i64", "i64", "i64", "i64", "i64", "i64", "i64", "i64"),
    /** {@code (exportIndex i32, v0..v7 i64)}: host mode: the results and {@code export_exit} in one call. */
    EXPORT_EXIT_VALUES("export_exit_values", "i32", "i64", "i64", "i64", "i64", "i64", "i64", "i64", "i64"),
    /** {@code (funcIndex i32, v0..v7 i64)}: host mode: {@code import_enter} and the arguments in one call. */
    IMPORT_ENTER_VALUES("import_enter_values", "i32", "i64", "i64", "i64", "i64", "i64", "i64", "i64", "i64"),
    /** {@code (funcIndex i32, v0..v7 i64)}: host mode: the results and {@code import_exit} in one call. */
    IMPORT_EXIT_VALUES("import_exit_values", "i32", "i64", "i64", "i64", "i64", "i64", "i64", "i64", "i64");

    /** The i64 value slots of the {@code *_values} hooks. */
    public static final int VALUE_SLOTS = 8;

    /** The import module of every hook. */
    public static final String MODULE = "reprise_rec";

    private final String importName;
    private final FuncType type;

    RecordingHook(String importName, String... params) {
        this.importName = importName;
        List<ValType> p = new ArrayList<>();
        for (String s : params) {
            p.add(s.equals("i32") ? ValType.I32 : ValType.I64);
        }
        this.type = FuncType.of(p, List.of());
    }

    /**
     * Whether a module instrumented in {@code mode} imports this hook: host mode imports only the
     * boundary hooks (calls, values, start, and the combined {@code *_values} hooks), the other
     * modes everything but those host-mode hooks.
     */
    public boolean usedIn(RecordingMode mode) {
        boolean boundary = ordinal() <= VALUE_REF.ordinal();
        boolean hostOnly = ordinal() >= START_ENTER.ordinal();
        return mode == RecordingMode.HOST ? boundary || hostOnly : !hostOnly;
    }

    /** The import field name. */
    public String importName() {
        return importName;
    }

    /** The hook's function type (only i32/i64 parameters, no results). */
    public FuncType type() {
        return type;
    }

    /**
     * Emits a call of function {@code callee} of type {@code type}, with the emitting function's
     * own parameters as its arguments, reported as the shadow and full modes report an import
     * call: {@code import_enter(id)}, a value hook per argument, the call, a value hook per
     * result, {@code import_exit(id)}; the results stay on the stack. The emitting function must
     * declare one local per result right after its parameters; {@code hooks} gives each hook's
     * function index. For code that stands in for a host's function and must be recorded as the
     * host was (a replay re-recorded by {@code reprise verify}).
     */
    public static void emitReportedCall(CodeVisitor c, FuncType type, int id, int callee,
            java.util.function.ToIntFunction<RecordingHook> hooks) {
        List<ValType> params = type.params();
        List<ValType> results = type.results();
        c.visitI32Const(id);
        c.visitIndexInsn(Opcode.CALL, hooks.applyAsInt(IMPORT_ENTER));
        for (int i = 0; i < params.size(); i++) {
            Emit.pushForHook(c, i, params.get(i));
            c.visitIndexInsn(Opcode.CALL, hooks.applyAsInt(valueHook(params.get(i))));
        }
        for (int i = 0; i < params.size(); i++) {
            c.visitIndexInsn(Opcode.LOCAL_GET, i);
        }
        c.visitIndexInsn(Opcode.CALL, callee);
        int first = params.size();
        for (int j = results.size() - 1; j >= 0; j--) {
            c.visitIndexInsn(Opcode.LOCAL_SET, first + j);
        }
        for (int j = 0; j < results.size(); j++) {
            Emit.pushForHook(c, first + j, results.get(j));
            c.visitIndexInsn(Opcode.CALL, hooks.applyAsInt(valueHook(results.get(j))));
        }
        c.visitI32Const(id);
        c.visitIndexInsn(Opcode.CALL, hooks.applyAsInt(IMPORT_EXIT));
        for (int j = 0; j < results.size(); j++) {
            c.visitIndexInsn(Opcode.LOCAL_GET, first + j);
        }
    }

    /** The value hook for an argument or result of type {@code t}. */
    static RecordingHook valueHook(ValType t) {
        switch (t.code()) {
            case ValType.I32_CODE: return VALUE_I32;
            case ValType.I64_CODE: return VALUE_I64;
            case ValType.F32_CODE: return VALUE_F32;
            case ValType.F64_CODE: return VALUE_F64;
            case ValType.V128_CODE: return VALUE_V128;
            default: return VALUE_REF;
        }
    }

    /** The global hook for a global of numeric or vector type {@code t}. */
    static RecordingHook globalHook(ValType t) {
        switch (t.code()) {
            case ValType.I32_CODE: return GLOBAL_I32;
            case ValType.I64_CODE: return GLOBAL_I64;
            case ValType.F32_CODE: return GLOBAL_F32;
            case ValType.F64_CODE: return GLOBAL_F64;
            case ValType.V128_CODE: return GLOBAL_V128;
            default: throw new IllegalArgumentException("no global hook for " + t);
        }
    }

    /** The read hook for an access of {@code bytes} bytes. */
    static RecordingHook readHook(int bytes) {
        switch (bytes) {
            case 1: return READ_I8;
            case 2: return READ_I16;
            case 4: return READ_I32;
            case 8: return READ_I64;
            case 16: return READ_V128;
            default: throw new IllegalArgumentException("no read hook for " + bytes + " bytes");
        }
    }
}
