package dev.reprise.benchmarks.corpus.internal;

import java.nio.charset.StandardCharsets;

/** The fields of a pax extended header ({@code "%d %s=%s\n"} records) that the tar reader uses. */
record PaxHeaders(String path, String linkPath, long size) {

    static PaxHeaders parse(byte[] data, long at) {
        String path = null;
        String link = null;
        long size = -1;
        int i = 0;
        while (i < data.length) {
            if (data[i] == 0) {
                break;                                  // trailing NUL padding
            }
            int sp = i;
            long len = 0;
            while (sp < data.length && data[sp] != ' ') {
                byte c = data[sp];
                if (c < '0' || c > '9') {
                    throw new MalformedTarException("bad pax record length", at);
                }
                len = len * 10 + (c - '0');
                sp++;
            }
            if (sp >= data.length || len <= sp - i + 1 || i + len > data.length || data[(int) (i + len - 1)] != '\n') {
                throw new MalformedTarException("bad pax record", at);
            }
            String rec = new String(data, sp + 1, (int) (i + len - 1 - (sp + 1)), StandardCharsets.UTF_8);
            int eq = rec.indexOf('=');
            if (eq < 0) {
                throw new MalformedTarException("pax record without '='", at);
            }
            String key = rec.substring(0, eq);
            String value = rec.substring(eq + 1);
            switch (key) {
                case "path" -> path = value;
                case "linkpath" -> link = value;
                case "size" -> {
                    try {
                        size = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new MalformedTarException("bad pax size \"" + value + "\"", at);
                    }
                }
                default -> { }
            }
            i += (int) len;
        }
        return new PaxHeaders(path, link, size);
    }
}
