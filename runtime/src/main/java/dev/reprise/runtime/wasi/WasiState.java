package dev.reprise.runtime.wasi;

import dev.reprise.runtime.RandomSource;
import dev.reprise.runtime.VirtualClock;
import dev.reprise.runtime.fs.FileType;
import dev.reprise.runtime.fs.Node;
import dev.reprise.runtime.fs.VirtualFileSystem;
import dev.reprise.runtime.sched.Scheduler;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;
import run.endive.runtime.Memory;

/** Everything the WASI functions of one run share: args, env, clock, random, fds, fs, scheduler. */
final class WasiState {
    final List<byte[]> args;
    final List<byte[]> env;
    final VirtualClock clock;
    final RandomSource random;
    final VirtualFileSystem fs;
    final FdTable fds = new FdTable();
    final Scheduler scheduler;

    WasiState(List<byte[]> args, List<byte[]> env, VirtualClock clock, RandomSource random,
            VirtualFileSystem fs, Scheduler scheduler) {
        this.args = args;
        this.env = env;
        this.clock = clock;
        this.random = random;
        this.fs = fs;
        this.scheduler = scheduler;
    }

    /** Reads a UTF-8 string of {@code len} bytes at {@code ptr}. */
    static String readString(Memory m, int ptr, int len) {
        byte[] b = m.readBytes(ptr, len);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new WasiException(Errno.ILSEQ, "path is not valid UTF-8");
        }
    }

    /** Writes a 64-byte {@code filestat} for {@code node} at {@code ptr}. */
    static void writeFilestat(Memory m, int ptr, Node node) {
        m.writeLong(ptr, VirtualFileSystem.DEVICE_ID);
        m.writeLong(ptr + 8, node.inode());
        m.writeLong(ptr + 16, 0);
        m.writeByte(ptr + 16, (byte) node.type().wasiCode());
        m.writeLong(ptr + 24, node.linkCount());
        m.writeLong(ptr + 32, node.size());
        m.writeLong(ptr + 40, node.accessTime());
        m.writeLong(ptr + 48, node.modifyTime());
        m.writeLong(ptr + 56, node.changeTime());
    }

    /** Writes a {@code filestat} for a stream (stdin/stdout/stderr): no inode, no times. */
    static void writeStreamFilestat(Memory m, int ptr, FileType type) {
        m.fill((byte) 0, ptr, ptr + 64);
        m.writeByte(ptr + 16, (byte) type.wasiCode());
        m.writeLong(ptr + 24, 1);
    }

    /** Total length of an iovec array. */
    static long iovTotal(Memory m, int iovs, int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += Integer.toUnsignedLong(m.readInt(iovs + i * 8 + 4));
        }
        return total;
    }

    /** Gathers the bytes an iovec array points at. */
    static byte[] gather(Memory m, int iovs, int count) {
        long total = iovTotal(m, iovs, count);
        if (total > Integer.MAX_VALUE - 8) {
            throw new WasiException(Errno.INVAL, "iovec total too large");
        }
        byte[] out = new byte[(int) total];
        int off = 0;
        for (int i = 0; i < count; i++) {
            int buf = m.readInt(iovs + i * 8);
            int len = m.readInt(iovs + i * 8 + 4);
            byte[] part = m.readBytes(buf, len);
            System.arraycopy(part, 0, out, off, len);
            off += len;
        }
        return out;
    }

    /** Scatters {@code data[0..n)} into an iovec array. */
    static void scatter(Memory m, int iovs, int count, byte[] data, int n) {
        int off = 0;
        for (int i = 0; i < count && off < n; i++) {
            int buf = m.readInt(iovs + i * 8);
            int len = m.readInt(iovs + i * 8 + 4);
            int k = Math.min(len, n - off);
            m.write(buf, data, off, k);
            off += k;
        }
    }
}
