package dev.reprise.wasm;

import java.io.PrintWriter;

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

    /** SHA-256 of the module's text dump, streamed (large modules dump to gigabytes of text). */
    static String dump(byte[] bytes) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            java.io.OutputStream sink = new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), md);
            PrintWriter out = new PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(sink, java.nio.charset.StandardCharsets.UTF_8), 1 << 16));
            new ModuleReader(bytes).accept(new ModulePrinter(out));
            out.flush();
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
