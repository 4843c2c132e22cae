package io.resultstore.storage;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Puts complete files in place so that a reader sees either nothing or the whole file, never a part of it. */
final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Moves {@code source} to {@code target} (creating its folder) in one rename and returns its size. Across
     * file systems the file is first copied into {@code tmpDir}, which lies on the target's file system, and
     * renamed from there.
     */
    static long moveInto(Path source, Path target, Path tmpDir) throws IOException {
        ensureParent(target);
        long size = Files.size(source);
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Path part = Files.createTempFile(tmpDir, "move", ".part");
            try {
                Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
            Files.delete(source);
        }
        return size;
    }

    /**
     * Creates the folder of {@code target} unless it exists. Looks first: createDirectories on an existing folder
     * costs a failing mkdir and an exception with its stack trace, on every write.
     */
    static void ensureParent(Path target) throws IOException {
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }
}
