package io.resultstore.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobCacheTest {
    @TempDir
    Path dir;

    @Test
    void evictsTheLeastRecentlyUsedCopiesBeyondTheBound() throws IOException {
        BlobCache cache = new BlobCache(dir.resolve("cache"), 250);
        AtomicInteger loads = new AtomicInteger();
        BlobCache.Loader loader = (key, target) -> {
            loads.incrementAndGet();
            Files.write(target, new byte[100]);
        };
        Path a = cache.get("a/1", loader);
        cache.get("b/1", loader);
        cache.get("a/1", loader); // a is now the most recently used
        cache.get("c/1", loader);
        assertThat(loads).hasValue(3);
        assertThat(cache.lookup("b/1")).isEmpty();
        assertThat(cache.lookup("a/1")).contains(a);
        assertThat(cache.lookup("c/1")).isPresent();
        assertThat(cache.totalBytes()).isEqualTo(200);
    }

    @Test
    void aFailedLoadLeavesNothingBehind() throws IOException {
        BlobCache cache = new BlobCache(dir.resolve("cache"), 1000);
        try {
            cache.get("a/1", (key, target) -> {
                Files.write(target, new byte[10]);
                throw new IOException("network down");
            });
        } catch (IOException expected) {
            // as intended
        }
        assertThat(cache.lookup("a/1")).isEmpty();
        try (var files = Files.walk(dir.resolve("cache"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void startsEmpty() throws IOException {
        Path d = dir.resolve("cache");
        Files.createDirectories(d.resolve("x"));
        Files.writeString(d.resolve("x/old"), "stale");
        new BlobCache(d, 10);
        assertThat(d.resolve("x/old")).doesNotExist();
    }
}
