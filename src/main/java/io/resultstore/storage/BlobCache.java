package io.resultstore.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local copies of remote blobs for the engine, which reads files only. Bounded by total bytes with LRU
 * eviction; an entry bigger than the bound is kept until the next insert evicts it. Blobs are immutable under
 * their key, so a cached copy never goes stale; it only has to disappear when the blob is deleted here.
 * A file is visible in the cache directory only once complete (written to a temp name, then renamed).
 */
public final class BlobCache {
    private static final Logger log = LoggerFactory.getLogger(BlobCache.class);

    /** Fills {@code target} with the blob's bytes; throws {@link java.nio.file.NoSuchFileException} if missing. */
    @FunctionalInterface
    public interface Loader {
        void load(String key, Path target) throws IOException;
    }

    private final Path dir;
    private final Path tmp;
    private final long maxBytes;
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, ReentrantLock> loading = new ConcurrentHashMap<>();
    private long totalBytes;

    public BlobCache(Path dir, long maxBytes) throws IOException {
        this.dir = requireNonNull(dir, "dir is null").toAbsolutePath().normalize();
        this.tmp = this.dir.resolve(".tmp");
        this.maxBytes = maxBytes;
        // Starting empty is simpler than trusting copies of blobs that may have been deleted meanwhile.
        if (Files.exists(this.dir)) {
            deleteTree(this.dir);
        }
        Files.createDirectories(tmp);
    }

    public Path dir() {
        return dir;
    }

    /** The cached copy of {@code key}, loading it first when absent. Concurrent callers load it once. */
    public Path get(String key, Loader loader) throws IOException {
        Optional<Path> hit = lookup(key);
        if (hit.isPresent()) {
            return hit.get();
        }
        ReentrantLock lock = loading.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            hit = lookup(key);
            if (hit.isPresent()) {
                return hit.get();
            }
            Path part = Files.createTempFile(tmp, "load", ".part");
            try {
                loader.load(key, part);
                return adopt(key, part);
            } finally {
                Files.deleteIfExists(part);
            }
        } finally {
            lock.unlock();
            loading.remove(key, lock);
        }
    }

    /** The cached copy when present; never loads. */
    public synchronized Optional<Path> lookup(String key) {
        if (entries.get(key) == null) {
            return Optional.empty();
        }
        Path p = pathOf(key);
        if (!Files.exists(p)) {
            totalBytes -= entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** Moves a complete local file into the cache as {@code key}'s copy; returns its cached path. */
    public Path adopt(String key, Path file) throws IOException {
        Path target = pathOf(key);
        long size = AtomicFiles.moveInto(file, target, tmp);
        synchronized (this) {
            Long before = entries.put(key, size);
            totalBytes += size - (before == null ? 0 : before);
            evictBeyondBound(key);
        }
        return target;
    }

    public synchronized void evict(String key) {
        Long size = entries.remove(key);
        if (size != null) {
            totalBytes -= size;
        }
        deleteQuietly(pathOf(key));
    }

    public synchronized long totalBytes() {
        return totalBytes;
    }

    // Deleting a file the engine is reading is safe on POSIX: the open handle keeps its data.
    private void evictBeyondBound(String keep) {
        Iterator<Map.Entry<String, Long>> it = entries.entrySet().iterator();
        while (totalBytes > maxBytes && it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (e.getKey().equals(keep)) {
                continue;
            }
            it.remove();
            totalBytes -= e.getValue();
            deleteQuietly(pathOf(e.getKey()));
            log.debug("evicted {} ({} bytes) from the blob cache", e.getKey(), e.getValue());
        }
    }

    private Path pathOf(String key) {
        Path p = dir.resolve(BlobStorage.checkKey(key)).normalize();
        if (!p.startsWith(dir) || p.startsWith(tmp)) {
            throw new IllegalArgumentException("invalid storage key: " + key);
        }
        return p;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("cached copy {} could not be removed: {}", p, e.toString());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
