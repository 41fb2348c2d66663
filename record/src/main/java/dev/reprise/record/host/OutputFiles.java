package dev.reprise.record.host;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Output files written whole or not at all: the content goes to a temporary file beside the
 * target, which is renamed over it once complete. The temporary file is an ordinary readable file
 * ({@code rw-r--r--}), not the owner-only file {@link Files#createTempFile} makes, so that the
 * renamed trace or module reads like any other output.
 */
public final class OutputFiles {
    private OutputFiles() {
    }

    /** Creates the temporary file for {@code target} in its folder ({@code .NAME.*.tmp}). */
    public static Path temporaryBeside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its default permissions
        }
        return tmp;
    }

    /** Renames the complete {@code tmp} over {@code target} (atomically where the file system can). */
    public static void replace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
