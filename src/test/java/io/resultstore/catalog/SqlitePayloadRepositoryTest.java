package io.resultstore.catalog;

import io.resultstore.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
}
