package io.resultstore.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Builds the {@link Config} from defaults, a properties file, {@code RESULTSTORE_*} environment variables
 * and command-line flags, in rising precedence. Unknown keys in the file are an error (a typo must not
 * silently fall back to a default); unknown environment variables are ignored.
 */
public final class ConfigLoader {
    private static final Set<String> STORAGE_TYPES = Set.of("filesystem", "s3");
    private static final Set<String> CATALOG_TYPES = Set.of("sqlite", "postgres");
    private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "zstd");

    private ConfigLoader() {}

    public static Config load(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> raw = ConfigKeys.defaults();
        file.ifPresent(f -> readFile(f).forEach((k, v) -> put(raw, k, v, "config file " + f)));
        for (String key : ConfigKeys.defaults().keySet()) {
            String value = env.get(ConfigKeys.envName(key));
            if (value != null) {
                raw.put(key, value);
            }
        }
        // AWS's own variables are the usual way to hand credentials to a process.
        if (raw.get("storage.access_key").isEmpty() && env.containsKey("AWS_ACCESS_KEY_ID")) {
            raw.put("storage.access_key", env.get("AWS_ACCESS_KEY_ID"));
        }
        if (raw.get("storage.secret_key").isEmpty() && env.containsKey("AWS_SECRET_ACCESS_KEY")) {
            raw.put("storage.secret_key", env.get("AWS_SECRET_ACCESS_KEY"));
        }
        flags.forEach((k, v) -> put(raw, k, v, "flags"));
        return parse(raw);
    }

    /** Defaults overridden by the given keys only: what tests use. */
    public static Config fromMap(Map<String, String> overrides) {
        return load(Optional.empty(), Map.of(), overrides);
    }

    private static void put(Map<String, String> raw, String key, String value, String source) {
        if (!raw.containsKey(key)) {
            throw new ConfigException("unknown config key '" + key + "' in " + source);
        }
        raw.put(key, value.trim());
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    private static Config parse(Map<String, String> raw) {
        Values r = new Values(raw);
        String catalogType = r.oneOf("catalog.type", CATALOG_TYPES);
        String storageType = r.oneOf("storage.type", STORAGE_TYPES);
        var catalog = new Config.CatalogSettings(
                catalogType, r.text("catalog.url"), r.text("catalog.user"), r.text("catalog.password"),
                r.intIn("catalog.pool_size", 1, 1000), r.identifier("catalog.schema"));
        if (catalog.isPostgres() && catalog.url().isEmpty()) {
            throw new ConfigException("catalog.url is required when catalog.type is postgres");
        }
        var storage = new Config.StorageSettings(
                storageType, r.text("storage.bucket"), r.text("storage.prefix"), r.text("storage.region"),
                r.optional("storage.endpoint"), r.bool("storage.path_style"), r.optional("storage.access_key"),
                r.optional("storage.secret_key"), r.size("storage.cache_max_bytes"));
        if (storage.isS3() && storage.bucket().isEmpty()) {
            throw new ConfigException("storage.bucket is required when storage.type is s3");
        }
        var query = new Config.QuerySettings(
                r.positiveDuration("query.wait_timeout", true), r.positiveDuration("query.timeout", false),
                r.intIn("query.max_inline_rows", 0, Integer.MAX_VALUE),
                r.intIn("query.inline_rows_cap", 1, Integer.MAX_VALUE), r.positiveDuration("query.reuse_ttl", true));
        if (query.maxInlineRows() > query.inlineRowsCap()) {
            throw new ConfigException("query.max_inline_rows must not exceed query.inline_rows_cap");
        }
        var results = new Config.ResultSettings(
                r.positiveDuration("results.retention", true), r.positiveDuration("results.stale_after", false),
                r.size("results.max_bytes"), r.positiveDuration("results.delete_grace", true),
                r.positiveDuration("results.sweep_interval", false));
        var persistence = new Config.PersistenceSettings(
                r.bool("persistence.enabled"), r.intIn("persistence.concurrency", 1, 256));
        var payloads = new Config.PayloadSettings(
                r.size("payloads.inline_max_bytes"), r.positiveDuration("payloads.ttl.step", false),
                r.positiveDuration("payloads.ttl.execution", false), r.positiveDuration("payloads.ttl.workflow", false),
                r.oneOf("payloads.compression", COMPRESSIONS));
        List<String> tokens = Arrays.stream(r.text("auth.tokens").split(","))
                .map(String::trim).filter(t -> !t.isEmpty()).toList();
        int nodeId = r.optional("node.id").map(v -> r.intIn("node.id", 0, 1023)).orElseGet(ConfigLoader::hostNodeId);
        var engine = new Config.EngineSettings(
                r.optional("engine.memory_limit").orElseGet(ConfigLoader::halfOfMemory),
                r.optional("engine.threads").map(v -> r.intIn("engine.threads", 1, 1024))
                        .orElse(Runtime.getRuntime().availableProcessors()));
        var admission = new Config.AdmissionSettings(
                r.optional("query.max_concurrent").map(v -> r.intIn("query.max_concurrent", 1, 100_000))
                        .orElse(engine.threads() * 2),
                r.positiveDuration("query.queue_timeout", true), r.size("query.max_sql_bytes"),
                r.intIn("persistence.max_backlog", 1, 1_000_000));
        if (admission.maxSqlBytes() < 1) {
            throw new ConfigException("query.max_sql_bytes must be at least 1");
        }
        return new Config(
                new Config.Server(r.text("server.host"), r.intIn("server.port", 0, 65535), r.size("server.max_body"),
                        r.positiveDuration("server.shutdown_grace", true), r.intIn("flight.port", 0, 65535),
                        r.positiveDuration("flight.info_wait", true),
                        r.oneOf("log.format", io.resultstore.observe.LogFormat.FORMATS), otelEndpoint(r)),
                Path.of(r.text("data.dir")), catalog, storage, query, results, persistence, payloads, tokens, nodeId,
                engine, admission, trino(r), new Config.FileSettings(r.size("files.max_bytes"),
                        r.positiveDuration("files.upload_ttl", false)),
                new Config.ConnectionSettings(secretsKey(r), r.intIn("connections.fetch_size", 1, 1_000_000),
                        r.positiveDuration("connections.connect_timeout", false)));
    }

    /** An OTLP/HTTP collector's base URL ({@code http://collector:4318}); spans go to its {@code /v1/traces}. */
    private static Optional<URI> otelEndpoint(Values r) {
        Optional<String> value = r.optional("otel.exporter.endpoint").map(String::strip);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.get());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException("otel.exporter.endpoint must be an http:// or https:// URL, e.g. http://collector:4318");
    }

    /** Base64 of an AES key (16, 24 or 32 bytes); the value itself never appears in a message. */
    private static Optional<String> secretsKey(Values r) {
        Optional<String> key = r.optional("secrets.key").map(String::strip);
        key.ifPresent(k -> {
            int length;
            try {
                length = java.util.Base64.getDecoder().decode(k).length;
            } catch (IllegalArgumentException e) {
                throw new ConfigException("secrets.key must be base64 (e.g. the output of openssl rand -base64 32)");
            }
            if (length != 16 && length != 24 && length != 32) {
                throw new ConfigException("secrets.key must decode to 16, 24 or 32 bytes, got " + length);
            }
        });
        return key;
    }

    /** Absent unless {@code engines.trino.url} is set; the other {@code engines.trino.*} keys need it. */
    private static Optional<Config.TrinoSettings> trino(Values r) {
        Optional<String> url = r.optional("engines.trino.url");
        Optional<String> token = r.optional("engines.trino.token");
        Optional<String> catalog = r.optional("engines.trino.catalog");
        Optional<String> schema = r.optional("engines.trino.schema");
        if (url.isEmpty()) {
            if (token.isPresent() || catalog.isPresent() || schema.isPresent()) {
                throw new ConfigException("engines.trino.url is required when other engines.trino.* keys are set");
            }
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url.get());
        } catch (URISyntaxException e) {
            throw new ConfigException("engines.trino.url must be http(s)://host:port, got '" + url.get() + "'");
        }
        boolean https = "https".equals(uri.getScheme());
        if (!(https || "http".equals(uri.getScheme())) || uri.getHost() == null || uri.getUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigException("engines.trino.url must be http(s)://host:port, got '" + url.get() + "'");
        }
        // The Trino driver sends credentials over TLS only; refusing here names the key instead of failing queries.
        if (token.isPresent() && !https) {
            throw new ConfigException("engines.trino.token needs an https engines.trino.url");
        }
        if (schema.isPresent() && catalog.isEmpty()) {
            throw new ConfigException("engines.trino.schema needs engines.trino.catalog");
        }
        String user = r.text("engines.trino.user");
        if (user.isEmpty()) {
            throw new ConfigException("engines.trino.user must not be empty");
        }
        return Optional.of(new Config.TrinoSettings(uri, user, token, catalog, schema));
    }

    private static int hostNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return Math.floorMod(host.hashCode(), 1024);
    }

    private static String halfOfMemory() {
        long bytes = physicalMemory() / 2;
        return Math.max(256, bytes >> 20) + "MB";
    }

    private static long physicalMemory() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 4L << 30;
    }

    /** Typed access to raw values; every failure names the key. */
    private record Values(Map<String, String> raw) {
        String text(String key) {
            return raw.get(key);
        }

        Optional<String> optional(String key) {
            String v = raw.get(key);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
        }

        String oneOf(String key, Set<String> allowed) {
            String v = raw.get(key);
            if (!allowed.contains(v)) {
                throw new ConfigException(key + " must be one of " + allowed.stream().sorted().toList() + ", got '" + v + "'");
            }
            return v;
        }

        /** A lower-case SQL identifier, so it can be named unquoted in every statement and URL. */
        String identifier(String key) {
            String v = raw.get(key);
            if (!IDENTIFIER.matcher(v).matches() || v.startsWith("pg_")) {
                throw new ConfigException(key + " must be a lower-case identifier (a-z, 0-9, _; starting with a letter"
                        + " or _, not pg_; at most 63 characters), got '" + v + "'");
            }
            return v;
        }

        boolean bool(String key) {
            return switch (raw.get(key).toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "1", "on" -> true;
                case "false", "no", "0", "off" -> false;
                default -> throw new ConfigException(key + " must be true or false, got '" + raw.get(key) + "'");
            };
        }

        int intIn(String key, int min, int max) {
            try {
                int v = Integer.parseInt(raw.get(key));
                if (v < min || v > max) {
                    throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + v);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a whole number, got '" + raw.get(key) + "'");
            }
        }

        long size(String key) {
            try {
                return Units.parseSize(raw.get(key));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new ConfigException(key + ": " + e.getMessage());
            }
        }

        Duration positiveDuration(String key, boolean zeroAllowed) {
            try {
                Duration d = Units.parseDuration(raw.get(key));
                if (!zeroAllowed && d.isZero()) {
                    throw new ConfigException(key + " must be greater than zero");
                }
                return d;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + e.getMessage());
            }
        }
    }
}
