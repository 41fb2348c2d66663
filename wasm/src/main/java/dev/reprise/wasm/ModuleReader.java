package dev.reprise.wasm;

import dev.reprise.wasm.internal.ByteReader;
import dev.reprise.wasm.internal.InstructionDecoder;
import dev.reprise.wasm.internal.TypeDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a binary module from a {@code byte[]} (without copying it) and drives a
 * {@link ModuleVisitor} (like ASM's ClassReader). When the visitor is a {@link ModuleWriter}
 * made from this reader, sections are checked and then copied byte for byte; when a visitor
 * chain hands back a {@link CodeWriter} of such a writer for a function, that body is copied
 * without being decoded. Every malformation is a {@link MalformedModuleException} with the
 * offset where it was found.
 */
public final class ModuleReader {
    static final int MAGIC = 0x6D736100;

    private final byte[] bytes;
    private final int start;
    private final int end;
    private ModuleSummary summary;

    public ModuleReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public ModuleReader(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException("slice out of range");
        }
        this.bytes = bytes;
        this.start = offset;
        this.end = offset + length;
    }

    /** Length in bytes of the module read. */
    public int length() {
        return end - start;
    }

    /** The array this reader reads (not a copy). */
    public byte[] bytes() {
        return bytes;
    }

    /** The module's shape, parsed once (bodies and data are skipped). */
    public ModuleSummary summary() {
        if (summary == null) {
            ModuleSummary s = new ModuleSummary();
            parse(ModuleSummary.collector(s), s, false);
            summary = s;
        }
        return summary;
    }

    /** The sections in file order, with offsets and sizes (checks only the section framing). */
    public List<SectionInfo> sections() {
        List<SectionInfo> out = new ArrayList<>();
        ByteReader r = new ByteReader(bytes, start, end);
        r.position(Math.min(end, start + 8));
        while (r.hasRemaining()) {
            int at = r.position();
            int id = r.u8();
            SectionId sid = SectionId.of(id);
            if (sid == null) {
                throw r.error("malformed section id", at);
            }
            int size = r.size("length out of bounds");
            int payload = r.position();
            String name = null;
            if (sid == SectionId.CUSTOM) {
                r.limit(payload + size);
                name = r.name();
                r.limit(end);
            }
            out.add(new SectionInfo(sid, name, at, size));
            r.position(payload + size);
        }
        return out;
    }

    /** Visits the whole module. */
    public void accept(ModuleVisitor visitor) {
        ModuleSummary s = summary();
        if (visitor instanceof ModuleWriter w && w.copiesFrom(this)) {
            // summary() has already checked every section but the function bodies, which
            // copy-through does not decode: copy the sections as they are.
            w.visitHeader(1, s);
            SectionId last = null;
            for (SectionInfo info : sections()) {
                int end = payloadEnd(info);
                w.copySection(info.id(), bytes, info.offset(), end, last);
                if (info.id() != SectionId.CUSTOM) {
                    last = info.id();
                }
            }
            w.visitEnd();
            return;
        }
        parse(visitor, s, true);
    }

    private int payloadEnd(SectionInfo info) {
        ByteReader r = new ByteReader(bytes, info.offset() + 1, end);
        r.u32Long();
        return r.position() + info.payloadSize();
    }

    private void parse(ModuleVisitor v, ModuleSummary s, boolean header) {
        ByteReader r = new ByteReader(bytes, start, end);
        if (end - start < 4) {
            throw new MalformedModuleException("unexpected end", end);
        }
        if (readI32LE(start) != MAGIC) {
            throw new MalformedModuleException("magic header not detected", start);
        }
        if (end - start < 8) {
            throw new MalformedModuleException("unexpected end", end);
        }
        int version = readI32LE(start + 4);
        if (version != 1) {
            throw new MalformedModuleException("unknown binary version", start + 4);
        }
        r.position(start + 8);
        if (header) {
            v.visitHeader(version, s);
        }
        InstructionDecoder decoder = new InstructionDecoder(s != null && s.declaredDataCount() >= 0,
                s != null ? s.memory64() : null);
        SectionId last = null;
        int functionCount = -1;
        int codeCount = -1;
        int dataCountDeclared = -1;
        int dataSegments = -1;
        int importedFunctions = 0;
        while (r.hasRemaining()) {
            int sectionStart = r.position();
            int id = r.u8();
            SectionId sid = SectionId.of(id);
            if (sid == null) {
                throw r.error("malformed section id", sectionStart);
            }
            int size = r.size("length out of bounds");
            int payloadEnd = r.position() + size;
            if (sid != SectionId.CUSTOM) {
                if (last != null && sid.ordinal() <= last.ordinal()) {
                    throw r.error("unexpected content after last section", sectionStart);
                }
            }
            r.limit(payloadEnd);
            switch (sid) {
                case CUSTOM:
                    readCustom(r, v, last);
                    break;
                case TYPE:
                    readTypes(r, v);
                    break;
                case IMPORT:
                    importedFunctions = readImports(r, v);
                    break;
                case FUNCTION:
                    functionCount = readFunctions(r, v);
                    break;
                case TABLE:
                    readTables(r, v);
                    break;
                case MEMORY:
                    for (int i = 0, n = r.count(2); i < n; i++) {
                        v.visitMemory(new MemoryType(readLimits(r, true)));
                    }
                    break;
                case TAG:
                    for (int i = 0, n = r.count(2); i < n; i++) {
                        v.visitTag(readTagType(r));
                    }
                    break;
                case GLOBAL:
                    for (int i = 0, n = r.count(3); i < n; i++) {
                        GlobalType gt = readGlobalType(r);
                        v.visitGlobal(gt, readConstExpr(r));
                    }
                    break;
                case EXPORT:
                    readExports(r, v);
                    break;
                case START:
                    v.visitStart(r.u32());
                    break;
                case ELEMENT:
                    readElements(r, v);
                    break;
                case DATA_COUNT:
                    dataCountDeclared = r.u32();
                    v.visitDataCount(dataCountDeclared);
                    break;
                case CODE:
                    codeCount = readCode(r, v, decoder, importedFunctions, s, functionCount);
                    break;
                case DATA:
                    dataSegments = readData(r, v);
                    break;
                default:
                    throw new IllegalStateException("section without a reader: " + sid);
            }
            if (r.position() != payloadEnd) {
                throw r.error("section size mismatch", r.position());
            }
            r.limit(end);
            if (sid != SectionId.CUSTOM) {
                last = sid;
            }
        }
        if (Math.max(functionCount, 0) != Math.max(codeCount, 0)) {
            throw new MalformedModuleException("function and code section have inconsistent lengths", end);
        }
        if (dataCountDeclared >= 0 && dataCountDeclared != Math.max(dataSegments, 0)) {
            throw new MalformedModuleException("data count and data section have inconsistent lengths", end);
        }
        if (header) {
            v.visitEnd();
        }
    }

    private int readI32LE(int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16 | (bytes[at + 3] & 0xFF) << 24;
    }

    private void readCustom(ByteReader r, ModuleVisitor v, SectionId after) {
        int nameAt = r.position();
        String name = r.name();
        int payload = r.position();
        int payloadEnd = r.limit();
        if (name.equals("name")) {
            NameSection names = NameSectionCodec.tryRead(bytes, payload, payloadEnd);
            if (names != null) {
                names.after(after);
                v.visitNameSection(names);
                r.position(payloadEnd);
                return;
            }
        }
        if (payload > payloadEnd) {
            throw r.error("unexpected end", nameAt);
        }
        v.visitCustomSection(new CustomSection(name, bytes, payload, payloadEnd - payload, after));
        r.position(payloadEnd);
    }

    private void readTypes(ByteReader r, ModuleVisitor v) {
        for (int i = 0, n = r.count(1); i < n; i++) {
            if (r.peekU8() == 0x4E) {
                r.u8();
                int m = r.count(1);
                List<SubType> group = new ArrayList<>(Math.min(m, 64));
                for (int j = 0; j < m; j++) {
                    group.add(readSubType(r));
                }
                v.visitRecGroup(new RecGroup(group, true));
            } else {
                v.visitRecGroup(new RecGroup(List.of(readSubType(r)), false));
            }
        }
    }

    private SubType readSubType(ByteReader r) {
        int b = r.peekU8();
        if (b == 0x50 || b == 0x4F) {
            r.u8();
            int n = r.count(1);
            List<Integer> supers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                supers.add(r.u32());
            }
            return new SubType(b == 0x4F, supers, readCompositeType(r), false);
        }
        return SubType.of(readCompositeType(r));
    }

    private CompositeType readCompositeType(ByteReader r) {
        int at = r.position();
        int form = r.u8();
        switch (form) {
            case 0x60: {
                List<ValType> params = readValTypes(r);
                return new FuncType(params, readValTypes(r));
            }
            case 0x5F: {
                int n = r.count(2);
                List<FieldType> fields = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    fields.add(readFieldType(r));
                }
                return new StructType(fields);
            }
            case 0x5E:
                return new ArrayType(readFieldType(r));
            default:
                throw r.error("malformed type", at);
        }
    }

    private FieldType readFieldType(ByteReader r) {
        ValType storage = TypeDecoder.storageType(r);
        return new FieldType(storage, readMutability(r));
    }

    private boolean readMutability(ByteReader r) {
        int at = r.position();
        int m = r.u8();
        if (m > 1) {
            throw r.error("malformed mutability", at);
        }
        return m == 1;
    }

    private List<ValType> readValTypes(ByteReader r) {
        int n = r.count(1);
        if (n == 0) {
            return List.of();
        }
        ValType[] types = new ValType[n];
        for (int i = 0; i < n; i++) {
            types[i] = TypeDecoder.valType(r);
        }
        return Arrays.asList(types);
    }

    private int readImports(ByteReader r, ModuleVisitor v) {
        int functions = 0;
        for (int i = 0, n = r.count(4); i < n; i++) {
            String module = r.name();
            String name = r.name();
            int at = r.position();
            int kind = r.u8();
            ExternType type;
            switch (kind) {
                case 0:
                    type = new FuncImportType(r.u32());
                    functions++;
                    break;
                case 1:
                    type = readTableType(r);
                    break;
                case 2:
                    type = new MemoryType(readLimits(r, true));
                    break;
                case 3:
                    type = readGlobalType(r);
                    break;
                case 4:
                    type = readTagType(r);
                    break;
                default:
                    throw r.error("malformed import kind", at);
            }
            v.visitImport(module, name, type);
        }
        return functions;
    }

    private int readFunctions(ByteReader r, ModuleVisitor v) {
        int n = r.count(1);
        for (int i = 0; i < n; i++) {
            v.visitFunction(r.u32());
        }
        return n;
    }

    private void readTables(ByteReader r, ModuleVisitor v) {
        for (int i = 0, n = r.count(2); i < n; i++) {
            if (r.peekU8() == 0x40) {
                r.u8();
                int at = r.position();
                if (r.u8() != 0) {
                    throw r.error("malformed table", at);
                }
                TableType tt = readTableType(r);
                v.visitTable(tt, readConstExpr(r));
            } else {
                v.visitTable(readTableType(r), null);
            }
        }
    }

    private TableType readTableType(ByteReader r) {
        int at = r.position();
        ValType t = TypeDecoder.valType(r);
        if (!t.isReference()) {
            throw r.error("malformed reference type", at);
        }
        return new TableType(t, readLimits(r, false));
    }

    private Limits readLimits(ByteReader r, boolean memory) {
        int at = r.position();
        int flags = r.u8();
        int allowed = memory ? 0x0F : 0x05;
        if ((flags & ~allowed) != 0) {
            throw r.error("malformed limits flags", at);
        }
        boolean is64 = (flags & 0x04) != 0;
        long min = is64 ? r.u64() : r.u32Long();
        long max = (flags & 0x01) != 0 ? (is64 ? r.u64() : r.u32Long()) : -1;
        int pageSize = -1;
        if ((flags & 0x08) != 0) {
            int pat = r.position();
            long log2 = r.u32Long();
            pageSize = (int) Math.min(log2, 65);
            if (log2 > 64) {
                throw r.error("malformed custom page size", pat);
            }
        }
        return new Limits(min, max, (flags & 0x02) != 0, is64, pageSize);
    }

    private GlobalType readGlobalType(ByteReader r) {
        ValType t = TypeDecoder.valType(r);
        return new GlobalType(t, readMutability(r));
    }

    private TagType readTagType(ByteReader r) {
        int at = r.position();
        int attribute = r.u8();
        if (attribute != 0) {
            throw r.error("malformed tag attribute", at);
        }
        return new TagType(attribute, r.u32());
    }

    private final InstructionDecoder exprDecoder = new InstructionDecoder(true, null);

    private ConstExpr readConstExpr(ByteReader r) {
        int exprStart = r.position();
        exprDecoder.decode(r, null);
        return ConstExpr.wrap(Arrays.copyOfRange(bytes, exprStart, r.position()));
    }

    private void readExports(ByteReader r, ModuleVisitor v) {
        for (int i = 0, n = r.count(3); i < n; i++) {
            String name = r.name();
            int at = r.position();
            ExternalKind kind = ExternalKind.of(r.u8());
            if (kind == null) {
                throw r.error("malformed export kind", at);
            }
            v.visitExport(name, kind, r.u32());
        }
    }

    private void readElements(ByteReader r, ModuleVisitor v) {
        for (int i = 0, n = r.count(2); i < n; i++) {
            int at = r.position();
            long flags = r.u32Long();
            if (flags > 7) {
                throw r.error("malformed elements segment kind", at);
            }
            int f = (int) flags;
            SegmentMode mode = (f & 1) == 0 ? SegmentMode.ACTIVE : (f & 2) == 0 ? SegmentMode.PASSIVE : SegmentMode.DECLARATIVE;
            int table = (f & 3) == 2 ? r.u32() : 0;
            ConstExpr offset = mode == SegmentMode.ACTIVE ? readConstExpr(r) : null;
            boolean exprs = (f & 4) != 0;
            ValType type = ValType.FUNCREF;
            if ((f & 3) != 0) {
                if (exprs) {
                    int tat = r.position();
                    type = TypeDecoder.valType(r);
                    if (!type.isReference()) {
                        throw r.error("malformed reference type", tat);
                    }
                } else {
                    int kat = r.position();
                    if (r.u8() != 0) {
                        throw r.error("malformed element kind", kat);
                    }
                }
            }
            int count = r.count(1);
            if (exprs) {
                List<ConstExpr> list = new ArrayList<>(count);
                for (int j = 0; j < count; j++) {
                    list.add(readConstExpr(r));
                }
                v.visitElement(new ElementSegment(mode, table, offset, type, null, list, f));
            } else {
                int[] functions = new int[count];
                for (int j = 0; j < count; j++) {
                    functions[j] = r.u32();
                }
                v.visitElement(new ElementSegment(mode, table, offset, type, functions, null, f));
            }
        }
    }

    private int readCode(ByteReader r, ModuleVisitor v, InstructionDecoder decoder, int importedFunctions,
                         ModuleSummary s, int functionCount) {
        int sectionEnd = r.limit();
        int n = r.count(2);
        if (n != Math.max(functionCount, 0)) {
            throw r.error("function and code section have inconsistent lengths", r.position());
        }
        for (int i = 0; i < n; i++) {
            int size = r.size("unexpected end of section or function");
            int bodyStart = r.position();
            int bodyEnd = bodyStart + size;
            CodeVisitor cv = v.visitCode(importedFunctions + i);
            if (cv == null) {
                r.position(bodyEnd);
                continue;
            }
            if (cv instanceof CodeWriter cw && cw.canCopyFrom(this)) {
                cw.copyBody(bytes, bodyStart, size);
                r.position(bodyEnd);
                continue;
            }
            r.limit(bodyEnd);
            long total = 0;
            for (int g = 0, groups = r.count(2); g < groups; g++) {
                int cat = r.position();
                long count = r.u32Long();
                total += count;
                if (total > 0xFFFFFFFFL) {
                    throw r.error("too many locals", cat);
                }
                ValType t = TypeDecoder.valType(r);
                if (count > Integer.MAX_VALUE) {
                    throw r.error("too many locals", cat);
                }
                if (count > 0) {
                    cv.visitLocals((int) count, t);
                }
            }
            cv.visitBodyStart();
            decoder.decode(r, cv);
            if (r.position() != bodyEnd) {
                throw r.error("section size mismatch", r.position());
            }
            r.limit(sectionEnd);
        }
        return n;
    }

    private int readData(ByteReader r, ModuleVisitor v) {
        int n = r.count(1);
        for (int i = 0; i < n; i++) {
            int at = r.position();
            long flags = r.u32Long();
            if (flags > 2) {
                throw r.error("malformed data segment kind", at);
            }
            int memory = flags == 2 ? r.u32() : 0;
            ConstExpr offset = flags == 1 ? null : readConstExpr(r);
            int len = r.size("unexpected end of section or function");
            int off = r.position();
            r.skip(len);
            v.visitData(new DataSegment(flags == 1 ? SegmentMode.PASSIVE : SegmentMode.ACTIVE, memory, offset, bytes, off, len, (int) flags));
        }
        return n;
    }
}
