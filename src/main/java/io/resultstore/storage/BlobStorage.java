package io.resultstore.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where data files and large payloads live. A blob becomes visible whole or not at all: writers stage it
 * elsewhere and {@link #publish} or {@link #put} it in one atomic step. Missing blobs raise
 * {@link java.nio.file.NoSuchFileException}.
 */
public interface BlobStorage extends AutoCloseable {
    /** {@code filesystem} or {@code s3}, as {@code /health} reports it. */
    String type();

    /** Moves a finished local file to {@code key}; the local file is gone afterwards. Returns its size. */
    long publish(Path localFile, String key) throws IOException;

    void put(String key, byte[] bytes) throws IOException;

    InputStream open(String key) throws IOException;

    /** {@code length} bytes from {@code offset} (fewer at the end of the blob). */
    InputStream openRange(String key, long offset, long length) throws IOException;

    Optional<Long> size(String key) throws IOException;

    /** Idempotent: deleting a missing blob succeeds. */
    void delete(String key) throws IOException;

    /**
     * Deletes a blob nothing references (one just written for a change that did not happen); a failure is
     * harmless, since an unreferenced blob is never read and a later delete of the same key is idempotent.
     */
    default void deleteUnreferenced(String key) {
        try {
            delete(key);
        } catch (IOException | RuntimeException ignored) {
            // see above
        }
    }

    /** A local file the engine can read for {@code key}: the blob itself, or a cached copy of a remote one. */
    Path localPath(String key) throws IOException;

    /** Throws when the storage cannot be reached. */
    void ping() throws IOException;

    @Override
    default void close() {}

    /** Keys are built by the server from validated ids; this guards against any path trick slipping through. */
    static String checkKey(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("..") || key.contains("\\")
                || !key.matches("[A-Za-z0-9._/=-]+")) {
            throw new IllegalArgumentException("invalid storage key: " + key);
        }
        return key;
    }
}
