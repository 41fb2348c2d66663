package dev.reprise.record.host;

import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.Import;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.ValType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import run.endive.runtime.HostFunction;

/**
 * Host-mode recording of import calls in the host functions themselves, when the recorder
 * provides them (reprise's WASI sandbox): the module calls its imports directly, with no wrapper
 * and no hook call on either side, and each host function is wrapped in Java to report the call,
 * its arguments, the host's turn and the results to the {@link HookRecorder} exactly as the
 * in-module wrapper's {@code import_enter_values}/{@code import_exit_values} would. Calls through
 * tables and references reach the same wrapper.
 *
 * <p>An import is captured when its signature is numeric (i32, i64, f32, f64: the engine's raw
 * slots carry the bits) and no other import of the module has the same module and name (a host
 * function cannot tell which of two such imports was called); the others keep their in-module
 * wrapper.
 *
 * <pre>
 * before (in-module): guest -> $wrap_clock_time_get -> import_enter_values -> clock_time_get -> import_exit_values
 * after:              guest -> clock_time_get wrapped in Java (ImportCall, the call, host writes, ImportReturn)
 * </pre>
 */
final class CapturedImports {
    /** Per function import of the original module: whether it is captured. */
    private final boolean[] captured;
    /** "module\0name" of each captured import, to its import index. */
    private final Map<String, Integer> byName = new HashMap<>();

    CapturedImports(ModuleSummary original) {
        List<Import> functions = new ArrayList<>();
        for (Import i : original.imports()) {
            if (i.kind() == ExternalKind.FUNCTION) {
                functions.add(i);
            }
        }
        captured = new boolean[functions.size()];
        Map<String, Integer> seen = new HashMap<>();
        for (int k = 0; k < functions.size(); k++) {
            seen.merge(key(functions.get(k).module(), functions.get(k).name()), 1, Integer::sum);
        }
        for (int k = 0; k < functions.size(); k++) {
            String key = key(functions.get(k).module(), functions.get(k).name());
            if (seen.get(key) == 1 && numeric(original.functionType(k))) {
                captured[k] = true;
                byName.put(key, k);
            }
        }
    }

    /** Whether calls of function import {@code index} are captured in the host function. */
    boolean captured(int index) {
        return index >= 0 && index < captured.length && captured[index];
    }

    /** {@code functions} with each one that serves a captured import wrapped to report to {@code recorder}. */
    List<HostFunction> wrap(List<HostFunction> functions, HookRecorder recorder) {
        List<HostFunction> out = new ArrayList<>(functions.size());
        for (HostFunction f : functions) {
            Integer index = byName.get(key(f.module(), f.name()));
            out.add(index == null ? f : wrap(f, index, recorder));
        }
        return out;
    }

    private static HostFunction wrap(HostFunction f, int index, HookRecorder recorder) {
        run.endive.runtime.WasmFunctionHandle body = f.handle();
        return new HostFunction(f.module(), f.name(), f.functionType(), (inst, args) -> {
            recorder.importCalled(inst, index, args);
            long[] results = body.apply(inst, args);
            recorder.importReturned(inst, results);
            return results;
        });
    }

    private static boolean numeric(FuncType t) {
        for (ValType v : t.params()) {
            if (!numeric(v)) {
                return false;
            }
        }
        for (ValType v : t.results()) {
            if (!numeric(v)) {
                return false;
            }
        }
        return true;
    }

    private static boolean numeric(ValType v) {
        int c = v.code();
        return c == ValType.I32_CODE || c == ValType.I64_CODE || c == ValType.F32_CODE || c == ValType.F64_CODE;
    }

    private static String key(String module, String name) {
        return module + '\0' + name;
    }
}
