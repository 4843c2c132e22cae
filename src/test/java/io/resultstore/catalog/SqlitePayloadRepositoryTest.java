package io.resultstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.config.ConfigLoader;
import io.resultstore.payload.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlitePayloadRepositoryTest extends PayloadRepositoryContract {
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

    @Override
    Catalog catalog() {
        return catalog;
    }

    @Test
    void writersLeaveWalCheckpointsToTheBackgroundUpToTheBackstop() {
        assertThat(pragma("wal_autocheckpoint")).isEqualTo(WalCheckpointer.BACKSTOP_PAGES);
        assertThat(pragma("journal_size_limit")).isEqualTo(WalCheckpointer.WAL_SIZE_LIMIT);
    }

    @Test
    void writtenPayloadsReachTheDatabaseFileWhileTheCatalogIsOpen() throws Exception {
        int payloads = 100;
        int bytes = 20 * 1024;
        Path file = dir.resolve("catalog.db");
        long expected = Files.size(file) + (long) payloads * bytes;
        // 2 MiB of WAL: below SQLite's own threshold of 1,000 pages, so only the background checkpoint moves it.
        String eid = eid();
        for (int i = 0; i < payloads; i++) {
            repo().insert(payload(eid, "n" + i, Scope.EXECUTION, Optional.empty(), Optional.empty()),
                    Optional.of(new byte[bytes]), Optional.empty());
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (Files.size(file) < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.size(file)).isGreaterThanOrEqualTo(expected);
    }

    private long pragma(String name) {
        return catalog.db().read(h -> h.createQuery("PRAGMA " + name).mapTo(Long.class).one());
    }
}
