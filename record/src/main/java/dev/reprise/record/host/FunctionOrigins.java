package dev.reprise.record.host;

import dev.reprise.wasm.ElementSegment;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleVisitor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Maps the function indices of a RUNNING module (the instrumented module, or a replay of it)
 * back to those of the ORIGINAL module, for function references a recorder reads out of tables:
 * the element segments of both, which list the same functions in the same order (the
 * instrumentation sends a segment's imports to their wrappers), are zipped. Indices no segment
 * names pass through unchanged.
 */
public final class FunctionOrigins {
    private FunctionOrigins() {
    }

    static IntUnaryOperator of(byte[] original, byte[] running) {
        Map<Integer, Integer> origin = map(original, running);
        return r -> origin.getOrDefault(r, r);
    }

    /** Running index to original index, for the functions element segments name. */
    public static Map<Integer, Integer> map(byte[] original, byte[] running) {
        List<int[]> a = segments(original);
        List<int[]> b = segments(running);
        Map<Integer, Integer> origin = new HashMap<>();
        for (int s = 0; s < Math.min(a.size(), b.size()); s++) {
            int[] x = a.get(s);
            int[] y = b.get(s);
            if (x == null || y == null || x.length != y.length) {
                continue;
            }
            for (int i = 0; i < x.length; i++) {
                origin.putIfAbsent(y[i], x[i]);
            }
        }
        return origin;
    }

    private static List<int[]> segments(byte[] module) {
        List<int[]> out = new ArrayList<>();
        new ModuleReader(module).accept(new ModuleVisitor(null) {
            @Override
            public void visitElement(ElementSegment segment) {
                out.add(segment.functions());
            }
        });
        return out;
    }
}
