package dev.reprise.wasm;

import dev.reprise.wasm.internal.ByteReader;
import dev.reprise.wasm.internal.ByteVector;
import java.util.Arrays;
import java.util.Map;

/** Reads and writes the payload of the {@code name} custom section. */
final class NameSectionCodec {
    private NameSectionCodec() {
    }

    /**
     * Parses a name section payload; returns null when it is not well-formed, in which case the
     * caller keeps it as an opaque custom section (engines ignore malformed name sections too).
     */
    static NameSection tryRead(byte[] bytes, int from, int to) {
        try {
            return read(bytes, from, to);
        } catch (MalformedModuleException e) {
            return null;
        }
    }

    private static NameSection read(byte[] bytes, int from, int to) {
        NameSection names = new NameSection();
        ByteReader r = new ByteReader(bytes, from, to);
        int lastId = -1;
        while (r.hasRemaining()) {
            int id = r.u8();
            int size = r.size("malformed name section");
            if (id <= lastId) {
                throw r.error("malformed name section");
            }
            lastId = id;
            int subEnd = r.position() + size;
            ByteReader sub = new ByteReader(bytes, r.position(), subEnd);
            if (id == NameSection.MODULE) {
                names.moduleName(sub.name());
            } else if (NameSection.isNameMap(id)) {
                readNameMap(sub, names.names(id));
            } else if (NameSection.isIndirectMap(id)) {
                Map<Integer, Map<Integer, String>> outer = names.indirectNames(id);
                int prev = -1;
                for (int i = 0, n = sub.count(2); i < n; i++) {
                    int idx = sub.u32();
                    if (idx <= prev) {
                        throw sub.error("malformed name section");
                    }
                    prev = idx;
                    Map<Integer, String> inner = new java.util.TreeMap<>();
                    readNameMap(sub, inner);
                    outer.put(idx, inner);
                }
            } else {
                names.unknownSubsections().add(new NameSection.RawSubsection(id, Arrays.copyOfRange(bytes, r.position(), subEnd)));
                sub.position(subEnd);
            }
            if (sub.position() != subEnd) {
                throw sub.error("malformed name section");
            }
            r.position(subEnd);
        }
        return names;
    }

    private static void readNameMap(ByteReader r, Map<Integer, String> into) {
        int prev = -1;
        for (int i = 0, n = r.count(2); i < n; i++) {
            int idx = r.u32();
            if (idx <= prev) {
                throw r.error("malformed name section");
            }
            prev = idx;
            into.put(idx, r.name());
        }
    }

    /** Encodes the payload (after the section name). Subsections go in id order. */
    static byte[] write(NameSection names) {
        ByteVector out = new ByteVector(256);
        ByteVector sub = new ByteVector(256);
        if (names.moduleName() != null) {
            sub.reset();
            sub.putName(names.moduleName());
            putSubsection(out, NameSection.MODULE, sub);
        }
        java.util.TreeMap<Integer, Runnable> order = new java.util.TreeMap<>();
        for (int id : names.nameMapIds()) {
            Map<Integer, String> map = names.names(id);
            if (!map.isEmpty()) {
                order.put(id, () -> {
                    sub.reset();
                    putNameMap(sub, map);
                    putSubsection(out, id, sub);
                });
            }
        }
        for (int id : names.indirectMapIds()) {
            Map<Integer, Map<Integer, String>> map = names.indirectNames(id);
            if (!map.isEmpty()) {
                order.put(id, () -> {
                    sub.reset();
                    sub.putU32(map.size());
                    map.forEach((idx, inner) -> {
                        sub.putU32(idx);
                        putNameMap(sub, inner);
                    });
                    putSubsection(out, id, sub);
                });
            }
        }
        for (NameSection.RawSubsection raw : names.unknownSubsections()) {
            order.put(raw.id(), () -> {
                out.putByte(raw.id());
                out.putU32(raw.payload().length);
                out.putBytes(raw.payload(), 0, raw.payload().length);
            });
        }
        order.values().forEach(Runnable::run);
        return out.toByteArray();
    }

    private static void putNameMap(ByteVector v, Map<Integer, String> map) {
        v.putU32(map.size());
        map.forEach((idx, name) -> {
            v.putU32(idx);
            v.putName(name);
        });
    }

    private static void putSubsection(ByteVector out, int id, ByteVector payload) {
        out.putByte(id);
        out.putU32(payload.length());
        out.putBytes(payload);
    }
}
