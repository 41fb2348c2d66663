package dev.reprise.runtime;

import java.nio.file.Path;

/**
 * A preopened directory: the host folder {@code host} copied into the sandbox and shown to
 * the guest as {@code guest}; written back to the host at exit only when {@code readWrite}.
 */
public record DirMapping(String guest, Path host, boolean readWrite) {
    public DirMapping {
        if (guest == null || guest.isEmpty()) {
            throw new IllegalArgumentException("guest directory name must not be empty");
        }
        if (host == null) {
            throw new IllegalArgumentException("host directory must be given for guest '" + guest + "'");
        }
    }

    /** Parses {@code GUEST=HOST}, {@code GUEST=HOST:rw}, {@code GUEST=HOST:ro} or just {@code DIR}. */
    public static DirMapping parse(String spec) {
        boolean rw = false;
        String s = spec;
        if (s.endsWith(":rw")) {
            rw = true;
            s = s.substring(0, s.length() - 3);
        } else if (s.endsWith(":ro")) {
            s = s.substring(0, s.length() - 3);
        }
        int eq = s.indexOf('=');
        if (eq < 0) {
            return new DirMapping(s, Path.of(s), rw);
        }
        if (eq == 0 || eq == s.length() - 1) {
            throw new IllegalArgumentException("bad --dir mapping '" + spec + "' (expected GUEST=HOST[:rw])");
        }
        return new DirMapping(s.substring(0, eq), Path.of(s.substring(eq + 1)), rw);
    }
}
