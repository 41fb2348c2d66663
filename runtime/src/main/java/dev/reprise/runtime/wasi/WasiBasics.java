package dev.reprise.runtime.wasi;

import dev.reprise.runtime.GuestExitException;
import dev.reprise.runtime.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import run.endive.runtime.Memory;

/** args, environment, clocks, randomness, process, scheduling, sockets and poll_oneoff. */
final class WasiBasics {
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int CLOCK_PROCESS_CPUTIME = 2;
    private static final int CLOCK_THREAD_CPUTIME = 3;
    private static final int EVENT_CLOCK = 0;
    private static final int EVENT_FD_READ = 1;
    private static final int EVENT_FD_WRITE = 2;
    private static final int SUBCLOCK_ABSTIME = 1;
    private static final int EVENT_HANGUP = 1;

    private final WasiState s;

    WasiBasics(WasiState s) {
        this.s = s;
    }

    int argsSizesGet(Memory m, int argcPtr, int sizePtr) {
        return sizes(m, s.args, argcPtr, sizePtr);
    }

    int argsGet(Memory m, int argv, int buf) {
        return strings(m, s.args, argv, buf);
    }

    int environSizesGet(Memory m, int countPtr, int sizePtr) {
        return sizes(m, s.env, countPtr, sizePtr);
    }

    int environGet(Memory m, int environ, int buf) {
        return strings(m, s.env, environ, buf);
    }

    private static int sizes(Memory m, List<byte[]> list, int countPtr, int sizePtr) {
        int size = 0;
        for (byte[] b : list) {
            size += b.length + 1;
        }
        m.writeI32(countPtr, list.size());
        m.writeI32(sizePtr, size);
        return 0;
    }

    private static int strings(Memory m, List<byte[]> list, int ptrs, int buf) {
        int p = buf;
        for (int i = 0; i < list.size(); i++) {
            byte[] b = list.get(i);
            m.writeI32(ptrs + 4 * i, p);
            m.write(p, b);
            m.writeByte(p + b.length, (byte) 0);
            p += b.length + 1;
        }
        return 0;
    }

    int clockResGet(Memory m, int id, int ptr) {
        if (id < CLOCK_REALTIME || id > CLOCK_THREAD_CPUTIME) {
            return Errno.INVAL.value();
        }
        m.writeLong(ptr, VirtualClock.RESOLUTION_NANOS);
        return 0;
    }

    int clockTimeGet(Memory m, int id, long precision, int ptr) {
        long t = switch (id) {
            case CLOCK_REALTIME -> s.clock.realtimeNanos();
            case CLOCK_MONOTONIC -> s.clock.monotonicNanos();
            case CLOCK_PROCESS_CPUTIME, CLOCK_THREAD_CPUTIME -> s.clock.elapsedNanos();
            default -> -1;
        };
        if (t < 0) {
            return Errno.INVAL.value();
        }
        m.writeLong(ptr, t);
        return 0;
    }

    int randomGet(Memory m, int buf, int len) {
        byte[] b = new byte[len];
        s.random.nextBytes(b);
        m.write(buf, b);
        return 0;
    }

    void procExit(int code) {
        throw new GuestExitException(code);
    }

    int procRaise(int sig) {
        return Errno.NOTSUP.value();
    }

    int schedYield() {
        s.scheduler.yieldNow();
        return 0;
    }

    /** Every socket call: the sandbox has no sockets, so a valid fd is never one. */
    int sock(int fd) {
        return s.fds.find(fd) == null ? Errno.BADF.value() : Errno.NOTSOCK.value();
    }

    private record Sub(long userdata, int tag, int clockId, long timeout, int flags, int fd, long deadline) {}

    private record Event(long userdata, int error, int type, long nbytes, int flags) {}

    int pollOneoff(Memory m, int in, int out, int nsubs, int neventsPtr) {
        if (nsubs == 0) {
            return Errno.INVAL.value();
        }
        List<Sub> subs = subscriptions(m, in, nsubs);
        List<Event> ready = pollWait(subs);
        long now = s.clock.monotonicNanos();
        for (Sub sub : subs) {
            if (sub.tag == EVENT_CLOCK && sub.clockId >= CLOCK_REALTIME && sub.clockId <= CLOCK_THREAD_CPUTIME
                    && sub.deadline <= now) {
                ready.add(new Event(sub.userdata, 0, EVENT_CLOCK, 0, 0));
            }
        }
        for (int i = 0; i < ready.size(); i++) {
            Event e = ready.get(i);
            int p = out + i * 32;
            m.fill((byte) 0, p, p + 32);
            m.writeLong(p, e.userdata);
            m.writeShort(p + 8, (short) e.error);
            m.writeByte(p + 10, (byte) e.type);
            m.writeLong(p + 16, e.nbytes);
            m.writeShort(p + 24, (short) e.flags);
        }
        m.writeI32(neventsPtr, ready.size());
        return 0;
    }

    /**
     * Only the scheduling of a {@code poll_oneoff} (subscriptions at {@code in}): sleeps or blocks
     * as the real call would, writes nothing. A multi-threaded replay calls it where the recorded
     * call ran, so that the scheduler sees the same sleeps (deadlines on the same virtual clock)
     * while the results come from the recording.
     */
    void pollOneoffWaitOnly(Memory m, int in, int nsubs) {
        if (nsubs > 0) {
            pollWait(subscriptions(m, in, nsubs));
        }
    }

    private List<Sub> subscriptions(Memory m, int in, int nsubs) {
        List<Sub> subs = new ArrayList<>();
        for (int i = 0; i < nsubs; i++) {
            int p = in + i * 48;
            int tag = m.read(p + 8) & 0xFF;
            Sub sub = new Sub(m.readLong(p), tag, m.readInt(p + 16), m.readLong(p + 24),
                    m.readShort(p + 40) & 0xFFFF, m.readInt(p + 16), 0);
            subs.add(new Sub(sub.userdata, sub.tag, sub.clockId, sub.timeout, sub.flags, sub.fd, deadline(sub)));
        }
        return subs;
    }

    /** The events ready at once; when none is, first sleeps until the earliest clock deadline (or blocks for good). */
    private List<Event> pollWait(List<Sub> subs) {
        List<Event> ready = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        boolean anyClock = false;
        for (Sub sub : subs) {
            switch (sub.tag) {
                case EVENT_CLOCK -> {
                    if (sub.clockId < CLOCK_REALTIME || sub.clockId > CLOCK_THREAD_CPUTIME) {
                        ready.add(new Event(sub.userdata, Errno.INVAL.value(), EVENT_CLOCK, 0, 0));
                    } else {
                        anyClock = true;
                        earliest = Math.min(earliest, sub.deadline);
                    }
                }
                case EVENT_FD_READ, EVENT_FD_WRITE -> {
                    Event e = fdEvent(sub);
                    if (e != null) {
                        ready.add(e);
                    }
                }
                default -> ready.add(new Event(sub.userdata, Errno.INVAL.value(), sub.tag, 0, 0));
            }
        }
        if (ready.isEmpty()) {
            if (anyClock) {
                s.scheduler.sleepUntil(earliest);
            } else {
                s.scheduler.blockForever("poll_oneoff on a descriptor that never becomes ready");
            }
        }
        return ready;
    }

    /** The monotonic deadline of a clock subscription; the sub was created "now". */
    private long deadline(Sub sub) {
        if ((sub.flags & SUBCLOCK_ABSTIME) != 0) {
            if (sub.clockId == CLOCK_PROCESS_CPUTIME || sub.clockId == CLOCK_THREAD_CPUTIME) {
                return s.clock.startNanos() + sub.timeout;
            }
            return sub.timeout;
        }
        return VirtualClock.saturatingAdd(s.clock.monotonicNanos(), sub.timeout);
    }

    /** An fd subscription's event if it is ready now (every fd but a blocking stdin is). */
    private Event fdEvent(Sub sub) {
        Descriptor d = s.fds.find(sub.fd);
        if (d == null) {
            return new Event(sub.userdata, Errno.BADF.value(), sub.tag, 0, 0);
        }
        if (sub.tag == EVENT_FD_READ) {
            if (d instanceof Descriptor.Stdin in) {
                if (in.available() == 0 && in.blockAtEnd) {
                    return null;
                }
                return new Event(sub.userdata, 0, EVENT_FD_READ, in.available(), in.available() == 0 ? EVENT_HANGUP : 0);
            }
            if (d instanceof Descriptor.File f) {
                long left = Math.max(0, f.node.size() - f.position);
                return new Event(sub.userdata, 0, EVENT_FD_READ, left, 0);
            }
            if (d instanceof Descriptor.Output) {
                return new Event(sub.userdata, Errno.BADF.value(), EVENT_FD_READ, 0, 0);
            }
            return new Event(sub.userdata, Errno.ISDIR.value(), EVENT_FD_READ, 0, 0);
        }
        if (d instanceof Descriptor.Output || d instanceof Descriptor.File) {
            return new Event(sub.userdata, 0, EVENT_FD_WRITE, 0, 0);
        }
        return new Event(sub.userdata, Errno.BADF.value(), EVENT_FD_WRITE, 0, 0);
    }
}
