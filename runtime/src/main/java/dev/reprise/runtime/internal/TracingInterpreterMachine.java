package dev.reprise.runtime.internal;

import dev.reprise.runtime.GuestExitException;
import dev.reprise.runtime.GuestTrapException;
import dev.reprise.runtime.SandboxException;
import dev.reprise.runtime.sched.ThreadTerminated;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import run.endive.runtime.Instance;
import run.endive.runtime.InterpreterMachine;
import run.endive.runtime.MStack;
import run.endive.runtime.StackFrame;
import run.endive.wasm.types.FunctionType;

/**
 * Endive's interpreter, keeping the wasm call stack (function indices) so that a trap can be
 * reported with its guest stack: the trap is rethrown as a {@link GuestTrapException} carrying
 * the function names, innermost first. Sandbox control exceptions pass through untouched.
 */
public final class TracingInterpreterMachine extends InterpreterMachine {
    private final Instance instance;
    private int[] frames = new int[64];
    private int depth;

    public TracingInterpreterMachine(Instance instance) {
        super(instance);
        this.instance = instance;
    }

    @Override
    protected long[] call(MStack stack, Instance inst, Deque<StackFrame> callStack, int funcId, long[] args,
            Object[] refArgs, FunctionType type, boolean popParams) {
        if (depth == frames.length) {
            frames = java.util.Arrays.copyOf(frames, depth * 2);
        }
        frames[depth++] = funcId;
        try {
            return super.call(stack, inst, callStack, funcId, args, refArgs, type, popParams);
        } catch (GuestExitException | ThreadTerminated | GuestTrapException e) {
            throw e;
        } catch (SandboxException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw trap(e);
        } finally {
            depth--;
        }
    }

    private GuestTrapException trap(Throwable e) {
        List<String> names = new ArrayList<>();
        for (int i = depth - 1; i >= 0; i--) {
            names.add(GuestStacks.nameOf(instance.module(), frames[i]));
        }
        String message = e instanceof StackOverflowError ? "call stack exhausted"
                : e.getMessage() == null || e.getMessage().isEmpty() ? e.getClass().getSimpleName() : e.getMessage();
        return new GuestTrapException(message, GuestStacks.collapse(names), e);
    }
}
