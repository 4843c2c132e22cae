package io.resultstore.testing;

import io.resultstore.config.ConfigKeys;
import java.nio.file.Path;
import java.util.HashMap;
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

    /** The config keys that point a server at these backends. */
    public Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(S3Server.settings(bucket));
        settings.put("catalog.type", "postgres");
        settings.put("catalog.url", catalogUrl);
        settings.put("catalog.pool_size", "4");
        settings.put("storage.prefix", "rs");
        return settings;
    }

    /** The same settings as {@code RESULTSTORE_*} environment variables, for a {@link ServerProcess}. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        settings().forEach((key, value) -> env.put(ConfigKeys.envName(key), value));
        return env;
    }

    /** A server builder pointed at these backends; tests may override any setting before starting it. */
    public TestServer.Builder node(Path dataDir) {
        TestServer.Builder b = TestServer.builder(dataDir);
        settings().forEach(b::set);
        return b;
    }
}
