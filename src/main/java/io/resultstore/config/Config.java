package io.resultstore.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The server's whole configuration: typed, validated once by {@link ConfigLoader}, immutable after.
 * Every key and its default is listed in {@link ConfigKeys}.
 */
public record Config(
        Server server,
        Path dataDir,
        CatalogSettings catalog,
        StorageSettings storage,
        QuerySettings query,
        ResultSettings results,
        PersistenceSettings persistence,
        PayloadSettings payloads,
        List<String> authTokens,
        int nodeId,
        EngineSettings engine,
        AdmissionSettings admission,
        Optional<TrinoSettings> trino,
        FileSettings files,
        ConnectionSettings connections) {

    public Config {
        requireNonNull(server, "server is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(storage, "storage is null");
        requireNonNull(query, "query is null");
        requireNonNull(results, "results is null");
        requireNonNull(persistence, "persistence is null");
        requireNonNull(payloads, "payloads is null");
        authTokens = List.copyOf(authTokens);
        requireNonNull(engine, "engine is null");
        requireNonNull(admission, "admission is null");
        requireNonNull(files, "files is null");
        requireNonNull(trino, "trino is null");
        requireNonNull(connections, "connections is null");
    }

    /**
     * {@code shutdownGrace}: how long a stopping server lets queued and running writes finish; {@code flightPort}
     * 0: no Arrow Flight SQL endpoint; {@code flightInfoWait}: how long a Flight statement may run before its
     * flight info is answered without waiting for its end.
     */
    public record Server(String host, int port, long maxBody, Duration shutdownGrace, int flightPort,
            Duration flightInfoWait, String logFormat, Optional<URI> otelEndpoint) {
        public Server {
            requireNonNull(logFormat, "logFormat is null");
            requireNonNull(otelEndpoint, "otelEndpoint is null");
            requireNonNull(shutdownGrace, "shutdownGrace is null");
            requireNonNull(flightInfoWait, "flightInfoWait is null");
        }

        public boolean flightEnabled() {
            return flightPort > 0;
        }
    }

    /** {@code schema}: the PostgreSQL schema holding every catalog table and the migration history. */
    public record CatalogSettings(String type, String url, String user, String password, int poolSize, String schema) {
        public boolean isPostgres() {
            return "postgres".equals(type);
        }
    }

    public record StorageSettings(
            String type,
            String bucket,
            String prefix,
            String region,
            Optional<String> endpoint,
            boolean pathStyle,
            Optional<String> accessKey,
            Optional<String> secretKey,
            long cacheMaxBytes) {
        public boolean isS3() {
            return "s3".equals(type);
        }
    }

    public record QuerySettings(Duration waitTimeout, Duration timeout, int maxInlineRows, int inlineRowsCap,
            Duration reuseTtl) {}

    /** {@code retention} of zero keeps results forever. */
    public record ResultSettings(
            Duration retention, Duration staleAfter, long maxBytes, Duration deleteGrace, Duration sweepInterval) {}

    public record PersistenceSettings(boolean enabled, int concurrency) {}

    public record PayloadSettings(
            long inlineMaxBytes, Duration stepTtl, Duration executionTtl, Duration workflowTtl, String compression) {}

    /**
     * Load limits per replica: statements running at once, how long the next one waits for a slot, the largest SQL
     * text, and how many results the writers may hold before new statements are refused.
     */
    public record AdmissionSettings(int maxConcurrent, Duration queueTimeout, long maxSqlBytes, int maxBacklog) {
        public AdmissionSettings {
            requireNonNull(queueTimeout, "queueTimeout is null");
        }
    }

    /** Uploads: the largest accepted body, and how long an upload no dataset used is kept. */
    public record FileSettings(long maxBytes, Duration uploadTtl) {}

    /**
     * Connected sources: the AES key (base64) sealing their passwords (absent: a key file in the data directory),
     * rows fetched per round trip while a table syncs, and how long connecting to a source may take.
     */
    public record ConnectionSettings(Optional<String> secretsKey, int fetchSize, Duration connectTimeout) {
        public ConnectionSettings {
            requireNonNull(secretsKey, "secretsKey is null");
            requireNonNull(connectTimeout, "connectTimeout is null");
        }

        /** Never the key: this is what logs and errors may show. */
        @Override
        public String toString() {
            return "ConnectionSettings[secretsKey=" + (secretsKey.isPresent() ? "***" : "unset") + ", fetchSize="
                    + fetchSize + ", connectTimeout=" + connectTimeout + "]";
        }
    }

    /** {@code memoryLimit} is passed to the engine as is, e.g. {@code 4GB}. */
    public record EngineSettings(String memoryLimit, int threads) {}

    /**
     * A Trino cluster queries may run on: its coordinator's {@code http(s)://host:port}, the user queries run as,
     * an optional bearer token (https only) and the default catalog and schema for unqualified names.
     */
    public record TrinoSettings(
            URI url, String user, Optional<String> token, Optional<String> catalog, Optional<String> schema) {
        public TrinoSettings {
            requireNonNull(url, "url is null");
            requireNonNull(user, "user is null");
            requireNonNull(token, "token is null");
            requireNonNull(catalog, "catalog is null");
            requireNonNull(schema, "schema is null");
        }

        /** Never the token: this is what logs and errors may show. */
        @Override
        public String toString() {
            return "TrinoSettings[url=" + url + ", user=" + user + ", catalog=" + catalog + ", schema=" + schema + "]";
        }
    }
}
