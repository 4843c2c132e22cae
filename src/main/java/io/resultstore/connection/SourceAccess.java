package io.resultstore.connection;

import static java.util.Objects.requireNonNull;

import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * How the server reaches a source: which URLs and driver properties a connection may use, opening it, and
 * listing its tables. Only the server talks to sources; the query engine never gets network or file access.
 *
 * <p>Driver properties are an allow-list, in the config and in the URL alike: the PostgreSQL driver loads classes
 * named by properties ({@code socketFactory}, {@code sslfactory}, …) and reads files ({@code sslkey}), which a
 * caller must not choose. A SQLite source is a file outside the server's own directories (the catalog and
 * blobs live there), opened read-only without extension loading; DuckDB URLs are refused (a DuckDB file can
 * read any file the server can).
 */
public final class SourceAccess {
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String TRINO_PREFIX = "jdbc:trino:";
    private static final Set<String> POSTGRES_PROPERTIES = Set.of("ssl", "sslmode", "connectTimeout",
            "socketTimeout", "loginTimeout", "ApplicationName", "currentSchema", "readOnly", "targetServerType",
            "tcpKeepAlive", "prepareThreshold", "defaultRowFetchSize", "gssEncMode");
    private static final Set<String> CONFIG_FIELDS = Set.of("url", "user", "path");

    private final List<Path> protectedRoots;
    private final Duration connectTimeout;

    /** {@code protectedRoots}: directories no SQLite source may lie in (the data directory). */
    public SourceAccess(List<Path> protectedRoots, Duration connectTimeout) {
        this.protectedRoots = protectedRoots.stream().map(SourceAccess::real).toList();
        this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout is null");
    }

    /** What a connection's {@code config} comes to once checked: a URL, a user and allowed properties. */
    public record Target(String url, Optional<String> user, Map<String, String> properties) {
        public Target {
            requireNonNull(url, "url is null");
            requireNonNull(user, "user is null");
            properties = Map.copyOf(properties);
        }
    }

    public Target check(SourceType type, Map<String, String> config) {
        Map<String, String> properties = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            if (!CONFIG_FIELDS.contains(k)) {
                properties.put(k, v);
            }
        });
        Optional<String> user = Optional.ofNullable(config.get("user")).filter(u -> !u.isEmpty());
        Optional<String> url = Optional.ofNullable(config.get("url"));
        Optional<String> path = Optional.ofNullable(config.get("path"));
        if (type == SourceType.SQLITE) {
            if (url.isPresent() == path.isPresent()) {
                throw unprocessable("a sqlite connection needs config.path (or config.url jdbc:sqlite:<path>)");
            }
            String file = path.orElseGet(() -> stripPrefix(url.get(), SQLITE_PREFIX, "jdbc:sqlite:<path>"));
            return new Target(SQLITE_PREFIX + sqliteFile(file), Optional.empty(), noProperties(properties));
        }
        String u = url.orElseThrow(() -> unprocessable("config.url is required"));
        if (path.isPresent()) {
            throw unprocessable("config.path applies only to sqlite connections");
        }
        String lower = u.toLowerCase(Locale.ROOT);
        if (type == SourceType.POSTGRES && !lower.startsWith(POSTGRES_PREFIX)) {
            throw ApiException.badRequest("a postgres connection's url must start with jdbc:postgresql://");
        }
        if (lower.startsWith(POSTGRES_PREFIX)) {
            checkPostgresUrl(u);
            properties.keySet().forEach(SourceAccess::checkPostgresProperty);
            return new Target(u, user, properties);
        }
        if (lower.startsWith(SQLITE_PREFIX)) {
            if (user.isPresent()) {
                throw ApiException.badRequest("a sqlite source has no user");
            }
            return new Target(SQLITE_PREFIX + sqliteFile(stripPrefix(u, SQLITE_PREFIX, "jdbc:sqlite:<path>")),
                    Optional.empty(), noProperties(properties));
        }
        if (lower.startsWith(TRINO_PREFIX)) {
            if (u.contains("?") || u.contains(";")) {
                throw ApiException.badRequest("driver properties in a trino url are not allowed");
            }
            return new Target(u, user, noProperties(properties));
        }
        throw ApiException.badRequest("unsupported jdbc url: the server has drivers for jdbc:postgresql:,"
                + " jdbc:sqlite: and jdbc:trino: sources");
    }

    /** Opens the source; a refusal is a 502 naming the source's own reason (secrets never appear in it). */
    public Connection open(SourceConnection c, Optional<String> password) {
        Properties props = new Properties();
        try {
            if (c.type() == SourceType.SQLITE || c.url().startsWith(SQLITE_PREFIX)) {
                // Checked again: the file may have become a link into the data directory since it was added.
                String file = sqliteFile(c.url().substring(SQLITE_PREFIX.length()));
                SQLiteConfig config = new SQLiteConfig();
                config.setReadOnly(true);
                config.enableLoadExtension(false);
                return DriverManager.getConnection(SQLITE_PREFIX + file, config.toProperties());
            }
            c.user().ifPresent(u -> props.setProperty("user", u));
            password.ifPresent(p -> props.setProperty("password", p));
            if (c.url().startsWith(POSTGRES_PREFIX)) {
                long seconds = Math.max(1, connectTimeout.toSeconds());
                props.setProperty("connectTimeout", String.valueOf(seconds));
                props.setProperty("loginTimeout", String.valueOf(seconds));
            }
            props.putAll(c.properties());
            return DriverManager.getConnection(c.url(), props);
        } catch (SQLException e) {
            throw new ApiException(ErrorCode.BAD_GATEWAY, "cannot connect to " + c.name() + ": "
                    + Secrets.scrub(e.getMessage(), password));
        }
    }

    /** Tables and views the source lists, by schema and name. */
    public List<SourceTable> tables(SourceConnection c, Connection source) throws SQLException {
        List<SourceTable> out = new ArrayList<>();
        if (c.url().startsWith(POSTGRES_PREFIX)) {
            try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("""
                    SELECT table_schema, table_name, table_type FROM information_schema.tables
                    WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
                    ORDER BY table_schema, table_name""")) {
                while (rs.next()) {
                    out.add(new SourceTable(rs.getString(1), rs.getString(2), kind(rs.getString(3))));
                }
            }
            return out;
        }
        if (c.url().startsWith(SQLITE_PREFIX)) {
            try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT name, type FROM"
                    + " sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
                    + " ORDER BY name")) {
                while (rs.next()) {
                    out.add(new SourceTable("main", rs.getString(1), kind(rs.getString(2))));
                }
            }
            return out;
        }
        DatabaseMetaData md = source.getMetaData();
        try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE", "VIEW"})) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                out.add(new SourceTable(schema == null ? "main" : schema, rs.getString("TABLE_NAME"),
                        kind(rs.getString("TABLE_TYPE"))));
            }
        }
        return out;
    }

    /** {@code "schema"."table"}, quoted the source's way; for SQLite the only schema is {@code main}. */
    static String quotedName(Connection source, SourceTable table) throws SQLException {
        String q = source.getMetaData().getIdentifierQuoteString();
        String quote = q == null || q.isBlank() ? "\"" : q.strip();
        return quote(table.schema(), quote) + "." + quote(table.table(), quote);
    }

    private static String quote(String name, String quote) {
        return quote + name.replace(quote, quote + quote) + quote;
    }

    private static String kind(String type) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return t.contains("view") ? "view" : t.contains("foreign") ? "foreign table" : "table";
    }

    private String sqliteFile(String given) {
        if (given.isEmpty() || given.contains("?") || given.contains("#") || given.startsWith("file:")
                || given.startsWith(":")) {
            throw ApiException.badRequest("a sqlite source must be an absolute path to an existing file");
        }
        Path path;
        try {
            path = Path.of(given);
        } catch (InvalidPathException e) {
            throw ApiException.badRequest("a sqlite source must be an absolute path to an existing file");
        }
        if (!path.isAbsolute() || !Files.isRegularFile(path)) {
            throw ApiException.badRequest("a sqlite source must be an absolute path to an existing file");
        }
        Path file = real(path);
        for (Path root : protectedRoots) {
            if (file.startsWith(root)) {
                throw ApiException.badRequest("a sqlite source cannot lie in the server's data directory");
            }
        }
        return file.toString();
    }

    private static void checkPostgresUrl(String url) {
        if (url.indexOf('@') >= 0) {
            throw ApiException.badRequest("credentials in the url are not allowed: use config.user and secret");
        }
        int q = url.indexOf('?');
        if (q < 0) {
            return;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            if (!pair.isEmpty()) {
                checkPostgresProperty(pair.split("=", 2)[0]);
            }
        }
    }

    private static void checkPostgresProperty(String name) {
        if (!POSTGRES_PROPERTIES.contains(name)) {
            throw ApiException.badRequest("driver property '" + name + "' is not allowed (allowed: "
                    + POSTGRES_PROPERTIES.stream().sorted().toList() + "; the password goes in 'secret')");
        }
    }

    private static Map<String, String> noProperties(Map<String, String> properties) {
        if (!properties.isEmpty()) {
            throw ApiException.badRequest("driver property '" + properties.keySet().iterator().next()
                    + "' is not allowed for this source");
        }
        return properties;
    }

    private static String stripPrefix(String url, String prefix, String shape) {
        if (!url.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            throw ApiException.badRequest("url must look like " + shape);
        }
        return url.substring(prefix.length());
    }

    private static ApiException unprocessable(String message) {
        return new ApiException(ErrorCode.UNPROCESSABLE, message);
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
