import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Build step (package phase, after the shade plugin): rewrites the named entries of the server jar stored instead of
 * deflated. DuckDB's driver copies its native library out of the jar to a temporary file on every start; inflating
 * the 60 MB Linux library took ~0.33 s of CPU in each start, copying it stored ~0.13 s (the jar grows by ~40 MB).
 * The JDK's zip file system copies every other entry as it is, so the step takes about a second.
 *
 * <p>Usage: {@code java build/StoreEntries.java JAR ENTRY...}; an entry the jar lacks is skipped.
 */
public class StoreEntries {
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        try (FileSystem zip = FileSystems.newFileSystem(jar, Map.of("compressionMethod", "STORED"))) {
            for (int i = 1; i < args.length; i++) {
                Path entry = zip.getPath(args[i]);
                if (Files.exists(entry)) {
                    Files.write(entry, Files.readAllBytes(entry));
                }
            }
        }
    }
}
