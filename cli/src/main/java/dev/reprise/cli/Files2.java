package dev.reprise.cli;

import dev.reprise.record.host.OutputFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading inputs with clear errors and writing outputs atomically (temporary file, then rename). */
public final class Files2 {
    private Files2() {
    }

    /** Reads a whole input file; a missing or unreadable file is a {@link UserError} (66). */
    public static byte[] read(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new UserError(ExitCode.NO_INPUT, file + ": is a directory, not a file");
            }
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) {
                throw new UserError(ExitCode.BAD_INPUT, file + ": " + String.format("%,d", size)
                        + " bytes, more than reprise reads into memory at once (2 GB)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** The name of this process's standard input where a file is expected ({@code --stdin -}). */
    public static final String STANDARD_INPUT = "-";

    /** Whether {@code file} names this process's standard input ({@value #STANDARD_INPUT}). */
    public static boolean isStandardInput(Path file) {
        return file.toString().equals(STANDARD_INPUT);
    }

    /** {@link #read} of a file, or this process's standard input to its end for {@value #STANDARD_INPUT}. */
    public static byte[] readInput(Path file) {
        if (!isStandardInput(file)) {
            return read(file);
        }
        try {
            return System.in.readAllBytes();
        } catch (IOException e) {
            throw new UserError(ExitCode.NO_INPUT, "standard input: cannot read: " + e.getMessage());
        }
    }

    /**
     * Whether this process's standard input is a regular file with something in it (a shell's
     * {@code < FILE}); false where that cannot be told.
     */
    public static boolean stdinIsAFile() {
        Path fd0 = Path.of("/proc/self/fd/0");
        try {
            return Files.isRegularFile(fd0) && Files.size(fd0) > 0;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The one-line error (66) for an input file that cannot be read. */
    private static UserError unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new UserError(ExitCode.NO_INPUT, file + ": no such file");
        }
        if (e instanceof AccessDeniedException) {
            return new UserError(ExitCode.NO_INPUT, file + ": permission denied");
        }
        return new UserError(ExitCode.NO_INPUT, file + ": cannot read: " + e.getMessage());
    }

    /**
     * The first {@code n} bytes of an input file (fewer when it is shorter), for a file streamed
     * afterwards; a missing or unreadable file is a {@link UserError} (66), as for {@link #read}.
     */
    public static byte[] readHead(Path file, int n) {
        try {
            if (Files.isDirectory(file)) {
                throw new UserError(ExitCode.NO_INPUT, file + ": is a directory, not a file");
            }
            try (java.io.InputStream in = Files.newInputStream(file)) {
                return in.readNBytes(n);
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * A {@code --dir GUEST=HOST[:rw]} mapping whose host folder exists and can be read: a bad
     * mapping is a usage error (64), a missing or unreadable folder a {@link UserError} (66).
     */
    public static dev.reprise.runtime.DirMapping dirMapping(String spec) {
        dev.reprise.runtime.DirMapping d;
        try {
            d = dev.reprise.runtime.DirMapping.parse(spec);
        } catch (RuntimeException e) {
            throw new UserError(ExitCode.USAGE, "--dir " + spec + ": " + e.getMessage());
        }
        if (!Files.isDirectory(d.host()) || !Files.isReadable(d.host())) {
            throw new UserError(ExitCode.NO_INPUT, "--dir " + spec + ": " + d.host()
                    + (Files.exists(d.host()) ? " is not a readable folder" : ": no such folder"));
        }
        return d;
    }

    /** What writes an output file's content. */
    @FunctionalInterface
    public interface Content {
        /** Writes the content to {@code out} (not to be closed). */
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /** Writes {@code bytes} to a temporary file beside {@code target}, then renames it over the target. */
    public static void writeAtomically(Path target, byte[] bytes) {
        writeAtomically(target, out -> out.write(bytes));
    }

    /**
     * Writes what {@code content} writes (streamed, never held whole) to a temporary file beside
     * {@code target}, then renames it over the target.
     */
    public static void writeAtomically(Path target, Content content) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError(ExitCode.CANNOT_WRITE, target + ": cannot write: no such folder " + dir);
        }
        Path tmp = null;
        try {
            tmp = OutputFiles.temporaryBeside(target);
            try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            OutputFiles.replace(tmp, target);
        } catch (IOException e) {
            throw new UserError(ExitCode.CANNOT_WRITE, target + ": cannot write: " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the rename already happened or the write failed
                }
            }
        }
    }
}
