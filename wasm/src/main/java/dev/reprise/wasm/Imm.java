package dev.reprise.wasm;

/**
 * The kind of immediate operands that follow an opcode in the binary format. Each {@link Opcode}
 * has exactly one kind; the reader, writer, printer and remapper switch on it.
 *
 * <p>Index-bearing kinds name the {@link IndexSpace} of each index, so that one remapper can
 * rewrite every index of every instruction without knowing individual opcodes.
 */
public enum Imm {
    /** No immediate. */
    NONE,
    /** A block type: {@code block}, {@code loop}, {@code if}, legacy {@code try}. */
    BLOCK,
    /** One label depth: {@code br}, {@code br_if}, {@code br_on_null}, {@code br_on_non_null}, {@code delegate}, {@code rethrow}. */
    LABEL(IndexSpace.LABEL),
    /** {@code br_table}: a vector of label depths and a default label. */
    BR_TABLE,
    /** One function index: {@code call}, {@code return_call}, {@code ref.func}. */
    FUNC(IndexSpace.FUNCTION),
    /** One type index: {@code call_ref}, {@code struct.new}, {@code array.get}, ... */
    TYPE(IndexSpace.TYPE),
    /** A type index then a table index: {@code call_indirect}, {@code return_call_indirect}. */
    TYPE_TABLE(IndexSpace.TYPE, IndexSpace.TABLE),
    /** One local index. */
    LOCAL(IndexSpace.LOCAL),
    /** One global index. */
    GLOBAL(IndexSpace.GLOBAL),
    /** One table index: {@code table.get/set/size/grow/fill}. */
    TABLE(IndexSpace.TABLE),
    /** Destination then source table: {@code table.copy}. */
    TABLE_TABLE(IndexSpace.TABLE, IndexSpace.TABLE),
    /** An element segment then a table: {@code table.init}. */
    ELEM_TABLE(IndexSpace.ELEMENT, IndexSpace.TABLE),
    /** One element segment index: {@code elem.drop}. */
    ELEM(IndexSpace.ELEMENT),
    /** A memarg (alignment, optional memory index, offset): loads, stores, atomics. */
    MEMARG,
    /** A memarg then a lane index: {@code v128.load8_lane} and friends. */
    MEMARG_LANE,
    /** One memory index: {@code memory.size}, {@code memory.grow}, {@code memory.fill}. */
    MEM(IndexSpace.MEMORY),
    /** Destination then source memory: {@code memory.copy}. */
    MEM_MEM(IndexSpace.MEMORY, IndexSpace.MEMORY),
    /** A data segment then a memory: {@code memory.init}. */
    DATA_MEM(IndexSpace.DATA, IndexSpace.MEMORY),
    /** One data segment index: {@code data.drop}. */
    DATA(IndexSpace.DATA),
    /** One tag index: {@code throw}, legacy {@code catch}. */
    TAG(IndexSpace.TAG),
    /** A signed 32-bit LEB128 constant: {@code i32.const}. */
    I32,
    /** A signed 64-bit LEB128 constant: {@code i64.const}. */
    I64,
    /** Four little-endian bytes of an IEEE 754 single: {@code f32.const}. */
    F32,
    /** Eight little-endian bytes of an IEEE 754 double: {@code f64.const}. */
    F64,
    /** Sixteen bytes: {@code v128.const}. */
    V128,
    /** Sixteen lane indices: {@code i8x16.shuffle}. */
    SHUFFLE,
    /** One lane index byte: {@code extract_lane}, {@code replace_lane}. */
    LANE,
    /** A heap type (s33): {@code ref.null}, {@code ref.test}, {@code ref.cast}. */
    HEAP_TYPE,
    /** A vector of value types: typed {@code select}. */
    SELECT_TYPES,
    /** A block type then a vector of catch clauses: {@code try_table}. */
    TRY_TABLE,
    /** A type index then a field index: {@code struct.get}, {@code struct.set}. */
    TYPE_FIELD(IndexSpace.TYPE, IndexSpace.FIELD),
    /** Two type indices: {@code array.copy}. */
    TYPE_TYPE(IndexSpace.TYPE, IndexSpace.TYPE),
    /** A type index then an element count: {@code array.new_fixed}. */
    TYPE_COUNT(IndexSpace.TYPE, IndexSpace.NONE),
    /** A type index then a data segment: {@code array.new_data}, {@code array.init_data}. */
    TYPE_DATA(IndexSpace.TYPE, IndexSpace.DATA),
    /** A type index then an element segment: {@code array.new_elem}, {@code array.init_elem}. */
    TYPE_ELEM(IndexSpace.TYPE, IndexSpace.ELEMENT),
    /** Cast flags, a label and two heap types: {@code br_on_cast}, {@code br_on_cast_fail}. */
    BR_ON_CAST,
    /** A single reserved zero byte: {@code atomic.fence}. */
    ZERO_BYTE;

    private final IndexSpace first;
    private final IndexSpace second;

    Imm() {
        this(null, null);
    }

    Imm(IndexSpace first) {
        this(first, null);
    }

    Imm(IndexSpace first, IndexSpace second) {
        this.first = first;
        this.second = second;
    }

    /** The index space of the single index, or of the first of a pair; null when this kind has no index. */
    public IndexSpace firstSpace() {
        return first;
    }

    /** The index space of the second index of a pair; null when this kind is not a pair. */
    public IndexSpace secondSpace() {
        return second;
    }

    /** True when the immediate is exactly one index ({@link CodeVisitor#visitIndexInsn}). */
    public boolean isSingleIndex() {
        return first != null && second == null;
    }

    /** True when the immediate is exactly two indices ({@link CodeVisitor#visitIndexPairInsn}). */
    public boolean isIndexPair() {
        return second != null;
    }
}
