package dev.reprise.wasm;

import dev.reprise.wasm.internal.ByteVector;
import dev.reprise.wasm.internal.TypeEncoder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ModuleVisitor} that encodes the module it is shown (like ASM's ClassWriter). Entries
 * may arrive in any order within a section; sections are emitted in the standard order, custom
 * sections back where they were. Built with {@link #ModuleWriter(ModuleReader)}, it copies
 * unchanged sections and function bodies from that reader byte for byte (copy-through).
 */
public class ModuleWriter extends ModuleVisitor {
    private static final SectionId[] ORDER = {
        SectionId.TYPE, SectionId.IMPORT, SectionId.FUNCTION, SectionId.TABLE, SectionId.MEMORY, SectionId.TAG,
        SectionId.GLOBAL, SectionId.EXPORT, SectionId.START, SectionId.ELEMENT, SectionId.DATA_COUNT, SectionId.CODE,
        SectionId.DATA,
    };

    private final ModuleReader source;
    private final Map<SectionId, ByteVector> sections = new EnumMap<>(SectionId.class);
    private final Map<SectionId, Integer> counts = new EnumMap<>(SectionId.class);
    private final List<Object> customs = new ArrayList<>();
    private final List<SectionId> customPlacement = new ArrayList<>();
    private ByteVector raw;
    private int start = -1;
    private int dataCount = -1;
    private boolean ended;

    /** A writer that encodes everything it is shown. */
    public ModuleWriter() {
        this(null);
    }

    /** A writer that copies unchanged sections and bodies from {@code source}. */
    public ModuleWriter(ModuleReader source) {
        this.source = source;
    }

    boolean copiesFrom(ModuleReader reader) {
        return source != null && source == reader;
    }

    /** Called by the reader in whole-module copy mode, once per section, in file order. */
    void copySection(SectionId id, byte[] buf, int from, int to, SectionId after) {
        if (raw == null) {
            raw = new ByteVector(source.length());
            raw.putI32LE(ModuleReader.MAGIC).putI32LE(1);
        }
        raw.putBytes(buf, from, to - from);
    }

    private ByteVector section(SectionId id) {
        counts.merge(id, 1, Integer::sum);
        return sections.computeIfAbsent(id, k -> new ByteVector(id == SectionId.CODE ? 1 << 16 : 256));
    }

    @Override
    public void visitHeader(int version, ModuleSummary summary) {
        // nothing to write yet: whole-module copy fills raw section by section (copySection); behind
        // a visitor that changes something, the sections are encoded and unchanged bodies copied
    }

    @Override
    public void visitCustomSection(CustomSection section) {
        customs.add(section);
        customPlacement.add(section.after());
    }

    @Override
    public void visitNameSection(NameSection names) {
        customs.add(names);
        customPlacement.add(names.after());
    }

    @Override
    public void visitRecGroup(RecGroup group) {
        TypeEncoder.recGroup(section(SectionId.TYPE), group);
    }

    @Override
    public void visitImport(String module, String name, ExternType type) {
        ByteVector v = section(SectionId.IMPORT);
        v.putName(module).putName(name).putByte(type.kind().code());
        if (type instanceof FuncImportType f) {
            v.putU32(f.typeIndex());
        } else if (type instanceof TableType t) {
            TypeEncoder.valType(v, t.elementType());
            TypeEncoder.limits(v, t.limits());
        } else if (type instanceof MemoryType m) {
            TypeEncoder.limits(v, m.limits());
        } else if (type instanceof GlobalType g) {
            TypeEncoder.valType(v, g.type());
            v.putByte(g.mutable() ? 1 : 0);
        } else {
            TagType t = (TagType) type;
            v.putByte(t.attribute()).putU32(t.typeIndex());
        }
    }

    @Override
    public void visitFunction(int typeIndex) {
        section(SectionId.FUNCTION).putU32(typeIndex);
    }

    @Override
    public void visitTable(TableType type, ConstExpr init) {
        ByteVector v = section(SectionId.TABLE);
        if (init != null) {
            v.putByte(0x40).putByte(0);
        }
        TypeEncoder.valType(v, type.elementType());
        TypeEncoder.limits(v, type.limits());
        if (init != null) {
            v.putBytes(init.rawBytes(), 0, init.length());
        }
    }

    @Override
    public void visitMemory(MemoryType type) {
        TypeEncoder.limits(section(SectionId.MEMORY), type.limits());
    }

    @Override
    public void visitTag(TagType type) {
        section(SectionId.TAG).putByte(type.attribute()).putU32(type.typeIndex());
    }

    @Override
    public void visitGlobal(GlobalType type, ConstExpr init) {
        ByteVector v = section(SectionId.GLOBAL);
        TypeEncoder.valType(v, type.type());
        v.putByte(type.mutable() ? 1 : 0);
        v.putBytes(init.rawBytes(), 0, init.length());
    }

    @Override
    public void visitExport(String name, ExternalKind kind, int index) {
        section(SectionId.EXPORT).putName(name).putByte(kind.code()).putU32(index);
    }

    @Override
    public void visitStart(int functionIndex) {
        start = functionIndex;
    }

    @Override
    public void visitElement(ElementSegment seg) {
        ByteVector v = section(SectionId.ELEMENT);
        boolean exprs = seg.expressions() != null;
        boolean funcref = ValType.FUNCREF.equals(seg.type());
        if (!exprs && !funcref) {
            throw new InvalidModuleException("an element segment of function indices must have type funcref, not " + seg.type());
        }
        int flags;
        switch (seg.mode()) {
            case ACTIVE:
                boolean compact = seg.table() == 0 && funcref && (seg.flags() & 3) != 2;
                flags = compact ? 0 : 2;
                break;
            case PASSIVE:
                flags = 1;
                break;
            default:
                flags = 3;
                break;
        }
        if (exprs) {
            flags |= 4;
        }
        v.putU32(flags);
        if (flags == 2 || flags == 6) {
            v.putU32(seg.table());
        }
        if (seg.mode() == SegmentMode.ACTIVE) {
            v.putBytes(seg.offset().rawBytes(), 0, seg.offset().length());
        }
        if ((flags & 3) != 0) {
            if (exprs) {
                TypeEncoder.valType(v, seg.type());
            } else {
                v.putByte(0);
            }
        }
        v.putU32(seg.size());
        if (exprs) {
            for (ConstExpr e : seg.expressions()) {
                v.putBytes(e.rawBytes(), 0, e.length());
            }
        } else {
            for (int f : seg.functions()) {
                v.putU32(f);
            }
        }
    }

    @Override
    public void visitDataCount(int count) {
        dataCount = count;
    }

    @Override
    public CodeVisitor visitCode(int functionIndex) {
        return new CodeWriter(this);
    }

    void addBody(byte[] buf, int off, int len) {
        ByteVector v = section(SectionId.CODE);
        v.putU32(len);
        v.putBytes(buf, off, len);
    }

    @Override
    public void visitData(DataSegment seg) {
        ByteVector v = section(SectionId.DATA);
        if (seg.mode() == SegmentMode.PASSIVE) {
            v.putU32(1);
        } else if (seg.memory() == 0 && seg.flags() != 2) {
            v.putU32(0);
        } else {
            v.putU32(2).putU32(seg.memory());
        }
        if (seg.mode() == SegmentMode.ACTIVE) {
            v.putBytes(seg.offset().rawBytes(), 0, seg.offset().length());
        }
        v.putU32(seg.len());
        v.putBytes(seg.buf(), seg.off(), seg.len());
    }

    @Override
    public void visitEnd() {
        ended = true;
    }

    /** The encoded module. Call after {@link #visitEnd()}. */
    public byte[] toByteArray() {
        if (!ended) {
            throw new IllegalStateException("toByteArray before visitEnd");
        }
        if (raw != null) {
            return raw.toByteArrayShared();
        }
        long total = 8;
        for (ByteVector v : sections.values()) {
            total += v.length() + 10;
        }
        ByteVector out = new ByteVector((int) Math.min(Integer.MAX_VALUE - 64, total + 1024));
        out.putI32LE(ModuleReader.MAGIC).putI32LE(1);
        writeCustoms(out, null);
        for (SectionId id : ORDER) {
            if (id == SectionId.START) {
                if (start >= 0) {
                    ByteVector v = new ByteVector(8);
                    v.putU32(start);
                    putSection(out, id, v, false, 0);
                }
            } else if (id == SectionId.DATA_COUNT) {
                if (dataCount >= 0) {
                    ByteVector v = new ByteVector(8);
                    v.putU32(dataCount);
                    putSection(out, id, v, false, 0);
                }
            } else if (sections.containsKey(id)) {
                putSection(out, id, sections.get(id), true, counts.get(id));
            }
            writeCustoms(out, id);
        }
        return out.toByteArray();
    }

    private void writeCustoms(ByteVector out, SectionId after) {
        for (int i = 0; i < customs.size(); i++) {
            if (customPlacement.get(i) != after) {
                continue;
            }
            Object c = customs.get(i);
            ByteVector v = new ByteVector(64);
            if (c instanceof CustomSection cs) {
                v.putName(cs.name());
                v.putBytes(cs.buf(), cs.off(), cs.len());
            } else {
                v.putName("name");
                byte[] payload = NameSectionCodec.write((NameSection) c);
                v.putBytes(payload, 0, payload.length);
            }
            putSection(out, SectionId.CUSTOM, v, false, 0);
        }
    }

    private static void putSection(ByteVector out, SectionId id, ByteVector content, boolean counted, int count) {
        out.putByte(id.id());
        long size = content.length() + (counted ? ByteVector.u32Size(count) : 0);
        if (size > 0xFFFFFFFFL) {
            throw new InvalidModuleException("section " + id + " too large: " + size + " bytes");
        }
        out.putU32((int) size);
        if (counted) {
            out.putU32(count);
        }
        out.putBytes(content);
    }
}
