package dev.reprise.wasm;

/**
 * The one opcode table of reprise. Every standardised instruction appears once, with its prefix
 * byte (0 for single-byte opcodes), its code (the byte, or the LEB128 u32 after the prefix), its
 * text-format name and the kind of immediate that follows it. Reader, writer, printer and
 * instrumenter all work from this table.
 */
public enum Opcode {
    // ---- control (0x00 - 0x1F) ----
    UNREACHABLE(0, 0x00, "unreachable", Imm.NONE),
    NOP(0, 0x01, "nop", Imm.NONE),
    BLOCK(0, 0x02, "block", Imm.BLOCK),
    LOOP(0, 0x03, "loop", Imm.BLOCK),
    IF(0, 0x04, "if", Imm.BLOCK),
    ELSE(0, 0x05, "else", Imm.NONE),
    END(0, 0x0B, "end", Imm.NONE),
    BR(0, 0x0C, "br", Imm.LABEL),
    BR_TABLE(0, 0x0E, "br_table", Imm.BR_TABLE),
    CALL(0, 0x10, "call", Imm.FUNC),
    CALL_INDIRECT(0, 0x11, "call_indirect", Imm.TYPE_TABLE),
    I32_CONST(0, 0x41, "i32.const", Imm.I32),
    I32_LOAD(0, 0x28, "i32.load", Imm.MEMARG),
    // TODO(opcode table): every other standardised opcode.
    ;

    /** Prefix byte of the misc (saturating truncation, bulk memory, table) instructions. */
    public static final int PREFIX_FC = 0xFC;
    /** Prefix byte of the SIMD instructions. */
    public static final int PREFIX_SIMD = 0xFD;
    /** Prefix byte of the threads (atomic) instructions. */
    public static final int PREFIX_ATOMIC = 0xFE;
    /** Prefix byte of the GC instructions. */
    public static final int PREFIX_GC = 0xFB;

    private static final Opcode[] SINGLE = new Opcode[256];
    private static final Opcode[] FC = new Opcode[64];
    private static final Opcode[] SIMD = new Opcode[512];
    private static final Opcode[] ATOMIC = new Opcode[128];
    private static final Opcode[] GC = new Opcode[64];

    static {
        for (Opcode op : values()) {
            Opcode[] table = tableFor(op.prefix);
            if (table[op.code] != null) {
                throw new IllegalStateException("duplicate opcode " + op + " and " + table[op.code]);
            }
            table[op.code] = op;
        }
    }

    private final int prefix;
    private final int code;
    private final String text;
    private final Imm imm;

    Opcode(int prefix, int code, String text, Imm imm) {
        this.prefix = prefix;
        this.code = code;
        this.text = text;
        this.imm = imm;
    }

    /** The prefix byte, or 0 for a single-byte opcode. */
    public int prefix() {
        return prefix;
    }

    /** The opcode byte, or the u32 that follows the prefix. */
    public int code() {
        return code;
    }

    /** The name in the text format, e.g. {@code i32.load8_u}. */
    public String text() {
        return text;
    }

    /** The kind of immediate that follows the opcode. */
    public Imm imm() {
        return imm;
    }

    /** The opcode for a single byte, or null when the byte is a prefix or unassigned. */
    public static Opcode single(int b) {
        return SINGLE[b & 0xFF];
    }

    /** The opcode for a prefix byte and the u32 after it, or null when unassigned. */
    public static Opcode prefixed(int prefix, long code) {
        Opcode[] table = tableFor(prefix);
        return code >= 0 && code < table.length ? table[(int) code] : null;
    }

    /** True when {@code b} is one of the prefix bytes 0xFB, 0xFC, 0xFD, 0xFE. */
    public static boolean isPrefix(int b) {
        return b == PREFIX_FC || b == PREFIX_SIMD || b == PREFIX_ATOMIC || b == PREFIX_GC;
    }

    private static Opcode[] tableFor(int prefix) {
        switch (prefix) {
            case 0: return SINGLE;
            case PREFIX_FC: return FC;
            case PREFIX_SIMD: return SIMD;
            case PREFIX_ATOMIC: return ATOMIC;
            case PREFIX_GC: return GC;
            default: throw new IllegalArgumentException("not an opcode prefix: 0x" + Integer.toHexString(prefix));
        }
    }
}
