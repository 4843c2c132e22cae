package io.resultstore.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DuckDB's driver copies its 60 MB native library into the temporary directory on every start and deletes the copy
 * only at a normal exit, so every process that is killed (the OOM killer, SIGKILL, a crash) leaves one behind: one
 * machine had collected 198 of them, 12 GB. Once the library is linked the copy is not needed (the mapping outlives
 * the file), so it is deleted as soon as the engine has opened. Only on Linux, where {@code /proc/self/maps} names
 * the file that was linked; elsewhere the driver's delete at exit stays the only one.
 */
final class NativeLibraryCopy {
    private static final Pattern DUCKDB_COPY = Pattern.compile("libduckdb_java\\d*\\.so");
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static final Logger log = LoggerFactory.getLogger(NativeLibraryCopy.class);

    private NativeLibraryCopy() {}

    /** Deletes this process's copy of DuckDB's library from the temporary directory, once. */
    static void deleteDuckDbCopy() {
        Path maps = Path.of("/proc/self/maps");
        if (!DONE.compareAndSet(false, true) || !Files.isReadable(maps)) {
            return;
        }
        try (Stream<String> lines = Files.lines(maps)) {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
            // Only a copy the driver made: named as it names them, directly in the temporary directory.
            for (Path copy : lines.filter(l -> l.indexOf('/') >= 0).map(l -> Path.of(l.substring(l.indexOf('/'))))
                    .filter(p -> DUCKDB_COPY.matcher(p.getFileName().toString()).matches())
                    .filter(p -> tmp.equals(p.getParent())).distinct().toList()) {
                Files.deleteIfExists(copy);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("could not delete DuckDB's library copy: {}", e.toString());
        }
    }
}
