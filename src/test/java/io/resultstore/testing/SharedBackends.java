package io.resultstore.testing;

import java.nio.file.Path;
import java.util.Map;

/**
 * One PostgreSQL database and one S3 bucket that several servers share, as replicas in production do. Each
 * server still gets its own data directory (engine, staging, read cache).
 */
public record SharedBackends(String catalogUrl, String bucket) {

    /** A fresh database on the shared embedded PostgreSQL and a fresh bucket on the shared S3 server. */
    public static SharedBackends create() {
        return new SharedBackends(Postgres.newDatabase(), S3Server.newBucket());
    }

    /** A server builder pointed at these backends; tests may override any setting before starting it. */
    public TestServer.Builder node(Path dataDir) {
        TestServer.Builder b = TestServer.builder(dataDir)
                .set("catalog.type", "postgres")
                .set("catalog.url", catalogUrl)
                .set("catalog.pool_size", "4")
                .set("storage.prefix", "rs");
        for (Map.Entry<String, String> e : S3Server.settings(bucket).entrySet()) {
            b.set(e.getKey(), e.getValue());
        }
        return b;
    }
}
