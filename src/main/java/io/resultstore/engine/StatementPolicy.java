package io.resultstore.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Ids;
import io.resultstore.common.Json;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Admits only read-only queries, judged by DuckDB's own parser: {@code json_serialize_sql} serializes exactly
 * the SELECT-like statements (SELECT, WITH, VALUES, FROM-first, DESCRIBE, SUMMARIZE) and refuses COPY,
 * ATTACH, SET, PRAGMA, DDL and DML. The returned syntax tree is walked so that data is reached only through
 * catalogued names: file paths as table names and file-reading table functions are refused.
 */
public final class StatementPolicy {
    public static final String RESULTS_SCHEMA = "results";
    public static final String DATASETS_SCHEMA = "datasets";

    /**
     * Database names the engine itself uses: a three-part name in one of them is never a connected source.
     * Connections may not take these names either.
     */
    public static final Set<String> RESERVED_CATALOGS = Set.of("system", "temp", "memory", "main",
            "information_schema", "pg_catalog", RESULTS_SCHEMA, DATASETS_SCHEMA, DuckDbEngine.STAGING_SCHEMA);

    /** Table functions that produce data without touching files, the catalog or other statements. */
    private static final Set<String> ALLOWED_TABLE_FUNCTIONS =
            Set.of("range", "generate_series", "unnest", "json_each", "json_tree");

    private static final String NAMING = " (query results.\"<result_id>\", datasets.\"<name>\" or"
            + " \"<connection>\".\"<schema>\".\"<table>\")";

    private static final String ONLY_QUERIES =
            "only read-only queries are allowed (SELECT, WITH, VALUES, FROM, DESCRIBE, SUMMARIZE)";

    private final StatementPolicyCache cache = new StatementPolicyCache();
    private volatile ReuseFingerprint fingerprint;

    public CheckedStatement check(Connection connection, String sql) {
        Optional<CheckedStatement> known = cache.get(sql);
        if (known.isPresent()) {
            return known.get();
        }
        CheckedStatement checked = parseAndCheck(connection, sql, fingerprint(connection));
        cache.put(sql, checked);
        return checked;
    }

    private static CheckedStatement parseAndCheck(Connection connection, String sql, ReuseFingerprint fingerprint) {
        JsonNode tree = serialize(connection, sql);
        if (tree.path("error").asBoolean(false)) {
            String type = tree.path("error_type").asText("");
            String message = tree.path("error_message").asText("cannot parse statement");
            if (type.equals("parser")) {
                String position = tree.path("position").asText("");
                throw new ApiException(ErrorCode.SQL_ERROR, "Parser Error: " + message
                        + (position.isEmpty() ? "" : " (at position " + position + ")"));
            }
            throw new ApiException(ErrorCode.FORBIDDEN_STATEMENT, ONLY_QUERIES);
        }
        JsonNode statements = tree.path("statements");
        if (statements.size() == 0) {
            throw ApiException.badRequest("SQL query cannot be empty");
        }
        if (statements.size() != 1) {
            throw new ApiException(ErrorCode.FORBIDDEN_STATEMENT, "exactly one statement is allowed per query");
        }
        Set<String> resultIds = new HashSet<>();
        Set<String> datasets = new HashSet<>();
        Set<SourceTableRef> sources = new HashSet<>();
        Set<String> cteNames = new HashSet<>();
        collectCteNames(statements, cteNames);
        walk(statements, cteNames, new Names(resultIds, datasets, sources));
        return new CheckedStatement(asSubqueryIfShow(statements.get(0), stripTrailingSemicolons(sql)), resultIds,
                datasets, sources, fingerprint.of(statements));
    }

    /** The engine's function catalog never changes while it runs: read once, by the first statement. */
    private ReuseFingerprint fingerprint(Connection connection) {
        ReuseFingerprint f = fingerprint;
        if (f == null) {
            f = ReuseFingerprint.load(connection);
            fingerprint = f;
        }
        return f;
    }

    /**
     * The engine parses a bare DESCRIBE/SUMMARIZE/SHOW only as a statement of its own, not after
     * {@code CREATE TABLE … AS}; as a subquery it yields the same rows. The closing parenthesis gets a line of its
     * own so that a trailing line comment cannot swallow it.
     */
    private static String asSubqueryIfShow(JsonNode statement, String sql) {
        boolean show = statement.path("node").path("from_table").path("type").asText("").equals("SHOW_REF");
        return show ? "FROM (" + sql + "\n)" : sql;
    }

    private static JsonNode serialize(Connection connection, String sql) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Json.MAPPER.readTree(rs.getString(1));
            }
        } catch (SQLException | IOException e) {
            throw new ApiException(ErrorCode.SQL_ERROR, "cannot parse statement: " + e.getMessage());
        }
    }

    private static void collectCteNames(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            JsonNode map = node.path("cte_map").path("map");
            for (JsonNode entry : map) {
                names.add(entry.path("key").asText().toLowerCase(Locale.ROOT));
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                collectCteNames(child, names);
            }
        }
    }

    /** The catalogued names a statement reads, collected while its tree is walked. */
    private record Names(Set<String> resultIds, Set<String> datasets, Set<SourceTableRef> sources) {}

    private static void walk(JsonNode node, Set<String> ctes, Names names) {
        if (node.isObject()) {
            String type = node.path("type").asText("");
            switch (type) {
                case "BASE_TABLE" -> checkTable(node, ctes, names);
                case "SHOW_REF" -> {
                    if (!node.path("table_name").asText("").isEmpty()) {
                        checkTable(node, ctes, names);
                    }
                }
                case "TABLE_FUNCTION" -> checkTableFunction(node.path("function"));
                default -> { }
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                walk(child, ctes, names);
            }
        }
    }

    private static void checkTable(JsonNode node, Set<String> ctes, Names names) {
        String catalog = node.path("catalog_name").asText("");
        String schema = node.path("schema_name").asText("");
        String table = node.path("table_name").asText("");
        if (!catalog.isEmpty()) {
            // A three-part name is a connected source's table; the engine's own databases are never one.
            if (RESERVED_CATALOGS.contains(catalog.toLowerCase(Locale.ROOT))) {
                throw forbidden("table " + qualified(catalog, schema, table) + " is not available");
            }
            names.sources().add(new SourceTableRef(catalog, schema, table));
            return;
        }
        switch (schema.toLowerCase(Locale.ROOT)) {
            case RESULTS_SCHEMA -> {
                if (!Ids.isValid(Ids.RESULT, table)) {
                    throw ApiException.notFound("result " + table + " not found");
                }
                names.resultIds().add(table);
            }
            case DATASETS_SCHEMA -> names.datasets().add(table);
            case "" -> {
                if (ctes.contains(table.toLowerCase(Locale.ROOT))) {
                    return;
                }
                if (looksLikeFile(table)) {
                    throw forbidden("reading files is not allowed: " + table);
                }
                // A bare name is never user data, but it can name the engine's own catalog views
                // (duckdb_settings, sqlite_master, pragma_database_list): they show paths and other results' ids.
                throw forbidden("table " + table + " is not available" + NAMING);
            }
            default -> throw forbidden("table " + qualified(catalog, schema, table) + " is not available" + NAMING);
        }
    }

    private static void checkTableFunction(JsonNode function) {
        String name = function.path("function_name").asText("").toLowerCase(Locale.ROOT);
        if (!function.path("schema").asText("").isEmpty() || !ALLOWED_TABLE_FUNCTIONS.contains(name)) {
            throw forbidden("table function " + name + "() is not allowed");
        }
    }

    private static boolean looksLikeFile(String table) {
        return table.contains("/") || table.contains("\\") || table.contains(":") || table.contains(".")
                || table.contains("*") || table.contains("~");
    }

    private static String qualified(String catalog, String schema, String table) {
        StringBuilder sb = new StringBuilder();
        if (!catalog.isEmpty()) {
            sb.append(catalog).append('.');
        }
        if (!schema.isEmpty()) {
            sb.append(schema).append('.');
        }
        return sb.append(table).toString();
    }

    private static ApiException forbidden(String message) {
        return new ApiException(ErrorCode.FORBIDDEN_STATEMENT, message);
    }

    static String stripTrailingSemicolons(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }
}
