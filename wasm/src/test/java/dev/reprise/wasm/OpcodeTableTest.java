package dev.reprise.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Checks the opcode table against the counts, gaps and names of the WebAssembly spec. */
class OpcodeTableTest {

    private static TreeSet<Integer> codes(int prefix) {
        TreeSet<Integer> codes = new TreeSet<>();
        for (Opcode op : Opcode.values()) {
            if (op.prefix() == prefix) {
                codes.add(op.code());
            }
        }
        return codes;
    }

    private static Set<Integer> range(int from, int toInclusive) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int i = from; i <= toInclusive; i++) {
            s.add(i);
        }
        return s;
    }

    @Test
    void singleByteOpcodesMatchTheSpec() {
        TreeSet<Integer> single = codes(0);
        // MVP: control 0x00-0x05, 0x0B-0x11; drop/select; variables; memory, constants, numeric.
        Set<Integer> mvp = new TreeSet<>();
        mvp.addAll(range(0x00, 0x05));
        mvp.addAll(range(0x0B, 0x11));
        mvp.addAll(range(0x1A, 0x1B));
        mvp.addAll(range(0x20, 0x24));
        mvp.addAll(range(0x28, 0xBF));
        assertEquals(172, mvp.size());
        assertTrue(single.containsAll(mvp));
        // Everything after the MVP, by proposal.
        Set<Integer> later = new TreeSet<>();
        later.addAll(range(0xC0, 0xC4));                  // sign extension
        later.addAll(Set.of(0x1C, 0x25, 0x26, 0xD0, 0xD1, 0xD2)); // reference types
        later.addAll(Set.of(0x12, 0x13));                  // tail calls
        later.addAll(Set.of(0x14, 0x15, 0xD3, 0xD4, 0xD5, 0xD6)); // typed function references
        later.addAll(Set.of(0x08, 0x0A, 0x1F));            // exception handling
        later.addAll(Set.of(0x06, 0x07, 0x09, 0x18, 0x19)); // legacy exception handling
        Set<Integer> expected = new TreeSet<>(mvp);
        expected.addAll(later);
        assertEquals(expected, single);
        assertEquals(199, single.size());
    }

    @Test
    void prefixedCountsMatchTheSpec() {
        assertEquals(range(0, 17), codes(Opcode.PREFIX_FC));

        Set<Integer> atomic = range(0x00, 0x03);
        atomic.addAll(range(0x10, 0x4E));
        assertEquals(atomic, codes(Opcode.PREFIX_ATOMIC));
        assertEquals(67, atomic.size());

        assertEquals(range(0, 30), codes(Opcode.PREFIX_GC));

        Set<Integer> simd = range(0x00, 0xFF);
        // The unassigned codes of the final fixed-width SIMD spec.
        simd.removeAll(List.of(0x9A, 0xA2, 0xA5, 0xA6, 0xAF, 0xB0, 0xB2, 0xB3, 0xB4, 0xBB,
                0xC2, 0xC5, 0xC6, 0xCF, 0xD0, 0xD2, 0xD3, 0xD4, 0xE2, 0xEE));
        assertEquals(236, simd.size());
        Set<Integer> relaxed = range(0x100, 0x113);
        assertEquals(20, relaxed.size());
        simd.addAll(relaxed);
        assertEquals(simd, codes(Opcode.PREFIX_SIMD));

        assertEquals(199 + 18 + 256 + 67 + 31, Opcode.values().length);
    }

    @Test
    void oddlyPlacedOpcodes() {
        assertSame(Opcode.F32X4_DEMOTE_F64X2_ZERO, Opcode.prefixed(0xFD, 0x5E));
        assertSame(Opcode.F64X2_PROMOTE_LOW_F32X4, Opcode.prefixed(0xFD, 0x5F));
        assertSame(Opcode.I16X8_EXTADD_PAIRWISE_I8X16_S, Opcode.prefixed(0xFD, 0x7C));
        assertSame(Opcode.I32X4_EXTADD_PAIRWISE_I16X8_U, Opcode.prefixed(0xFD, 0x7F));
        assertSame(Opcode.F64X2_NEAREST, Opcode.prefixed(0xFD, 0x94));
        assertSame(Opcode.F32X4_CEIL, Opcode.prefixed(0xFD, 0x67));
        assertSame(Opcode.I32X4_DOT_I16X8_S, Opcode.prefixed(0xFD, 0xBA));
        assertSame(Opcode.I32X4_TRUNC_SAT_F64X2_U_ZERO, Opcode.prefixed(0xFD, 0xFD));
        assertSame(Opcode.I16X8_RELAXED_DOT_I8X16_I7X16_S, Opcode.prefixed(0xFD, 0x112));
        assertSame(Opcode.I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S, Opcode.prefixed(0xFD, 0x113));
        assertSame(Opcode.MEMORY_ATOMIC_NOTIFY, Opcode.prefixed(0xFE, 0));
        assertSame(Opcode.I64_ATOMIC_RMW32_CMPXCHG_U, Opcode.prefixed(0xFE, 0x4E));
        assertSame(Opcode.TABLE_FILL, Opcode.prefixed(0xFC, 17));
        assertSame(Opcode.I31_GET_U, Opcode.prefixed(0xFB, 30));
        assertSame(Opcode.SELECT_T, Opcode.single(0x1C));
        assertSame(Opcode.TRY_TABLE, Opcode.single(0x1F));
    }

    @Test
    void textNamesAreUniqueExceptTypedSelect() {
        Map<String, List<Opcode>> byText = new HashMap<>();
        for (Opcode op : Opcode.values()) {
            assertFalse(op.text().isEmpty(), op.name());
            byText.computeIfAbsent(op.text(), k -> new ArrayList<>()).add(op);
        }
        for (Map.Entry<String, List<Opcode>> e : byText.entrySet()) {
            if (e.getKey().equals("select")) {
                assertEquals(List.of(Opcode.SELECT, Opcode.SELECT_T), e.getValue());
            } else {
                assertEquals(1, e.getValue().size(), "duplicate text " + e.getKey());
            }
        }
    }

    @Test
    void enumNamesFollowTextNames() {
        for (Opcode op : Opcode.values()) {
            if (op != Opcode.SELECT_T) {
                assertEquals(op.text().toUpperCase().replace('.', '_').replace(' ', '_'), op.name());
            }
        }
    }

    @Test
    void lookupRoundTrips() {
        for (Opcode op : Opcode.values()) {
            if (op.prefix() == 0) {
                assertSame(op, Opcode.single(op.code()), op.name());
                assertFalse(Opcode.isPrefix(op.code()), op.name());
            } else {
                assertTrue(Opcode.isPrefix(op.prefix()), op.name());
                assertSame(op, Opcode.prefixed(op.prefix(), op.code()), op.name());
            }
        }
        for (int p : new int[] {0xFB, 0xFC, 0xFD, 0xFE}) {
            assertNull(Opcode.single(p));
            assertNull(Opcode.prefixed(p, -1));
            assertNull(Opcode.prefixed(p, 0x114));
            assertNull(Opcode.prefixed(p, 1L << 32));
        }
        assertNull(Opcode.prefixed(0xFD, 0x9A));
        assertNull(Opcode.single(0x27));
        assertFalse(Opcode.isPrefix(0xFF));
    }

    private static final Pattern WIDTH = Pattern.compile("(?:load|store|rmw|wait)(\\d+)(?:x(\\d+))?");

    private static int typeOf(String text) {
        if (text.startsWith("i32.") || text.startsWith("memory.atomic.")) {
            return 0x7F; // wait and notify produce an i32
        }
        if (text.startsWith("i64.")) {
            return 0x7E;
        }
        if (text.startsWith("f32.")) {
            return 0x7D;
        }
        if (text.startsWith("f64.")) {
            return 0x7C;
        }
        if (text.startsWith("v128.")) {
            return 0x7B;
        }
        throw new AssertionError("no value type in " + text);
    }

    private static int naturalBytes(int valueType) {
        switch (valueType) {
            case 0x7F: case 0x7D: return 4;
            case 0x7E: case 0x7C: return 8;
            case 0x7B: return 16;
            default: throw new AssertionError(valueType);
        }
    }

    @Test
    void memoryAccessMetadataMatchesNames() {
        int memargs = 0;
        for (Opcode op : Opcode.values()) {
            String t = op.text();
            boolean memarg = op.imm() == Imm.MEMARG || op.imm() == Imm.MEMARG_LANE;
            if (!memarg) {
                assertEquals(Opcode.Access.NONE, op.access(), t);
                assertEquals(0, op.accessBytes(), t);
                assertEquals(0, op.valueType(), t);
                assertEquals(-1, op.naturalAlignLog2(), t);
                continue;
            }
            memargs++;
            Opcode.Access expected;
            if (t.contains(".rmw")) {
                expected = Opcode.Access.RMW;
            } else if (t.contains(".wait")) {
                expected = Opcode.Access.WAIT;
            } else if (t.contains(".notify")) {
                expected = Opcode.Access.NOTIFY;
            } else if (t.contains(".load") || t.contains(".atomic.load")) {
                expected = Opcode.Access.LOAD;
            } else if (t.contains(".store") || t.contains(".atomic.store")) {
                expected = Opcode.Access.STORE;
            } else {
                throw new AssertionError("memarg opcode with no access in its name: " + t);
            }
            assertEquals(expected, op.access(), t);
            assertEquals(typeOf(t), op.valueType(), t);

            Matcher m = WIDTH.matcher(t);
            int bytes;
            if (t.equals("memory.atomic.notify")) {
                bytes = 4;
            } else if (m.find()) {
                int bits = Integer.parseInt(m.group(1)) * (m.group(2) == null ? 1 : Integer.parseInt(m.group(2)));
                bytes = bits / 8;
            } else {
                bytes = naturalBytes(op.valueType());
            }
            assertEquals(bytes, op.accessBytes(), t);
            assertEquals(Integer.numberOfTrailingZeros(bytes), op.naturalAlignLog2(), t);
            assertEquals(t.endsWith("_lane"), op.imm() == Imm.MEMARG_LANE, t);
        }
        assertEquals(23 + 14 + 8 + 66, memargs);
        assertEquals(2, Opcode.I64_LOAD16_S.accessBytes());
        assertEquals(8, Opcode.V128_LOAD8X8_S.accessBytes());
        assertEquals(4, Opcode.V128_LOAD32_ZERO.accessBytes());
        assertEquals(1, Opcode.V128_LOAD8_SPLAT.accessBytes());
        assertEquals(Opcode.Access.STORE, Opcode.V128_STORE64_LANE.access());
        assertEquals(8, Opcode.MEMORY_ATOMIC_WAIT64.accessBytes());
        assertEquals(0x7F, Opcode.MEMORY_ATOMIC_WAIT64.valueType());
        assertEquals(Opcode.Access.RMW, Opcode.I32_ATOMIC_RMW_CMPXCHG.access());
    }

    @Test
    void immediateKinds() {
        for (Opcode op : Opcode.values()) {
            String t = op.text();
            boolean lane = t.endsWith("extract_lane_s") || t.endsWith("extract_lane_u")
                    || t.endsWith("extract_lane") || t.endsWith("replace_lane");
            assertEquals(lane, op.imm() == Imm.LANE, t);
        }
        assertEquals(Imm.NONE, Opcode.SELECT.imm());
        assertEquals(Imm.SELECT_TYPES, Opcode.SELECT_T.imm());
        assertEquals(Imm.ZERO_BYTE, Opcode.ATOMIC_FENCE.imm());
        assertEquals(Imm.V128, Opcode.V128_CONST.imm());
        assertEquals(Imm.SHUFFLE, Opcode.I8X16_SHUFFLE.imm());
        assertEquals(Imm.TRY_TABLE, Opcode.TRY_TABLE.imm());
        assertEquals(Imm.TYPE_TABLE, Opcode.RETURN_CALL_INDIRECT.imm());
        assertEquals(Imm.TYPE, Opcode.RETURN_CALL_REF.imm());
        assertEquals(Imm.LABEL, Opcode.DELEGATE.imm());
        assertEquals(Imm.LABEL, Opcode.BR_ON_NON_NULL.imm());
        assertEquals(Imm.DATA_MEM, Opcode.MEMORY_INIT.imm());
        assertEquals(Imm.ELEM_TABLE, Opcode.TABLE_INIT.imm());
        assertEquals(Imm.MEM_MEM, Opcode.MEMORY_COPY.imm());
        assertEquals(Imm.TYPE_FIELD, Opcode.STRUCT_GET_U.imm());
        assertEquals(Imm.TYPE_COUNT, Opcode.ARRAY_NEW_FIXED.imm());
        assertEquals(Imm.TYPE_TYPE, Opcode.ARRAY_COPY.imm());
        assertEquals(Imm.TYPE_ELEM, Opcode.ARRAY_INIT_ELEM.imm());
        assertEquals(Imm.NONE, Opcode.ARRAY_LEN.imm());
        assertEquals(Imm.HEAP_TYPE, Opcode.REF_CAST_NULL.imm());
        assertEquals(Imm.BR_ON_CAST, Opcode.BR_ON_CAST_FAIL.imm());
        assertNotEquals(Opcode.REF_TEST.text(), Opcode.REF_TEST_NULL.text());
    }
}
