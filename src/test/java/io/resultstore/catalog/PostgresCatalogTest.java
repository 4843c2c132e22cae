package io.resultstore.catalog;

import io.resultstore.config.Config;
import io.resultstore.config.ConfigLoader;
import io.resultstore.testing.Postgres;
import java.nio.file.Path;
import java.util.Map;

/** The catalog contract on a real PostgreSQL, a fresh database per test. */
class PostgresCatalogTest extends CatalogContract {
    @Override
    Config config(Path dataDir) {
        return ConfigLoader.fromMap(Map.of("data.dir", dataDir.toString(), "catalog.type", "postgres",
                "catalog.url", url(), "catalog.pool_size", "4"));
    }

    private String url;

    private String url() {
        if (url == null) {
            url = Postgres.newDatabase();
        }
        return url;
    }
}
