package dev.reprise.runtime.wasi;

import dev.reprise.runtime.DirMapping;
import dev.reprise.runtime.HostWriteBackException;
import dev.reprise.runtime.SandboxException;
import dev.reprise.runtime.RandomSource;
import dev.reprise.runtime.SeededRandom;
import dev.reprise.runtime.StdinSource;
import dev.reprise.runtime.VirtualClock;
import dev.reprise.runtime.fs.DirNode;
import dev.reprise.runtime.fs.FsException;
import dev.reprise.runtime.fs.HostMirror;
import dev.reprise.runtime.fs.VirtualFileSystem;
import dev.reprise.runtime.sched.Scheduler;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.Map;
import run.endive.runtime.HostFunction;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;

/**
 * All 46 {@code wasi_snapshot_preview1} functions as Endive host functions, implemented over
 * the virtual clock, the seeded random stream, the in-memory file system and the scheduler.
 * Nothing here reads the host clock, the host environment or host files (preopens are copied
 * in by {@link HostMirror} before the run and written back only for read-write mappings).
 *
 * <p>Descriptors: 0 stdin, 1 stdout, 2 stderr, then one per {@link DirMapping} from 3.
 */
public final class WasiPreview1Host {
    /** The import module name. */
    public static final String MODULE = "wasi_snapshot_preview1";

    private record Preopen(DirMapping mapping, DirNode root) {}

    private final WasiState state;
    private final WasiBasics basics;
    private final WasiFdOps fd;
    private final WasiPathOps path;
    private final List<Preopen> preopens = new ArrayList<>();

    /**
     * @param args argv including argv[0]
     * @param env the environment, in order
     */
    public WasiPreview1Host(List<String> args, Map<String, String> env, List<DirMapping> dirs, StdinSource stdin,
            OutputStream stdout, OutputStream stderr, long seed, VirtualClock clock, Scheduler scheduler) {
        this(args, env, dirs, stdin, stdout, stderr, new SeededRandom(seed), clock, scheduler);
    }

    /**
     * @param args argv including argv[0]
     * @param env the environment, in order
     * @param random where {@code random_get} takes its bytes from
     */
    public WasiPreview1Host(List<String> args, Map<String, String> env, List<DirMapping> dirs, StdinSource stdin,
            OutputStream stdout, OutputStream stderr, RandomSource random, VirtualClock clock, Scheduler scheduler) {
        List<byte[]> argBytes = new ArrayList<>();
        for (String a : args) {
            argBytes.add(a.getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> envBytes = new ArrayList<>();
        env.forEach((k, v) -> envBytes.add((k + "=" + v).getBytes(StandardCharsets.UTF_8)));
        VirtualFileSystem fs = new VirtualFileSystem(clock::realtimeNanos);
        this.state = new WasiState(argBytes, envBytes, clock, random, fs, scheduler);
        this.basics = new WasiBasics(state);
        this.fd = new WasiFdOps(state);
        this.path = new WasiPathOps(state, fd);
        state.fds.put(0, new Descriptor.Stdin(stdin.data(), stdin.blockAtEnd()));
        state.fds.put(1, new Descriptor.Output(stdout));
        state.fds.put(2, new Descriptor.Output(stderr));
        for (DirMapping d : dirs) {
            DirNode root;
            try {
                root = HostMirror.importTree(fs, d.host());
            } catch (java.io.UncheckedIOException e) {
                throw new SandboxException("cannot preopen " + d.guest() + "=" + d.host() + ": "
                        + e.getCause().getMessage(), e);
            }
            preopens.add(new Preopen(d, root));
            state.fds.add(new Descriptor.Directory(root, root, d.guest(), Rights.DIRECTORY, Rights.ALL));
        }
    }

    /** The virtual file system (for inspection in tests and tools). */
    public VirtualFileSystem fileSystem() {
        return state.fs;
    }

    /** The root of the tree preopened as {@code guestName}, or null. */
    public DirNode preopenRoot(String guestName) {
        for (Preopen p : preopens) {
            if (p.mapping.guest().equals(guestName)) {
                return p.root;
            }
        }
        return null;
    }

    /** Writes every read-write preopen back to its host directory. */
    public void writeBack() {
        for (Preopen p : preopens) {
            if (p.mapping.readWrite()) {
                try {
                    HostMirror.writeBack(p.root, p.mapping.host());
                } catch (java.io.UncheckedIOException e) {
                    throw new HostWriteBackException("cannot write " + p.mapping.guest() + " back to "
                            + p.mapping.host() + ": " + HostMirror.reason(e.getCause()), e);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Impl {
        int call(Memory m, long[] a);
    }

    /** Module of the scheduling twins that multi-threaded replays import. */
    public static final String REPLAY_MODULE = "reprise";

    private static final ValType I = ValType.I32;
    private static final ValType L = ValType.I64;

    /** How the functions see the instance's memory (a recorder's view notes their writes). */
    private UnaryOperator<Memory> memoryView = UnaryOperator.identity();

    /**
     * Makes every function read and write the instance's memory through {@code view} (applied to
     * the instance's memory at each call; cache the view). Call before {@link #hostFunctions}.
     */
    public WasiPreview1Host memoryView(UnaryOperator<Memory> view) {
        this.memoryView = view;
        return this;
    }

    private HostFunction fn(String name, ValType[] params, Impl impl) {
        FunctionType type = FunctionType.of(params, new ValType[] {ValType.I32});
        UnaryOperator<Memory> view = memoryView;
        return new HostFunction(MODULE, name, type, (Instance inst, long... a) -> {
            int r;
            try {
                r = impl.call(view.apply(inst.memory()), a);
            } catch (WasiException e) {
                r = e.errno.value();
            } catch (FsException e) {
                r = Errno.of(e.error()).value();
            }
            return new long[] {r};
        });
    }

    private static ValType[] p(ValType... t) {
        return t;
    }

    private static int i(long v) {
        return (int) v;
    }

    /** The 46 host functions. */
    public List<HostFunction> hostFunctions() {
        List<HostFunction> f = new ArrayList<>();
        f.add(fn("args_get", p(I, I), (m, a) -> basics.argsGet(m, i(a[0]), i(a[1]))));
        f.add(fn("args_sizes_get", p(I, I), (m, a) -> basics.argsSizesGet(m, i(a[0]), i(a[1]))));
        f.add(fn("environ_get", p(I, I), (m, a) -> basics.environGet(m, i(a[0]), i(a[1]))));
        f.add(fn("environ_sizes_get", p(I, I), (m, a) -> basics.environSizesGet(m, i(a[0]), i(a[1]))));
        f.add(fn("clock_res_get", p(I, I), (m, a) -> basics.clockResGet(m, i(a[0]), i(a[1]))));
        f.add(fn("clock_time_get", p(I, L, I), (m, a) -> basics.clockTimeGet(m, i(a[0]), a[1], i(a[2]))));
        f.add(fn("fd_advise", p(I, L, L, I), (m, a) -> fd.advise(i(a[0]), a[1], a[2], i(a[3]))));
        f.add(fn("fd_allocate", p(I, L, L), (m, a) -> fd.allocate(i(a[0]), a[1], a[2])));
        f.add(fn("fd_close", p(I), (m, a) -> fd.close(i(a[0]))));
        f.add(fn("fd_datasync", p(I), (m, a) -> fd.sync(i(a[0]))));
        f.add(fn("fd_fdstat_get", p(I, I), (m, a) -> fd.fdstatGet(m, i(a[0]), i(a[1]))));
        f.add(fn("fd_fdstat_set_flags", p(I, I), (m, a) -> fd.fdstatSetFlags(i(a[0]), i(a[1]))));
        f.add(fn("fd_fdstat_set_rights", p(I, L, L), (m, a) -> fd.fdstatSetRights(i(a[0]), a[1], a[2])));
        f.add(fn("fd_filestat_get", p(I, I), (m, a) -> fd.filestatGet(m, i(a[0]), i(a[1]))));
        f.add(fn("fd_filestat_set_size", p(I, L), (m, a) -> fd.filestatSetSize(i(a[0]), a[1])));
        f.add(fn("fd_filestat_set_times", p(I, L, L, I),
                (m, a) -> fd.filestatSetTimes(i(a[0]), a[1], a[2], i(a[3]))));
        f.add(fn("fd_pread", p(I, I, I, L, I), (m, a) -> fd.pread(m, i(a[0]), i(a[1]), i(a[2]), a[3], i(a[4]))));
        f.add(fn("fd_prestat_get", p(I, I), (m, a) -> fd.prestatGet(m, i(a[0]), i(a[1]))));
        f.add(fn("fd_prestat_dir_name", p(I, I, I), (m, a) -> fd.prestatDirName(m, i(a[0]), i(a[1]), i(a[2]))));
        f.add(fn("fd_pwrite", p(I, I, I, L, I), (m, a) -> fd.pwrite(m, i(a[0]), i(a[1]), i(a[2]), a[3], i(a[4]))));
        f.add(fn("fd_read", p(I, I, I, I), (m, a) -> fd.read(m, i(a[0]), i(a[1]), i(a[2]), i(a[3]))));
        f.add(fn("fd_readdir", p(I, I, I, L, I),
                (m, a) -> fd.readdir(m, i(a[0]), i(a[1]), i(a[2]), a[3], i(a[4]))));
        f.add(fn("fd_renumber", p(I, I), (m, a) -> fd.renumber(i(a[0]), i(a[1]))));
        f.add(fn("fd_seek", p(I, L, I, I), (m, a) -> fd.seek(m, i(a[0]), a[1], i(a[2]), i(a[3]))));
        f.add(fn("fd_sync", p(I), (m, a) -> fd.sync(i(a[0]))));
        f.add(fn("fd_tell", p(I, I), (m, a) -> fd.tell(m, i(a[0]), i(a[1]))));
        f.add(fn("fd_write", p(I, I, I, I), (m, a) -> fd.write(m, i(a[0]), i(a[1]), i(a[2]), i(a[3]))));
        f.add(fn("path_create_directory", p(I, I, I),
                (m, a) -> path.createDirectory(m, i(a[0]), i(a[1]), i(a[2]))));
        f.add(fn("path_filestat_get", p(I, I, I, I, I),
                (m, a) -> path.filestatGet(m, i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]))));
        f.add(fn("path_filestat_set_times", p(I, I, I, I, L, L, I),
                (m, a) -> path.filestatSetTimes(m, i(a[0]), i(a[1]), i(a[2]), i(a[3]), a[4], a[5], i(a[6]))));
        f.add(fn("path_link", p(I, I, I, I, I, I, I),
                (m, a) -> path.link(m, i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]), i(a[5]), i(a[6]))));
        f.add(fn("path_open", p(I, I, I, I, I, L, L, I, I),
                (m, a) -> path.open(m, i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]), a[5], a[6], i(a[7]), i(a[8]))));
        f.add(fn("path_readlink", p(I, I, I, I, I, I),
                (m, a) -> path.readlink(m, i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]), i(a[5]))));
        f.add(fn("path_remove_directory", p(I, I, I),
                (m, a) -> path.removeDirectory(m, i(a[0]), i(a[1]), i(a[2]))));
        f.add(fn("path_rename", p(I, I, I, I, I, I),
                (m, a) -> path.rename(m, i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]), i(a[5]))));
        f.add(fn("path_symlink", p(I, I, I, I, I),
                (m, a) -> path.symlink(m, i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]))));
        f.add(fn("path_unlink_file", p(I, I, I), (m, a) -> path.unlinkFile(m, i(a[0]), i(a[1]), i(a[2]))));
        f.add(fn("poll_oneoff", p(I, I, I, I), (m, a) -> basics.pollOneoff(m, i(a[0]), i(a[1]), i(a[2]), i(a[3]))));
        f.add(new HostFunction(MODULE, "proc_exit", FunctionType.of(new ValType[] {I}, new ValType[0]),
                (Instance inst, long... a) -> {
                    basics.procExit(i(a[0]));
                    return null;
                }));
        f.add(fn("proc_raise", p(I), (m, a) -> basics.procRaise(i(a[0]))));
        // the output of fd_write alone (fd 1 and 2), for multi-threaded replays: they print what the recorded run printed
        f.add(new HostFunction(REPLAY_MODULE, "replay.output", FunctionType.of(new ValType[] {I, I, I}, new ValType[0]),
                (Instance inst, long... a) -> {
                    fd.replayOutput(memoryView.apply(inst.memory()), i(a[0]), i(a[1]), i(a[2]));
                    return null;
                }));
        // the scheduling part of poll_oneoff alone, for multi-threaded replays (see WasiBasics.pollOneoffWaitOnly)
        f.add(new HostFunction(REPLAY_MODULE, "replay.poll_oneoff", FunctionType.of(new ValType[] {I, I}, new ValType[0]),
                (Instance inst, long... a) -> {
                    try {
                        basics.pollOneoffWaitOnly(memoryView.apply(inst.memory()), i(a[0]), i(a[1]));
                    } catch (WasiException | FsException e) {
                        // the recorded call failed the same way; its result comes from the recording
                    }
                    return null;
                }));
        f.add(fn("sched_yield", p(), (m, a) -> basics.schedYield()));
        f.add(fn("random_get", p(I, I), (m, a) -> basics.randomGet(m, i(a[0]), i(a[1]))));
        f.add(fn("sock_accept", p(I, I, I), (m, a) -> basics.sock(i(a[0]))));
        f.add(fn("sock_recv", p(I, I, I, I, I, I), (m, a) -> basics.sock(i(a[0]))));
        f.add(fn("sock_send", p(I, I, I, I, I), (m, a) -> basics.sock(i(a[0]))));
        f.add(fn("sock_shutdown", p(I, I), (m, a) -> basics.sock(i(a[0]))));
        return f;
    }
}
