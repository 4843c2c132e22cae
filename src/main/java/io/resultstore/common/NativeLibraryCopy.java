package io.resultstore.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DuckDB's and SQLite's drivers copy their native library (60 MB and 1 MB) into the temporary directory on every
 * start and delete the copy only at a normal exit, so every process that is killed (the OOM killer, SIGKILL, a
 * crash) leaves them behind: one machine had collected 198 of DuckDB's (12 GB) and 285 of SQLite's in a day. SQLite's
 * driver does clean up copies on start, but only those without a lock file beside them, and a killed process leaves
 * its lock file too. Once a library is linked its copy is not needed (the mapping outlives the file), so it is
 * deleted as soon as the driver has loaded it. Only on Linux, where {@code /proc/self/maps} names the file that was
 * linked; elsewhere the drivers' own delete at exit stays the only one.
 *
 * @param driver whose library it is, once per process
 * @param copyName the name the driver gives its copy
 * @param companions suffixes of files the driver writes beside the copy, deleted with it
 */
public record NativeLibraryCopy(String driver, Pattern copyName, List<String> companions) {
    /** {@code libduckdb_java<digits>.so}, as DuckDB's driver names its copy. */
    public static final NativeLibraryCopy DUCKDB = new NativeLibraryCopy("DuckDB",
            Pattern.compile("libduckdb_java\\d*\\.so"), List.of());
    /** {@code sqlite-<version>-<uuid>-libsqlitejdbc.so} and its {@code .lck}, as SQLite's driver names them. */
    public static final NativeLibraryCopy SQLITE = new NativeLibraryCopy("SQLite",
            Pattern.compile("sqlite-[0-9.]+-[0-9a-f-]{36}-libsqlitejdbc\\.so"), List.of(".lck"));

    private static final Set<String> DONE = ConcurrentHashMap.newKeySet();
    private static final Logger log = LoggerFactory.getLogger(NativeLibraryCopy.class);

    /**
     * Deletes this process's copy of the library from the temporary directory; call it after the load. Once a
     * copy was found later calls do nothing (a server start calls it from the preload thread and again where the
     * library is used).
     */
    public void delete() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps) || DONE.contains(driver)) {
            return;
        }
        try (Stream<String> lines = Files.lines(maps)) {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
            // Only a copy the driver made: named as it names them, directly in the temporary directory.
            List<Path> copies = lines.filter(l -> l.indexOf('/') >= 0).map(l -> Path.of(l.substring(l.indexOf('/'))))
                    .filter(p -> copyName.matcher(p.getFileName().toString()).matches())
                    .filter(p -> tmp.equals(p.getParent())).distinct().toList();
            if (!copies.isEmpty()) {
                DONE.add(driver);
            }
            for (Path copy : copies) {
                Files.deleteIfExists(copy);
                for (String suffix : companions) {
                    Files.deleteIfExists(copy.resolveSibling(copy.getFileName() + suffix));
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("could not delete {}'s library copy: {}", driver, e.toString());
        }
    }
}
