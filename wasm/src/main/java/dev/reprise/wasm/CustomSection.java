package dev.reprise.wasm;

import java.util.Arrays;

/**
 * A custom section other than a well-formed {@code name} section, carried through untouched.
 *
 * @param name  the section's name
 * @param buf   array holding the payload (after the name)
 * @param off   start of the payload
 * @param len   payload length
 * @param after the last non-custom section before it, or null when it precedes them all; a
 *              writer puts it back at the same place
 */
public record CustomSection(String name, byte[] buf, int off, int len, SectionId after) {
    public static CustomSection of(String name, byte[] payload, SectionId after) {
        return new CustomSection(name, payload, 0, payload.length, after);
    }

    public byte[] payload() {
        return Arrays.copyOfRange(buf, off, off + len);
    }
}
