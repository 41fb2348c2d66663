package dev.reprise.reduce;

import java.util.List;

/**
 * A thread of the recorded run besides the main one ({@code tid} >= 1), and the replay of each
 * import it called, counted per thread (thread 0's calls are the {@link ReducedTrace#imports()}).
 * Either a thread the run spawned: who spawned it ({@code parent}) with which start argument, and
 * the host's call of its {@code wasi_thread_start} (with the effects before it; null when the
 * thread never started before the run ended); or a thread the host started itself in a realm of
 * its own ({@code parent} -1: a worker thread instantiating the module on its shared memory), with
 * the top-level export calls the host made on it, in order ({@code calls}).
 */
public record ThreadReplay(int tid, int parent, int arg, ExportInvoke start, List<ImportReplay> imports,
        List<ExportInvoke> calls) {
    /** Copies the lists; checks the ids. */
    public ThreadReplay {
        if (tid < 1 || parent < -1 || parent == -1 && start != null) {
            throw new IllegalArgumentException("thread " + tid + " spawned by " + parent);
        }
        imports = List.copyOf(imports);
        calls = List.copyOf(calls);
        if (parent >= 0 && !calls.isEmpty()) {
            throw new IllegalArgumentException("spawned thread " + tid + " runs its start, not calls of the host");
        }
    }

    /** A spawned thread. */
    public ThreadReplay(int tid, int parent, int arg, ExportInvoke start, List<ImportReplay> imports) {
        this(tid, parent, arg, start, imports, List.of());
    }

    /** A thread of a realm of its own, which the host called {@code calls} on. */
    public static ThreadReplay ofRealm(int tid, List<ImportReplay> imports, List<ExportInvoke> calls) {
        return new ThreadReplay(tid, -1, 0, null, imports, calls);
    }

    /** Whether the host started this thread in a realm of its own (not spawned by the module). */
    public boolean realm() {
        return parent == -1;
    }

    /** The replay of imported function {@code funcIndex} in this thread, or null when it never calls it. */
    public ImportReplay importReplay(int funcIndex) {
        for (ImportReplay r : imports) {
            if (r.funcIndex() == funcIndex) {
                return r;
            }
        }
        return null;
    }
}
