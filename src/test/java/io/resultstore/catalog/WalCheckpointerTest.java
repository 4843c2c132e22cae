package io.resultstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.config.ConfigLoader;
import io.resultstore.payload.Compression;
import io.resultstore.payload.Payload;
import io.resultstore.payload.PayloadState;
import io.resultstore.payload.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalCheckpointerTest {
    private static final int PAYLOADS = 100;
    private static final int BYTES = 20 * 1024;

    @TempDir
    Path dir;
    JdbcCatalog catalog;

    @BeforeEach
    void open() {
        catalog = JdbcCatalog.open(ConfigLoader.fromMap(Map.of("data.dir", dir.toString())));
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void writersLeaveCheckpointsToTheBackgroundUpToTheBackstop() {
        assertThat(pragma("wal_autocheckpoint")).isEqualTo(WalCheckpointer.BACKSTOP_PAGES);
        assertThat(pragma("journal_size_limit")).isEqualTo(WalCheckpointer.WAL_SIZE_LIMIT);
    }

    @Test
    void theWalReachesTheDatabaseFileWhileTheCatalogIsOpen() throws Exception {
        Path file = dir.resolve("catalog.db");
        long before = Files.size(file);
        // 2 MiB of WAL: below SQLite's own threshold of 1,000 pages, so only the background checkpoint moves it.
        for (int i = 0; i < PAYLOADS; i++) {
            catalog.payloads().insert(payload(10_000 + i, BYTES), Optional.of(new byte[BYTES]), Optional.empty());
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (Files.size(file) < before + (long) PAYLOADS * BYTES && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.size(file)).isGreaterThanOrEqualTo(before + (long) PAYLOADS * BYTES);
    }

    private static Payload payload(long id, int bytes) {
        return new Payload(id, "e1", "n" + id, Scope.EXECUTION, "db", PayloadState.LIVE, bytes, bytes,
                "ab".repeat(32), Compression.NONE, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Instant.parse("2026-12-04T10:00:00Z"), Optional.empty());
    }

    private long pragma(String name) {
        return catalog.db().read(h -> h.createQuery("PRAGMA " + name).mapTo(Long.class).one());
    }
}
