package dev.reprise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.Catch;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.SectionAppender;
import dev.reprise.wasm.TagType;
import dev.reprise.wasm.ValType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import run.endive.runtime.Instance;

/**
 * Wasm exceptions that go through a function too large for Endive's compiler (left to its
 * interpreter) and are caught in compiled code, as a replay of Emscripten's setjmp/longjmp does
 * through lua's interpreter loop: {@code big(n)} calls {@code catcher(n-1)} (which catches what
 * {@code big(n-1)} throws and answers 7) and adds 100, {@code big(0)} throws. {@code big(2)} is
 * 207 under node 24 and Endive's interpreter; Endive 1.0.0's compiler with interpreter fallback
 * answered 7 (it resumed in the wrong frame), so {@link Program} runs such modules interpreted.
 */
class ExceptionsAcrossInterpretedFunctionsTest {
    /** The module; {@code padding} additions make {@code big} too large to compile (20,000) or not (10). */
    static byte[] module(int padding) {
        ModuleReader reader = new ModuleReader(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        SectionAppender a = new SectionAppender(reader.summary());
        int unary = a.funcType(FuncType.of(List.of(ValType.I32), List.of(ValType.I32)));
        int none = a.funcType(FuncType.of(List.of(), List.of()));
        int answer = a.funcType(FuncType.of(List.of(), List.of(ValType.I32)));
        int tag = a.appendTag(new TagType(0, none));
        int thrower = 0;
        int big = 1;
        int catcher = 2;
        a.appendFunction(none, cv -> {
            cv.visitBodyStart();
            cv.visitIndexInsn(Opcode.THROW, tag);
            cv.visitEnd();
        });
        a.appendFunction(unary, cv -> {
            cv.visitLocals(1, ValType.I32);
            cv.visitBodyStart();
            cv.visitIndexInsn(Opcode.LOCAL_GET, 0);
            cv.visitInsn(Opcode.I32_EQZ);
            cv.visitBlock(Opcode.IF, BlockType.EMPTY);
            cv.visitIndexInsn(Opcode.CALL, thrower);
            cv.visitInsn(Opcode.END);
            cv.visitIndexInsn(Opcode.LOCAL_GET, 0);
            cv.visitI32Const(1);
            cv.visitInsn(Opcode.I32_SUB);
            cv.visitIndexInsn(Opcode.CALL, catcher);
            cv.visitIndexInsn(Opcode.LOCAL_SET, 1);
            for (int i = 0; i < padding; i++) {
                cv.visitIndexInsn(Opcode.LOCAL_GET, 1);
                cv.visitI32Const(1);
                cv.visitInsn(Opcode.I32_ADD);
                cv.visitIndexInsn(Opcode.LOCAL_SET, 1);
            }
            cv.visitIndexInsn(Opcode.LOCAL_GET, 1);
            cv.visitI32Const(100 - padding);
            cv.visitInsn(Opcode.I32_ADD);
            cv.visitEnd();
        });
        a.appendFunction(unary, cv -> {
            cv.visitBodyStart();
            cv.visitBlock(Opcode.BLOCK, BlockType.EMPTY);
            cv.visitTryTable(BlockType.EMPTY, new Catch[] {new Catch(Catch.CATCH, tag, 0)});
            cv.visitIndexInsn(Opcode.LOCAL_GET, 0);
            cv.visitIndexInsn(Opcode.CALL, big);
            cv.visitInsn(Opcode.RETURN);
            cv.visitInsn(Opcode.END);
            cv.visitInsn(Opcode.UNREACHABLE);
            cv.visitInsn(Opcode.END);
            cv.visitI32Const(7);
            cv.visitEnd();
        });
        int run = a.appendFunction(answer, cv -> {
            cv.visitBodyStart();
            cv.visitI32Const(2);
            cv.visitIndexInsn(Opcode.CALL, big);
            cv.visitEnd();
        });
        a.appendExport("run", ExternalKind.FUNCTION, run);
        ModuleWriter writer = new ModuleWriter();
        reader.accept(a.visitor(writer));
        return writer.toByteArray();
    }

    private static long run(byte[] wasm, Engine engine) {
        Program p = Program.of(wasm, "catch.wasm");
        Instance instance = Instance.builder(p.module()).withMachineFactory(p.machineFactory(engine)).build();
        return instance.export("run").apply()[0];
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anExceptionThroughAnInterpretedFunctionIsCaughtWhereItShouldBe(Engine engine) {
        assertEquals(207, run(module(20_000), engine));
    }

    @Test
    void smallFunctionsStillCompile() {
        assertEquals(207, run(module(10), Engine.COMPILER));
    }
}
