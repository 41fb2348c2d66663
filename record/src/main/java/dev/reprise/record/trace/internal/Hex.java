package dev.reprise.record.trace.internal;

/** Hexadecimal text for byte arrays and numbers. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** Lower-case hex of {@code bytes}, cut to {@code max} bytes with "..." appended when longer. */
    public static String of(byte[] bytes, int max) {
        int n = Math.min(bytes.length, max);
        StringBuilder sb = new StringBuilder(2 * n + 3);
        for (int i = 0; i < n; i++) {
            sb.append(DIGITS[(bytes[i] >> 4) & 15]).append(DIGITS[bytes[i] & 15]);
        }
        if (n < bytes.length) {
            sb.append("...");
        }
        return sb.toString();
    }

    /** Lower-case hex of all of {@code bytes}. */
    public static String of(byte[] bytes) {
        return of(bytes, bytes.length);
    }

    /** The bytes of an even-length hex string; {@code null} when it is not one. */
    public static byte[] parse(String hex) {
        if ((hex.length() & 1) != 0) {
            return null;
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int a = Character.digit(hex.charAt(2 * i), 16);
            int b = Character.digit(hex.charAt(2 * i + 1), 16);
            if (a < 0 || b < 0) {
                return null;
            }
            out[i] = (byte) (a << 4 | b);
        }
        return out;
    }
}
