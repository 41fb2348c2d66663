package dev.reprise.transform;

/**
 * A whole-module rewrite: bytes in, bytes out. Each pass is built from delegating visitors; a
 * pass that has nothing to change returns its input unchanged (byte for byte).
 */
public interface Pass {
    /** The name used on the command line ({@code reprise rewrite --pass NAME}). */
    String name();

    /** One line saying what the pass does. */
    String description();

    byte[] apply(byte[] module);
}
