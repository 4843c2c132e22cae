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
        Files.createDirectories(target.getParent());
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
}
