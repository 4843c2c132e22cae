package io.resultstore.catalog;

import io.resultstore.config.Config;
import io.resultstore.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;

/** The catalog contract on the embedded default: a SQLite file in the data directory. */
class SqliteCatalogTest extends CatalogContract {
    @Override
    Config config(Path dataDir) {
        return ConfigLoader.fromMap(Map.of("data.dir", dataDir.toString(), "catalog.type", "sqlite"));
    }
}
