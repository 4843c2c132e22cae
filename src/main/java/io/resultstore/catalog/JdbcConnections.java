package io.resultstore.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.resultstore.common.Json;
import io.resultstore.connection.CachedTable;
import io.resultstore.connection.ConnectionRepository;
import io.resultstore.connection.SourceConnection;
import io.resultstore.connection.SourceType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

public final class JdbcConnections implements ConnectionRepository {
    private static final TypeReference<Map<String, Object>> CONFIG = new TypeReference<>() {};

    private final CatalogDb db;

    JdbcConnections(CatalogDb db) {
        this.db = requireNonNull(db, "db is null");
    }

    @Override
    public boolean insert(SourceConnection c) {
        return db.write(h -> {
            if (h.createQuery("SELECT count(*) FROM connections WHERE name = :name").bind("name", c.name())
                    .mapTo(Long.class).one() > 0) {
                return false;
            }
            h.createUpdate("""
                            INSERT INTO connections (id, name, source_type, config_json, secret, created_at)
                            VALUES (:id, :name, :type, :config, :secret, :created)""")
                    .bind("id", c.id()).bind("name", c.name()).bind("type", c.type().wire())
                    .bind("config", configJson(c)).bind("secret", c.sealedSecret().orElse(null))
                    .bind("created", c.createdAt().toEpochMilli())
                    .execute();
            return true;
        });
    }

    @Override
    public Optional<SourceConnection> find(String id) {
        return db.read(h -> h.createQuery("SELECT * FROM connections WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<SourceConnection> findByName(String name) {
        return db.read(h -> h.createQuery("SELECT * FROM connections WHERE name = :name").bind("name", name)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<SourceConnection> list() {
        return db.read(h -> h.createQuery("SELECT * FROM connections ORDER BY name").map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public Optional<SourceConnection> remove(String id, Instant deleteAfter) {
        return db.write(h -> {
            Optional<SourceConnection> before = h.createQuery("SELECT * FROM connections WHERE id = :id")
                    .bind("id", id).map((rs, ctx) -> map(rs)).findOne();
            if (before.isPresent()) {
                purge(h, id, deleteAfter);
                h.createUpdate("DELETE FROM connections WHERE id = :id").bind("id", id).execute();
            }
            return before;
        });
    }

    @Override
    public List<CachedTable> cached(String connectionId) {
        return db.read(h -> h.createQuery("SELECT * FROM connection_tables WHERE connection_id = :id"
                        + " ORDER BY schema_name, table_name")
                .bind("id", connectionId).map((rs, ctx) -> mapCached(rs)).list());
    }

    @Override
    public Optional<CachedTable> cached(String connectionId, String schema, String table) {
        return db.read(h -> findCached(h, connectionId, schema, table));
    }

    @Override
    public boolean putCached(CachedTable t, Instant deleteAfter) {
        return db.write(h -> {
            if (h.createQuery("SELECT count(*) FROM connections WHERE id = :id").bind("id", t.connectionId())
                    .mapTo(Long.class).one() == 0) {
                return false;
            }
            Optional<CachedTable> before = findCached(h, t.connectionId(), t.schema(), t.table());
            if (before.isPresent()) {
                h.createUpdate("""
                                UPDATE connection_tables SET storage_key = :key, columns_json = :columns,
                                    row_count = :rows, bytes = :bytes, synced_at = :synced
                                WHERE connection_id = :id AND schema_name = :schema AND table_name = :table""")
                        .bindMap(fields(t)).execute();
                JdbcBlobDeletions.enqueue(h, before.get().storageKey(), deleteAfter);
            } else {
                h.createUpdate("""
                                INSERT INTO connection_tables (connection_id, schema_name, table_name, storage_key,
                                    columns_json, row_count, bytes, synced_at)
                                VALUES (:id, :schema, :table, :key, :columns, :rows, :bytes, :synced)""")
                        .bindMap(fields(t)).execute();
            }
            return true;
        });
    }

    @Override
    public int purge(String connectionId, Instant deleteAfter) {
        return db.write(h -> purge(h, connectionId, deleteAfter));
    }

    private static int purge(Handle h, String connectionId, Instant deleteAfter) {
        List<String> keys = h.createQuery("SELECT storage_key FROM connection_tables WHERE connection_id = :id")
                .bind("id", connectionId).mapTo(String.class).list();
        for (String key : keys) {
            JdbcBlobDeletions.enqueue(h, key, deleteAfter);
        }
        h.createUpdate("DELETE FROM connection_tables WHERE connection_id = :id").bind("id", connectionId).execute();
        return keys.size();
    }

    private static Optional<CachedTable> findCached(Handle h, String connectionId, String schema, String table) {
        return h.createQuery("SELECT * FROM connection_tables WHERE connection_id = :id AND schema_name = :schema"
                        + " AND table_name = :table")
                .bind("id", connectionId).bind("schema", schema).bind("table", table)
                .map((rs, ctx) -> mapCached(rs)).findOne();
    }

    private static Map<String, Object> fields(CachedTable t) {
        return Map.of("id", t.connectionId(), "schema", t.schema(), "table", t.table(), "key", t.storageKey(),
                "columns", ColumnsJson.toJson(t.columns()), "rows", t.rowCount(), "bytes", t.bytes(),
                "synced", t.syncedAt().toEpochMilli());
    }

    private static String configJson(SourceConnection c) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", c.url());
        c.user().ifPresent(u -> config.put("user", u));
        config.put("properties", c.properties());
        try {
            return Json.MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a connection's config", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static SourceConnection map(ResultSet rs) throws SQLException {
        Map<String, Object> config;
        try {
            config = Json.MAPPER.readValue(rs.getString("config_json"), CONFIG);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable connection config", e);
        }
        return new SourceConnection(rs.getString("id"), rs.getString("name"),
                SourceType.fromWire(rs.getString("source_type")), (String) config.get("url"),
                Optional.ofNullable((String) config.get("user")),
                (Map<String, String>) config.getOrDefault("properties", Map.of()),
                Optional.ofNullable(rs.getString("secret")), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static CachedTable mapCached(ResultSet rs) throws SQLException {
        return new CachedTable(rs.getString("connection_id"), rs.getString("schema_name"), rs.getString("table_name"),
                rs.getString("storage_key"), ColumnsJson.fromJson(rs.getString("columns_json")),
                rs.getLong("row_count"), rs.getLong("bytes"), Instant.ofEpochMilli(rs.getLong("synced_at")));
    }
}
