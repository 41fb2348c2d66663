package dev.reprise.wasm;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Small helpers tests share: identity copy, forced re-encode, full visit, dump. */
final class Modules {
    private Modules() {
    }

    static byte[] copy(byte[] bytes) {
        ModuleReader r = new ModuleReader(bytes);
        ModuleWriter w = new ModuleWriter(r);
        r.accept(w);
        return w.toByteArray();
    }

    static byte[] reencode(byte[] bytes) {
        ModuleReader r = new ModuleReader(bytes);
        ModuleWriter w = new ModuleWriter();
        r.accept(w);
        return w.toByteArray();
    }

    /** Visits every entry and every instruction, discarding them. */
    static void visitAll(byte[] bytes) {
        new ModuleReader(bytes).accept(new ModuleVisitor() {
            @Override
            public CodeVisitor visitCode(int functionIndex) {
                return new CodeVisitor() {
                };
            }
        });
    }

    static String dump(byte[] bytes) {
        StringWriter s = new StringWriter();
        new ModuleReader(bytes).accept(new ModulePrinter(new PrintWriter(s)));
        return s.toString();
    }
}
