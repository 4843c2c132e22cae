package io.resultstore.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.resultstore.common.Times;
import io.resultstore.connection.CachedTable;
import io.resultstore.connection.ConnectionService;
import io.resultstore.connection.SourceCache;
import io.resultstore.connection.SourceConnection;
import io.resultstore.connection.SourceType;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /connections}, {@code /refresh}: connected sources and their cached tables. Secrets never leave. Unknown
 * request fields are ignored, as everywhere in the API.
 */
final class ConnectionRoutes {
    private static final int MAX_CONFIG_ENTRIES = 64;
    private static final int MAX_VALUE_CHARS = 4096;

    private final ConnectionService connections;
    private final SourceCache cache;

    ConnectionRoutes(ConnectionService connections, SourceCache cache) {
        this.connections = requireNonNull(connections, "connections is null");
        this.cache = requireNonNull(cache, "cache is null");
    }

    void register(RoutesConfig routes) {
        routes.post("/connections", this::create);
        routes.get("/connections", ctx -> {
            List<Map<String, Object>> items = connections.list().stream().map(ConnectionRoutes::view).toList();
            JsonIo.write(ctx, 200, Map.of("connections", items, "count", items.size()));
        });
        routes.get("/connections/{id}", this::show);
        routes.delete("/connections/{id}", ctx -> {
            connections.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
        routes.get("/connections/{id}/health", this::health);
        routes.post("/connections/{id}/refresh", ctx -> refresh(ctx, ctx.pathParam("id")));
        routes.post("/refresh", ctx -> refresh(ctx, null));
        routes.delete("/connections/{id}/cache", ctx -> {
            String id = ctx.pathParam("id");
            int purged = cache.purge(id);
            JsonIo.write(ctx, 200, Map.of("connection_id", id, "purged", purged));
        });
    }

    private void create(Context ctx) {
        ObjectNode body = JsonIo.objectBody(ctx);
        String name = JsonIo.requiredString(body, "name");
        SourceType type = SourceType.fromWire(JsonIo.requiredString(body, "source_type"));
        Map<String, String> config = config(body.get("config"));
        Optional<String> secret = JsonIo.optionalString(body, "secret");
        if (secret.isPresent() && (secret.get().isEmpty() || secret.get().length() > MAX_VALUE_CHARS)) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "field 'secret' must be 1-" + MAX_VALUE_CHARS
                    + " characters");
        }
        JsonIo.write(ctx, 201, view(connections.create(name, type, config, secret)));
    }

    private void show(Context ctx) {
        ConnectionService.Tables tables = connections.tables(connections.require(ctx.pathParam("id")));
        Map<String, Object> body = view(tables.connection());
        body.put("tables", tables.tables().stream().map(l -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("schema", l.table().schema());
            t.put("table", l.table().table());
            t.put("kind", l.table().kind());
            t.put("sql_name", sqlName(tables.connection().name(), l.table().schema(), l.table().table()));
            t.put("synced", l.cached().isPresent());
            t.put("synced_at", l.cached().map(c -> Times.format(c.syncedAt())).orElse(null));
            t.put("row_count", l.cached().map(CachedTable::rowCount).orElse(null));
            return t;
        }).toList());
        tables.error().ifPresent(e -> body.put("source_error", e));
        JsonIo.write(ctx, 200, body);
    }

    private void health(Context ctx) {
        SourceConnection c = connections.require(ctx.pathParam("id"));
        ConnectionService.Health h = connections.health(c.id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", c.id());
        body.put("name", c.name());
        body.put("status", h.ok() ? "ok" : "unreachable");
        body.put("latency_ms", h.latencyMs());
        h.message().ifPresent(m -> body.put("message", m));
        JsonIo.write(ctx, 200, body);
    }

    /** {@code POST /connections/{id}/refresh} (body optional) and {@code POST /refresh {"connection_id", …}}. */
    private void refresh(Context ctx, String pathId) {
        ObjectNode body = pathId != null && ctx.bodyAsBytes().length == 0
                ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : JsonIo.objectBody(ctx);
        String id = pathId != null ? pathId : JsonIo.requiredString(body, "connection_id");
        if (pathId != null && body.hasNonNull("connection_id")
                && !pathId.equals(JsonIo.requiredString(body, "connection_id"))) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "connection_id differs from the one in the path");
        }
        List<CachedTable> synced = cache.refresh(id, JsonIo.optionalString(body, "schema"),
                JsonIo.optionalString(body, "table"));
        String name = connections.require(id).name();
        JsonIo.write(ctx, 200, Map.of("connection_id", id, "tables",
                synced.stream().map(t -> cachedView(name, t)).toList()));
    }

    static Map<String, Object> cachedView(String connection, CachedTable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", t.schema());
        m.put("table", t.table());
        m.put("sql_name", sqlName(connection, t.schema(), t.table()));
        m.put("row_count", t.rowCount());
        m.put("bytes", t.bytes());
        m.put("synced_at", Times.format(t.syncedAt()));
        m.put("columns", DatasetRoutes.columnsView(t.columns()));
        return m;
    }

    static String sqlName(String connection, String schema, String table) {
        return quote(connection) + "." + quote(schema) + "." + quote(table);
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Never the secret: only whether there is one. */
    static Map<String, Object> view(SourceConnection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("source_type", c.type().wire());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", c.url());
        c.user().ifPresent(u -> config.put("user", u));
        config.putAll(c.properties());
        m.put("config", config);
        m.put("has_secret", c.sealedSecret().isPresent());
        m.put("created_at", Times.format(c.createdAt()));
        return m;
    }

    /** {@code {"url": "…", "user": "…", …}}: text values (numbers and booleans are taken as their text). */
    private static Map<String, String> config(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "missing required field 'config'");
        }
        if (!node.isObject() || node.size() > MAX_CONFIG_ENTRIES) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "field 'config' must be an object of at most "
                    + MAX_CONFIG_ENTRIES + " settings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (!(v.isTextual() || v.isNumber() || v.isBoolean()) || e.getKey().isEmpty()
                    || v.asText().length() > MAX_VALUE_CHARS || e.getKey().length() > 200) {
                throw new ApiException(ErrorCode.UNPROCESSABLE, "config." + e.getKey()
                        + " must be a string, number or boolean of at most " + MAX_VALUE_CHARS + " characters");
            }
            if (e.getKey().equalsIgnoreCase("password")) {
                throw new ApiException(ErrorCode.UNPROCESSABLE, "the password goes in field 'secret', not in config");
            }
            out.put(e.getKey(), v.asText());
        }
        return out;
    }
}
