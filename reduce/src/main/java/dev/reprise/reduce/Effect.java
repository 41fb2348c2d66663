package dev.reprise.reduce;

import dev.reprise.record.trace.Value;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One change the host made to the module's state, replayed at a host-control point (before an
 * export call, or before an import call returns). Within a bundle the reducer orders them:
 * memory and table growth first (stores may need the new pages), then stores, table sets and
 * global sets.
 */
public sealed interface Effect permits Effect.Store, Effect.MemoryGrow, Effect.TableGrow, Effect.TableSet,
        Effect.GlobalSet {

    /** Bytes the host wrote to memory {@code memory} at {@code address} (a merged run). Not copied. */
    record Store(int memory, long address, byte[] bytes) implements Effect {
        /** Checks the arguments. */
        public Store {
            Objects.requireNonNull(bytes, "bytes");
            if (address < 0 || bytes.length == 0) {
                throw new IllegalArgumentException("store of " + bytes.length + " bytes at " + address);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Store s && s.memory == memory && s.address == address && Arrays.equals(s.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(memory, address) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 32));
            return "Store[mem=" + memory + ", addr=" + address + ", len=" + bytes.length + ", " + hex
                    + (bytes.length > 32 ? "..." : "") + "]";
        }
    }

    /** Memory {@code memory} is at least {@code pages} pages (replayed as a grow by the missing amount). */
    record MemoryGrow(int memory, long pages) implements Effect {
    }

    /** Table {@code table} has at least {@code size} elements (grown with null by the missing amount). */
    record TableGrow(int table, long size) implements Effect {
    }

    /** The host set element {@code index} of {@code table}. */
    record TableSet(int table, long index, Value value) implements Effect {
    }

    /** The host set global {@code global}. */
    record GlobalSet(int global, Value value) implements Effect {
    }
}
