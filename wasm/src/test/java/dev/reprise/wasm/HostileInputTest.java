package dev.reprise.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.wasm.internal.ByteVector;
import java.io.PrintWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Inputs built to hurt a parser: deep nesting, huge declared counts, endless LEB128s. */
class HostileInputTest {
    private static byte[] module(int sectionId, ByteVector payload) {
        ByteVector m = new ByteVector();
        m.putI32LE(0x6D736100).putI32LE(1);
        m.putByte(sectionId).putU32(payload.length()).putBytes(payload);
        return m.toByteArray();
    }

    /** type () -> (), one function whose body is {@code body}. */
    private static byte[] oneFunction(ByteVector body) {
        ByteVector m = new ByteVector();
        m.putI32LE(0x6D736100).putI32LE(1);
        m.putByte(1).putU32(4).putByte(1).putByte(0x60).putByte(0).putByte(0);
        m.putByte(3).putU32(2).putByte(1).putByte(0);
        ByteVector code = new ByteVector();
        code.putU32(1).putU32(body.length()).putBytes(body);
        m.putByte(10).putU32(code.length()).putBytes(code);
        return m.toByteArray();
    }

    private static MalformedModuleException malformed(byte[] bytes) {
        return assertThrows(MalformedModuleException.class, () -> Modules.visitAll(bytes));
    }

    @Test
    void millionNestedBlocksReadPrintAndReencodeWithoutRecursion() {
        int depth = 1_000_000;
        ByteVector body = new ByteVector(2 * depth + 8);
        body.putU32(0);
        for (int i = 0; i < depth; i++) {
            body.putByte(0x02).putByte(0x40);
        }
        for (int i = 0; i < depth; i++) {
            body.putByte(0x0B);
        }
        body.putByte(0x0B);
        byte[] bytes = oneFunction(body);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Modules.visitAll(bytes);
            assertEquals(bytes.length, Modules.reencode(bytes).length);
            new ModuleReader(bytes).accept(new ModulePrinter(new PrintWriter(java.io.Writer.nullWriter())));
        });
    }

    @Test
    void hugeDeclaredCountsFailFast() {
        for (int section : new int[] {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}) {
            ByteVector p = new ByteVector();
            p.putU32(0xFFFFFFFF).putByte(0);
            MalformedModuleException e = malformed(module(section, p));
            assertTrue(e.reason().startsWith("unexpected end"), "section " + section + ": " + e.getMessage());
        }
    }

    @Test
    void hugeBrTableAndLocalCountsFailFast() {
        ByteVector body = new ByteVector();
        body.putU32(0).putByte(0x0E).putU32(0x7FFFFFFF).putByte(0).putByte(0x0B);
        assertTrue(malformed(oneFunction(body)).reason().startsWith("unexpected end"));
        ByteVector locals = new ByteVector();
        locals.putU32(2).putU32(0xFFFFFFFF).putByte(0x7F).putU32(0xFFFFFFFF).putByte(0x7F).putByte(0x0B);
        assertEquals("too many locals", malformed(oneFunction(locals)).reason());
    }

    @Test
    void endlessLeb128IsTooLong() {
        ByteVector body = new ByteVector();
        body.putU32(0).putByte(0x41);
        for (int i = 0; i < 20; i++) {
            body.putByte(0x80);
        }
        body.putByte(0).putByte(0x1A).putByte(0x0B);
        assertEquals("integer representation too long", malformed(oneFunction(body)).reason());
    }

    @Test
    void truncatedEverywhereIsUnexpectedEnd() {
        byte[] bytes = oneFunction(new ByteVector().putU32(0).putByte(0x41).putByte(0x7F).putByte(0x1A).putByte(0x0B));
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, len);
            if (len == 8 || len == 14) {
                Modules.visitAll(cut); // cut at a section boundary: the empty module, or types only
                continue;
            }
            MalformedModuleException e = malformed(cut);
            assertTrue(e.offset() <= len, e.getMessage());
        }
    }

    @Test
    void malformedNameSectionIsKeptAsAnOpaqueCustomSection() {
        ByteVector p = new ByteVector();
        p.putName("name").putByte(1).putU32(0xFFFFFF).putByte(3);
        byte[] bytes = module(0, p);
        Modules.visitAll(bytes);
        assertEquals(bytes.length, Modules.reencode(bytes).length);
    }
}
