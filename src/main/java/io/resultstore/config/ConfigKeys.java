package io.resultstore.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every config key the server knows, with its default as text ({@code ""} = unset). */
public final class ConfigKeys {
    private ConfigKeys() {}

    public static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("server.host", "127.0.0.1");
        d.put("server.port", "8080");
        d.put("server.max_body", "64MiB");
        d.put("server.shutdown_grace", "30s");
        d.put("flight.port", "8815");
        d.put("flight.info_wait", "2s");
        d.put("log.format", "text");
        d.put("otel.exporter.endpoint", "");
        d.put("data.dir", "./resultstore-data");
        d.put("catalog.type", "sqlite");
        d.put("catalog.url", "");
        d.put("catalog.user", "");
        d.put("catalog.password", "");
        d.put("catalog.pool_size", "10");
        d.put("catalog.schema", "resultstore");
        d.put("storage.type", "filesystem");
        d.put("storage.bucket", "");
        d.put("storage.prefix", "");
        d.put("storage.region", "us-east-1");
        d.put("storage.endpoint", "");
        d.put("storage.path_style", "false");
        d.put("storage.access_key", "");
        d.put("storage.secret_key", "");
        d.put("storage.cache_max_bytes", "2GiB");
        d.put("query.wait_timeout", "30s");
        d.put("query.timeout", "10m");
        d.put("query.max_inline_rows", "10000");
        d.put("query.inline_rows_cap", "100000");
        d.put("query.max_concurrent", "");
        d.put("query.queue_timeout", "5s");
        d.put("query.max_sql_bytes", "1MiB");
        d.put("query.reuse_ttl", "24h");
        d.put("results.retention", "7d");
        d.put("results.stale_after", "5m");
        d.put("results.max_bytes", "10GiB");
        d.put("results.delete_grace", "5m");
        d.put("results.sweep_interval", "30s");
        d.put("persistence.enabled", "true");
        d.put("persistence.concurrency", "4");
        d.put("persistence.max_backlog", "64");
        d.put("payloads.inline_max_bytes", "64KiB");
        d.put("payloads.ttl.step", "1d");
        d.put("payloads.ttl.execution", "7d");
        d.put("payloads.ttl.workflow", "30d");
        d.put("payloads.compression", "none");
        d.put("auth.tokens", "");
        d.put("node.id", "");
        d.put("engine.memory_limit", "");
        d.put("engine.threads", "");
        d.put("files.max_bytes", "10GiB");
        d.put("files.upload_ttl", "1d");
        d.put("secrets.key", "");
        d.put("connections.fetch_size", "10000");
        d.put("connections.connect_timeout", "10s");
        d.put("engines.trino.url", "");
        d.put("engines.trino.user", "resultstore");
        d.put("engines.trino.token", "");
        d.put("engines.trino.catalog", "");
        d.put("engines.trino.schema", "");
        return d;
    }

    /** {@code server.max_body} → {@code RESULTSTORE_SERVER_MAX_BODY}. */
    public static String envName(String key) {
        return "RESULTSTORE_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }
}
