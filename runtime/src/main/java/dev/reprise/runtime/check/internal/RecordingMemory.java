package dev.reprise.runtime.check.internal;

import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.wasm.types.ActiveDataSegment;
import run.endive.wasm.types.DataSegment;
import run.endive.wasm.types.OpCode;

/**
 * A memory that tells a {@link FootprintRecorder} which bytes each guest thread reads and
 * writes (atomic read-modify-writes, waits and notifies count as both), then delegates. Bulk
 * operations record their ranges; growing, zeroing and segment initialisation are global.
 * The model checker uses the footprints to decide which steps are independent.
 */
@SuppressWarnings("removal")
public final class RecordingMemory extends dev.reprise.runtime.internal.DelegatingMemory {
    private final FootprintRecorder rec;
    private final int id;

    /** @param id distinguishes the memories of one run (multi-memory) in the footprints */
    public RecordingMemory(Memory delegate, FootprintRecorder rec, int id) {
        super(delegate);
        this.rec = rec;
        this.id = id;
    }

    @Override
    public int waitOn(int addr, int expected, long timeout) {
        rec.update(id, addr, 4);
        return delegate.waitOn(addr, expected, timeout);
    }

    @Override
    public int waitOn(int addr, long expected, long timeout) {
        rec.update(id, addr, 8);
        return delegate.waitOn(addr, expected, timeout);
    }

    @Override
    public int notify(int addr, int count) {
        rec.update(id, addr, 4);
        return delegate.notify(addr, count);
    }

    @Override
    public int atomicWait(int addr, int expected, long timeout) {
        rec.update(id, addr, 4);
        return delegate.atomicWait(addr, expected, timeout);
    }

    @Override
    public int atomicWait(int addr, long expected, long timeout) {
        rec.update(id, addr, 8);
        return delegate.atomicWait(addr, expected, timeout);
    }

    @Override
    public int atomicNotify(int addr, int count) {
        rec.update(id, addr, 4);
        return delegate.atomicNotify(addr, count);
    }

    @Override
    public int grow(int a) {
        rec.global();
        return delegate.grow(a);
    }

    @Override
    public int atomicReadInt(int a) {
        rec.read(id, a, 4);
        return delegate.atomicReadInt(a);
    }

    @Override
    public long atomicReadLong(int a) {
        rec.read(id, a, 8);
        return delegate.atomicReadLong(a);
    }

    @Override
    public short atomicReadShort(int a) {
        rec.read(id, a, 2);
        return delegate.atomicReadShort(a);
    }

    @Override
    public byte atomicReadByte(int a) {
        rec.read(id, a, 1);
        return delegate.atomicReadByte(a);
    }

    @Override
    public void atomicWriteInt(int a, int b) {
        rec.write(id, a, 4);
        delegate.atomicWriteInt(a, b);
    }

    @Override
    public void atomicWriteLong(int a, long b) {
        rec.write(id, a, 8);
        delegate.atomicWriteLong(a, b);
    }

    @Override
    public void atomicWriteShort(int a, short b) {
        rec.write(id, a, 2);
        delegate.atomicWriteShort(a, b);
    }

    @Override
    public void atomicWriteByte(int a, byte b) {
        rec.write(id, a, 1);
        delegate.atomicWriteByte(a, b);
    }

    @Override
    public int atomicAddInt(int a, int b) {
        rec.update(id, a, 4);
        return delegate.atomicAddInt(a, b);
    }

    @Override
    public int atomicAndInt(int a, int b) {
        rec.update(id, a, 4);
        return delegate.atomicAndInt(a, b);
    }

    @Override
    public int atomicOrInt(int a, int b) {
        rec.update(id, a, 4);
        return delegate.atomicOrInt(a, b);
    }

    @Override
    public int atomicXorInt(int a, int b) {
        rec.update(id, a, 4);
        return delegate.atomicXorInt(a, b);
    }

    @Override
    public int atomicXchgInt(int a, int b) {
        rec.update(id, a, 4);
        return delegate.atomicXchgInt(a, b);
    }

    @Override
    public int atomicCmpxchgInt(int a, int b, int c) {
        rec.update(id, a, 4);
        return delegate.atomicCmpxchgInt(a, b, c);
    }

    @Override
    public long atomicAddLong(int a, long b) {
        rec.update(id, a, 8);
        return delegate.atomicAddLong(a, b);
    }

    @Override
    public long atomicAndLong(int a, long b) {
        rec.update(id, a, 8);
        return delegate.atomicAndLong(a, b);
    }

    @Override
    public long atomicOrLong(int a, long b) {
        rec.update(id, a, 8);
        return delegate.atomicOrLong(a, b);
    }

    @Override
    public long atomicXorLong(int a, long b) {
        rec.update(id, a, 8);
        return delegate.atomicXorLong(a, b);
    }

    @Override
    public long atomicXchgLong(int a, long b) {
        rec.update(id, a, 8);
        return delegate.atomicXchgLong(a, b);
    }

    @Override
    public long atomicCmpxchgLong(int a, long b, long c) {
        rec.update(id, a, 8);
        return delegate.atomicCmpxchgLong(a, b, c);
    }

    @Override
    public short atomicAddShort(int a, short b) {
        rec.update(id, a, 2);
        return delegate.atomicAddShort(a, b);
    }

    @Override
    public short atomicAndShort(int a, short b) {
        rec.update(id, a, 2);
        return delegate.atomicAndShort(a, b);
    }

    @Override
    public short atomicOrShort(int a, short b) {
        rec.update(id, a, 2);
        return delegate.atomicOrShort(a, b);
    }

    @Override
    public short atomicXorShort(int a, short b) {
        rec.update(id, a, 2);
        return delegate.atomicXorShort(a, b);
    }

    @Override
    public short atomicXchgShort(int a, short b) {
        rec.update(id, a, 2);
        return delegate.atomicXchgShort(a, b);
    }

    @Override
    public short atomicCmpxchgShort(int a, short b, short c) {
        rec.update(id, a, 2);
        return delegate.atomicCmpxchgShort(a, b, c);
    }

    @Override
    public byte atomicAddByte(int a, byte b) {
        rec.update(id, a, 1);
        return delegate.atomicAddByte(a, b);
    }

    @Override
    public byte atomicAndByte(int a, byte b) {
        rec.update(id, a, 1);
        return delegate.atomicAndByte(a, b);
    }

    @Override
    public byte atomicOrByte(int a, byte b) {
        rec.update(id, a, 1);
        return delegate.atomicOrByte(a, b);
    }

    @Override
    public byte atomicXorByte(int a, byte b) {
        rec.update(id, a, 1);
        return delegate.atomicXorByte(a, b);
    }

    @Override
    public byte atomicXchgByte(int a, byte b) {
        rec.update(id, a, 1);
        return delegate.atomicXchgByte(a, b);
    }

    @Override
    public byte atomicCmpxchgByte(int a, byte b, byte c) {
        rec.update(id, a, 1);
        return delegate.atomicCmpxchgByte(a, b, c);
    }

    @Override
    public void initialize(Instance a, DataSegment[] b) {
        initialized(b, -1);
        delegate.initialize(a, b);
    }

    @Override
    public void initialize(Instance a, DataSegment[] b, int c) {
        initialized(b, c);
        delegate.initialize(a, b, c);
    }

    /** Active segments with a constant offset are range writes; any other active one is global. */
    private void initialized(DataSegment[] segments, int memoryIndex) {
        if (segments == null) {
            return;
        }
        for (DataSegment d : segments) {
            if (!(d instanceof ActiveDataSegment a) || d.data().length == 0
                    || (memoryIndex >= 0 && a.index() != memoryIndex)) {
                continue;
            }
            var offset = a.offsetInstructions();
            if (!offset.isEmpty() && offset.get(0).opcode() == OpCode.I32_CONST) {
                rec.write(id, (int) offset.get(0).operand(0), d.data().length);
            } else {
                rec.global();
            }
        }
    }

    @Override
    public void initPassiveSegment(int a, int b, int c, int d) {
        rec.global();
        delegate.initPassiveSegment(a, b, c, d);
    }

    @Override
    public void write(int a, byte[] b) {
        rec.write(id, a, b.length);
        delegate.write(a, b);
    }

    @Override
    public void write(int a, byte[] b, int c, int d) {
        rec.write(id, a, d);
        delegate.write(a, b, c, d);
    }

    @Override
    public byte read(int a) {
        rec.read(id, a, 1);
        return delegate.read(a);
    }

    @Override
    public byte[] readBytes(int a, int b) {
        rec.read(id, a, b);
        return delegate.readBytes(a, b);
    }

    @Override
    public void writeI32(int a, int b) {
        rec.write(id, a, 4);
        delegate.writeI32(a, b);
    }

    @Override
    public int readInt(int a) {
        rec.read(id, a, 4);
        return delegate.readInt(a);
    }

    @Override
    public void writeLong(int a, long b) {
        rec.write(id, a, 8);
        delegate.writeLong(a, b);
    }

    @Override
    public long readLong(int a) {
        rec.read(id, a, 8);
        return delegate.readLong(a);
    }

    @Override
    public void writeShort(int a, short b) {
        rec.write(id, a, 2);
        delegate.writeShort(a, b);
    }

    @Override
    public short readShort(int a) {
        rec.read(id, a, 2);
        return delegate.readShort(a);
    }

    @Override
    public long readU16(int a) {
        rec.read(id, a, 2);
        return delegate.readU16(a);
    }

    @Override
    public void writeByte(int a, byte b) {
        rec.write(id, a, 1);
        delegate.writeByte(a, b);
    }

    @Override
    public void writeF32(int a, float b) {
        rec.write(id, a, 4);
        delegate.writeF32(a, b);
    }

    @Override
    public long readF32(int a) {
        rec.read(id, a, 4);
        return delegate.readF32(a);
    }

    @Override
    public float readFloat(int a) {
        rec.read(id, a, 4);
        return delegate.readFloat(a);
    }

    @Override
    public void writeF64(int a, double b) {
        rec.write(id, a, 8);
        delegate.writeF64(a, b);
    }

    @Override
    public double readDouble(int a) {
        rec.read(id, a, 8);
        return delegate.readDouble(a);
    }

    @Override
    public long readF64(int a) {
        rec.read(id, a, 8);
        return delegate.readF64(a);
    }

    @Override
    public void zero() {
        rec.global();
        delegate.zero();
    }

    @Override
    public void fill(byte a, int b, int c) {
        rec.write(id, b, Math.max(c, b + c) - b); // covers (from, to) and (from, length)
        delegate.fill(a, b, c);
    }

    @Override
    public void copy(int a, int b, int c) {
        rec.read(id, b, c);
        rec.write(id, a, c);
        delegate.copy(a, b, c);
    }

    @Override
    public void drop(int a) {
        rec.global();
        delegate.drop(a);
    }
}
