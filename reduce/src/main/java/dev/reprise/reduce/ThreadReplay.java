package dev.reprise.reduce;

import java.util.List;

/**
 * A thread the recorded run spawned ({@code tid} >= 1): who spawned it with which start
 * argument, the host's call of its {@code wasi_thread_start} (with the effects before it; null
 * when the thread never started before the run ended) and the replay of each import it called,
 * counted per thread. Thread 0's calls are the {@link ReducedTrace#imports()}.
 */
public record ThreadReplay(int tid, int parent, int arg, ExportInvoke start, List<ImportReplay> imports) {
    /** Copies the imports; checks the ids. */
    public ThreadReplay {
        if (tid < 1 || parent < 0) {
            throw new IllegalArgumentException("thread " + tid + " spawned by " + parent);
        }
        imports = List.copyOf(imports);
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
