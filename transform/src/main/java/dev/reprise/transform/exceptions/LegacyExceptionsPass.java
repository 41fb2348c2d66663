package dev.reprise.transform.exceptions;

import dev.reprise.transform.Pass;
import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.SectionAppender;
import java.util.Map;

/**
 * Translates legacy exception handling ({@code try}, {@code catch}, {@code catch_all},
 * {@code rethrow}, {@code delegate}: what Emscripten and LLVM emit for C++ exceptions) into the
 * standardised form ({@code try_table}, {@code throw_ref}, exnref), which engines without the
 * legacy opcodes, Endive among them, run. Each try becomes a {@code try_table} whose clauses
 * branch, with the exnref, to a block per handler; the handler keeps the exnref in a local for
 * its {@code rethrow}s. Behaviour is unchanged: the same handlers catch the same exceptions.
 *
 * <pre>
 * before:  (try (result i32)                  after:  (block $outer (result i32)
 *            BODY                                       (block $all (result exnref)
 *          (catch $e  ;; [i32]                            (block $e (result i32 exnref)
 *            H1)                                            (try_table (result i32) (catch_ref $e $e) (catch_all_ref $all)
 *          (catch_all                                         BODY)
 *            H2 (rethrow 0)))                               (br $outer))
 *                                                          (local.set $exn) H1 (br $outer))
 *                                                        (local.set $exn) H2 (throw_ref (local.get $exn)))
 * </pre>
 *
 * A {@code try ... delegate L} becomes a {@code try_table} catching everything into a block that
 * branches, with the exnref, to a block inside the body of the try that L leads to, whose
 * {@code throw_ref} is then caught by that try's clauses; a delegate to the caller branches to a
 * block around the whole body that throws again from there. Functions without legacy trys are
 * copied through, and a module without any comes back byte for byte.
 */
public final class LegacyExceptionsPass implements Pass {
    @Override
    public String name() {
        return "exnref";
    }

    @Override
    public String description() {
        return "translate legacy exception handling (try, catch, rethrow, delegate) to try_table and exnref";
    }

    @Override
    public byte[] apply(byte[] module) {
        ModuleReader reader = new ModuleReader(module);
        ModuleSummary summary = reader.summary();
        LegacyTryScanner scan = new LegacyTryScanner();
        reader.accept(scan);
        Map<Integer, FunctionTrys> functions = scan.functions();
        if (functions.isEmpty()) {
            return module;
        }
        SectionAppender appender = new SectionAppender(summary);
        WrapperTypes types = new WrapperTypes(summary, appender);
        functions.forEach((index, trys) -> {
            types.prepare(trys);
            if (trys.delegatesToCaller) {
                types.results(summary.functionType(index).results());
            }
        });
        types.seal();
        ModuleWriter writer = new ModuleWriter();
        reader.accept(appender.visitor(new ModuleVisitor(writer) {
            @Override
            public CodeVisitor visitCode(int functionIndex) {
                CodeVisitor next = super.visitCode(functionIndex);
                FunctionTrys trys = functions.get(functionIndex);
                if (trys == null) {
                    return next;
                }
                FuncType type = summary.functionType(functionIndex);
                BlockType results = trys.delegatesToCaller ? types.results(type.results()) : BlockType.EMPTY;
                return new LegacyTryRewriter(next, trys, types, type.params().size(), results);
            }
        }));
        return writer.toByteArray();
    }
}
