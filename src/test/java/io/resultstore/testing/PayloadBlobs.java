package io.resultstore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/** Where a blob-tier payload's object is: {@code payloads/<eid>/<id>-<random>} under a filesystem store or a bucket. */
public final class PayloadBlobs {
    private PayloadBlobs() {}

    /** The payload's file under a data dir's filesystem storage; a path that does not exist when there is none. */
    public static Path file(Path dataDir, String executionId, Object id) {
        Path folder = dataDir.resolve("blobs/payloads/" + executionId);
        if (!Files.isDirectory(folder)) {
            return folder.resolve(id + "-missing");
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> mine = files.filter(p -> p.getFileName().toString().startsWith(id + "-")).toList();
            if (mine.size() > 1) {
                throw new IllegalStateException("several objects for payload " + id + ": " + mine);
            }
            return mine.isEmpty() ? folder.resolve(id + "-missing") : mine.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bucket keys that belong to the payload. */
    public static List<String> keys(Collection<String> bucketKeys, String prefix, String executionId, Object id) {
        String start = prefix + "payloads/" + executionId + "/" + id + "-";
        return bucketKeys.stream().filter(k -> k.startsWith(start)).toList();
    }
}
