package dev.reprise.record.host.internal;

import dev.reprise.runtime.internal.DelegatingMemory;
import run.endive.runtime.Memory;

/**
 * A memory that tells its {@link HostWriteTracker} about every write made while the tracker has
 * it {@link #tracking} (the host has control on some thread): a plain boolean field test in front
 * of each store, nothing else while the guest runs. Every write path is covered: plain and atomic
 * stores, read-modify-writes, bulk writes, fill, copy, passive segment initialisation and growth.
 * Instantiation ({@code zero}, {@code initialize}: the module's own data segments) is not a host
 * write. Reads are forwarded here rather than inherited so that the engine's call sites see one
 * receiver class with its own profile.
 */
@SuppressWarnings("removal")
public final class TrackedMemory extends DelegatingMemory {
    private final HostWriteTracker tracker;
    /** Set by the tracker while writes must be noted (on some thread the host has control). */
    boolean tracking;
    /** The tracker's cache: this memory's ranges in the state of the thread that wrote last. */
    HostWriteTracker.CachedRanges cachedRanges;

    TrackedMemory(Memory delegate, HostWriteTracker tracker, boolean tracking) {
        super(delegate);
        this.tracker = tracker;
        this.tracking = tracking;
    }

    HostWriteTracker tracker() {
        return tracker;
    }

    /** The memory writes go to. */
    public Memory delegate() {
        return delegate;
    }

    private void wrote(int address, long length) {
        tracker.wrote(this, address, length);
    }

    @Override
    public void writeI32(int a, int v) {
        delegate.writeI32(a, v);
        if (tracking) {
            wrote(a, 4);
        }
    }

    @Override
    public void writeLong(int a, long v) {
        delegate.writeLong(a, v);
        if (tracking) {
            wrote(a, 8);
        }
    }

    @Override
    public void writeShort(int a, short v) {
        delegate.writeShort(a, v);
        if (tracking) {
            wrote(a, 2);
        }
    }

    @Override
    public void writeByte(int a, byte v) {
        delegate.writeByte(a, v);
        if (tracking) {
            wrote(a, 1);
        }
    }

    @Override
    public void writeF32(int a, float v) {
        delegate.writeF32(a, v);
        if (tracking) {
            wrote(a, 4);
        }
    }

    @Override
    public void writeF64(int a, double v) {
        delegate.writeF64(a, v);
        if (tracking) {
            wrote(a, 8);
        }
    }

    @Override
    public void write(int a, byte[] b) {
        delegate.write(a, b);
        if (tracking) {
            wrote(a, b.length);
        }
    }

    @Override
    public void write(int a, byte[] b, int offset, int length) {
        delegate.write(a, b, offset, length);
        if (tracking) {
            wrote(a, length);
        }
    }

    @Override
    public void fill(byte value, int from, int to) {
        delegate.fill(value, from, to);
        if (tracking) {
            wrote(from, (long) to - from);
        }
    }

    @Override
    public void copy(int dest, int src, int length) {
        delegate.copy(dest, src, length);
        if (tracking) {
            wrote(dest, length);
        }
    }

    @Override
    public void initPassiveSegment(int segment, int dest, int offset, int size) {
        delegate.initPassiveSegment(segment, dest, offset, size);
        if (tracking) {
            wrote(dest, size);
        }
    }

    @Override
    public int grow(int delta) {
        int old = delegate.grow(delta);
        if (tracking && old >= 0 && delta != 0) {
            tracker.grew(this);
        }
        return old;
    }

    @Override
    public void atomicWriteInt(int a, int v) {
        delegate.atomicWriteInt(a, v);
        if (tracking) {
            wrote(a, 4);
        }
    }

    @Override
    public void atomicWriteLong(int a, long v) {
        delegate.atomicWriteLong(a, v);
        if (tracking) {
            wrote(a, 8);
        }
    }

    @Override
    public void atomicWriteShort(int a, short v) {
        delegate.atomicWriteShort(a, v);
        if (tracking) {
            wrote(a, 2);
        }
    }

    @Override
    public void atomicWriteByte(int a, byte v) {
        delegate.atomicWriteByte(a, v);
        if (tracking) {
            wrote(a, 1);
        }
    }

    @Override
    public int atomicAddInt(int a, int v) {
        int r = delegate.atomicAddInt(a, v);
        if (tracking) {
            wrote(a, 4);
        }
        return r;
    }

    @Override
    public int atomicAndInt(int a, int v) {
        int r = delegate.atomicAndInt(a, v);
        if (tracking) {
            wrote(a, 4);
        }
        return r;
    }

    @Override
    public int atomicOrInt(int a, int v) {
        int r = delegate.atomicOrInt(a, v);
        if (tracking) {
            wrote(a, 4);
        }
        return r;
    }

    @Override
    public int atomicXorInt(int a, int v) {
        int r = delegate.atomicXorInt(a, v);
        if (tracking) {
            wrote(a, 4);
        }
        return r;
    }

    @Override
    public int atomicXchgInt(int a, int v) {
        int r = delegate.atomicXchgInt(a, v);
        if (tracking) {
            wrote(a, 4);
        }
        return r;
    }

    @Override
    public int atomicCmpxchgInt(int a, int expected, int v) {
        int r = delegate.atomicCmpxchgInt(a, expected, v);
        if (tracking) {
            wrote(a, 4);
        }
        return r;
    }

    @Override
    public long atomicAddLong(int a, long v) {
        long r = delegate.atomicAddLong(a, v);
        if (tracking) {
            wrote(a, 8);
        }
        return r;
    }

    @Override
    public long atomicAndLong(int a, long v) {
        long r = delegate.atomicAndLong(a, v);
        if (tracking) {
            wrote(a, 8);
        }
        return r;
    }

    @Override
    public long atomicOrLong(int a, long v) {
        long r = delegate.atomicOrLong(a, v);
        if (tracking) {
            wrote(a, 8);
        }
        return r;
    }

    @Override
    public long atomicXorLong(int a, long v) {
        long r = delegate.atomicXorLong(a, v);
        if (tracking) {
            wrote(a, 8);
        }
        return r;
    }

    @Override
    public long atomicXchgLong(int a, long v) {
        long r = delegate.atomicXchgLong(a, v);
        if (tracking) {
            wrote(a, 8);
        }
        return r;
    }

    @Override
    public long atomicCmpxchgLong(int a, long expected, long v) {
        long r = delegate.atomicCmpxchgLong(a, expected, v);
        if (tracking) {
            wrote(a, 8);
        }
        return r;
    }

    @Override
    public short atomicAddShort(int a, short v) {
        short r = delegate.atomicAddShort(a, v);
        if (tracking) {
            wrote(a, 2);
        }
        return r;
    }

    @Override
    public short atomicAndShort(int a, short v) {
        short r = delegate.atomicAndShort(a, v);
        if (tracking) {
            wrote(a, 2);
        }
        return r;
    }

    @Override
    public short atomicOrShort(int a, short v) {
        short r = delegate.atomicOrShort(a, v);
        if (tracking) {
            wrote(a, 2);
        }
        return r;
    }

    @Override
    public short atomicXorShort(int a, short v) {
        short r = delegate.atomicXorShort(a, v);
        if (tracking) {
            wrote(a, 2);
        }
        return r;
    }

    @Override
    public short atomicXchgShort(int a, short v) {
        short r = delegate.atomicXchgShort(a, v);
        if (tracking) {
            wrote(a, 2);
        }
        return r;
    }

    @Override
    public short atomicCmpxchgShort(int a, short expected, short v) {
        short r = delegate.atomicCmpxchgShort(a, expected, v);
        if (tracking) {
            wrote(a, 2);
        }
        return r;
    }

    @Override
    public byte atomicAddByte(int a, byte v) {
        byte r = delegate.atomicAddByte(a, v);
        if (tracking) {
            wrote(a, 1);
        }
        return r;
    }

    @Override
    public byte atomicAndByte(int a, byte v) {
        byte r = delegate.atomicAndByte(a, v);
        if (tracking) {
            wrote(a, 1);
        }
        return r;
    }

    @Override
    public byte atomicOrByte(int a, byte v) {
        byte r = delegate.atomicOrByte(a, v);
        if (tracking) {
            wrote(a, 1);
        }
        return r;
    }

    @Override
    public byte atomicXorByte(int a, byte v) {
        byte r = delegate.atomicXorByte(a, v);
        if (tracking) {
            wrote(a, 1);
        }
        return r;
    }

    @Override
    public byte atomicXchgByte(int a, byte v) {
        byte r = delegate.atomicXchgByte(a, v);
        if (tracking) {
            wrote(a, 1);
        }
        return r;
    }

    @Override
    public byte atomicCmpxchgByte(int a, byte expected, byte v) {
        byte r = delegate.atomicCmpxchgByte(a, expected, v);
        if (tracking) {
            wrote(a, 1);
        }
        return r;
    }

    // reads: forwarded here so the engine's call sites profile this class alone

    @Override
    public byte read(int a) {
        return delegate.read(a);
    }

    @Override
    public byte[] readBytes(int a, int length) {
        return delegate.readBytes(a, length);
    }

    @Override
    public int readInt(int a) {
        return delegate.readInt(a);
    }

    @Override
    public long readLong(int a) {
        return delegate.readLong(a);
    }

    @Override
    public short readShort(int a) {
        return delegate.readShort(a);
    }

    @Override
    public long readU16(int a) {
        return delegate.readU16(a);
    }

    @Override
    public long readF32(int a) {
        return delegate.readF32(a);
    }

    @Override
    public float readFloat(int a) {
        return delegate.readFloat(a);
    }

    @Override
    public double readDouble(int a) {
        return delegate.readDouble(a);
    }

    @Override
    public long readF64(int a) {
        return delegate.readF64(a);
    }

    @Override
    public int pages() {
        return delegate.pages();
    }
}
