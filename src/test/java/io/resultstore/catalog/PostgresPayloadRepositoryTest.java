package io.resultstore.catalog;

import io.resultstore.config.ConfigLoader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The same behaviour on a real PostgreSQL; tests use their own execution ids, so one database serves all. */
class PostgresPayloadRepositoryTest extends PayloadRepositoryContract {
    @TempDir
    static Path dir;
    static EmbeddedPostgres postgres;
    static JdbcCatalog catalog;

    @BeforeAll
    static void open() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        catalog = JdbcCatalog.open(ConfigLoader.fromMap(Map.of(
                "data.dir", dir.toString(),
                "catalog.type", "postgres",
                "catalog.url", postgres.getJdbcUrl("postgres", "postgres"),
                "catalog.user", "postgres")));
    }

    @AfterAll
    static void close() throws IOException {
        if (catalog != null) {
            catalog.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    Catalog catalog() {
        return catalog;
    }
}
