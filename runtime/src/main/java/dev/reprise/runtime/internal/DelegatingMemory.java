package dev.reprise.runtime.internal;

import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.TrapException;
import run.endive.wasm.types.DataSegment;

/**
 * A {@link Memory} that forwards every operation to another one; wrappers (the scheduler's
 * shared-memory wrapper, the model checker's footprint recorder) extend it and override only
 * what they change.
 */
@SuppressWarnings("removal")
public abstract class DelegatingMemory implements Memory {
    /** The memory operations are forwarded to. */
    protected final Memory delegate;

    protected DelegatingMemory(Memory delegate) {
        this.delegate = delegate;
    }

    @Override
    public int waitOn(int addr, int expected, long timeout) {
        return delegate.waitOn(addr, expected, timeout);
    }

    @Override
    public int waitOn(int addr, long expected, long timeout) {
        return delegate.waitOn(addr, expected, timeout);
    }

    @Override
    public int notify(int addr, int count) {
        return delegate.notify(addr, count);
    }

    @Override
    public int atomicWait(int addr, int expected, long timeout) {
        return delegate.atomicWait(addr, expected, timeout);
    }

    @Override
    public int atomicWait(int addr, long expected, long timeout) {
        return delegate.atomicWait(addr, expected, timeout);
    }

    @Override
    public int atomicNotify(int addr, int count) {
        return delegate.atomicNotify(addr, count);
    }

    @Override
    public int pages() {
        return delegate.pages();
    }

    @Override
    public int grow(int a) {
        return delegate.grow(a);
    }

    @Override
    public int initialPages() {
        return delegate.initialPages();
    }

    @Override
    public int maximumPages() {
        return delegate.maximumPages();
    }

    @Override
    public boolean shared() {
        return delegate.shared();
    }

    @Override
    public Object lock(int a) {
        return delegate.lock(a);
    }

    @Override
    public void atomicFence() {
        delegate.atomicFence();
    }

    @Override
    public int atomicReadInt(int a) {
        return delegate.atomicReadInt(a);
    }

    @Override
    public long atomicReadLong(int a) {
        return delegate.atomicReadLong(a);
    }

    @Override
    public short atomicReadShort(int a) {
        return delegate.atomicReadShort(a);
    }

    @Override
    public byte atomicReadByte(int a) {
        return delegate.atomicReadByte(a);
    }

    @Override
    public void atomicWriteInt(int a, int b) {
        delegate.atomicWriteInt(a, b);
    }

    @Override
    public void atomicWriteLong(int a, long b) {
        delegate.atomicWriteLong(a, b);
    }

    @Override
    public void atomicWriteShort(int a, short b) {
        delegate.atomicWriteShort(a, b);
    }

    @Override
    public void atomicWriteByte(int a, byte b) {
        delegate.atomicWriteByte(a, b);
    }

    @Override
    public int atomicAddInt(int a, int b) {
        return delegate.atomicAddInt(a, b);
    }

    @Override
    public int atomicAndInt(int a, int b) {
        return delegate.atomicAndInt(a, b);
    }

    @Override
    public int atomicOrInt(int a, int b) {
        return delegate.atomicOrInt(a, b);
    }

    @Override
    public int atomicXorInt(int a, int b) {
        return delegate.atomicXorInt(a, b);
    }

    @Override
    public int atomicXchgInt(int a, int b) {
        return delegate.atomicXchgInt(a, b);
    }

    @Override
    public int atomicCmpxchgInt(int a, int b, int c) {
        return delegate.atomicCmpxchgInt(a, b, c);
    }

    @Override
    public long atomicAddLong(int a, long b) {
        return delegate.atomicAddLong(a, b);
    }

    @Override
    public long atomicAndLong(int a, long b) {
        return delegate.atomicAndLong(a, b);
    }

    @Override
    public long atomicOrLong(int a, long b) {
        return delegate.atomicOrLong(a, b);
    }

    @Override
    public long atomicXorLong(int a, long b) {
        return delegate.atomicXorLong(a, b);
    }

    @Override
    public long atomicXchgLong(int a, long b) {
        return delegate.atomicXchgLong(a, b);
    }

    @Override
    public long atomicCmpxchgLong(int a, long b, long c) {
        return delegate.atomicCmpxchgLong(a, b, c);
    }

    @Override
    public short atomicAddShort(int a, short b) {
        return delegate.atomicAddShort(a, b);
    }

    @Override
    public short atomicAndShort(int a, short b) {
        return delegate.atomicAndShort(a, b);
    }

    @Override
    public short atomicOrShort(int a, short b) {
        return delegate.atomicOrShort(a, b);
    }

    @Override
    public short atomicXorShort(int a, short b) {
        return delegate.atomicXorShort(a, b);
    }

    @Override
    public short atomicXchgShort(int a, short b) {
        return delegate.atomicXchgShort(a, b);
    }

    @Override
    public short atomicCmpxchgShort(int a, short b, short c) {
        return delegate.atomicCmpxchgShort(a, b, c);
    }

    @Override
    public byte atomicAddByte(int a, byte b) {
        return delegate.atomicAddByte(a, b);
    }

    @Override
    public byte atomicAndByte(int a, byte b) {
        return delegate.atomicAndByte(a, b);
    }

    @Override
    public byte atomicOrByte(int a, byte b) {
        return delegate.atomicOrByte(a, b);
    }

    @Override
    public byte atomicXorByte(int a, byte b) {
        return delegate.atomicXorByte(a, b);
    }

    @Override
    public byte atomicXchgByte(int a, byte b) {
        return delegate.atomicXchgByte(a, b);
    }

    @Override
    public byte atomicCmpxchgByte(int a, byte b, byte c) {
        return delegate.atomicCmpxchgByte(a, b, c);
    }

    @Override
    public void initialize(Instance a, DataSegment[] b) {
        delegate.initialize(a, b);
    }

    @Override
    public void initialize(Instance a, DataSegment[] b, int c) {
        delegate.initialize(a, b, c);
    }

    @Override
    public void initPassiveSegment(int a, int b, int c, int d) {
        delegate.initPassiveSegment(a, b, c, d);
    }

    @Override
    public void write(int a, byte[] b) {
        delegate.write(a, b);
    }

    @Override
    public void write(int a, byte[] b, int c, int d) {
        delegate.write(a, b, c, d);
    }

    @Override
    public byte read(int a) {
        return delegate.read(a);
    }

    @Override
    public byte[] readBytes(int a, int b) {
        return delegate.readBytes(a, b);
    }

    @Override
    public void writeI32(int a, int b) {
        delegate.writeI32(a, b);
    }

    @Override
    public int readInt(int a) {
        return delegate.readInt(a);
    }

    @Override
    public void writeLong(int a, long b) {
        delegate.writeLong(a, b);
    }

    @Override
    public long readLong(int a) {
        return delegate.readLong(a);
    }

    @Override
    public void writeShort(int a, short b) {
        delegate.writeShort(a, b);
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
    public void writeByte(int a, byte b) {
        delegate.writeByte(a, b);
    }

    @Override
    public void writeF32(int a, float b) {
        delegate.writeF32(a, b);
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
    public void writeF64(int a, double b) {
        delegate.writeF64(a, b);
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
    public void zero() {
        delegate.zero();
    }

    @Override
    public void fill(byte a, int b, int c) {
        delegate.fill(a, b, c);
    }

    @Override
    public void copy(int a, int b, int c) {
        delegate.copy(a, b, c);
    }

    @Override
    public void drop(int a) {
        delegate.drop(a);
    }
}
