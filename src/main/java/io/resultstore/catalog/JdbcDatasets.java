package io.resultstore.catalog;

import static java.util.Objects.requireNonNull;

import io.resultstore.dataset.Dataset;
import io.resultstore.dataset.DatasetRepository;
import io.resultstore.engine.Column;
import io.resultstore.error.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

public final class JdbcDatasets implements DatasetRepository {
    private static final String LIVE = "ready";
    private static final String DELETED = "deleted";

    private final CatalogDb db;

    JdbcDatasets(CatalogDb db) {
        this.db = requireNonNull(db, "db is null");
    }

    @Override
    public boolean insert(Dataset d, Optional<String> consumedUpload, Instant deleteAfter) {
        return db.write(h -> {
            if (nameTaken(h, d.tableName(), d.id())) {
                return false;
            }
            if (consumedUpload.isPresent() && !JdbcUploads.remove(h, consumedUpload.get(), deleteAfter)) {
                throw ApiException.notFound("upload " + consumedUpload.get() + " not found");
            }
            h.createUpdate("""
                            INSERT INTO datasets (id, status, label, table_name, storage_key, columns_json, row_count,
                                bytes, created_at, updated_at)
                            VALUES (:id, :status, :label, :table, :key, :columns, :rows, :bytes, :created, :updated)""")
                    .bindMap(fields(d))
                    .bind("status", LIVE)
                    .execute();
            return true;
        });
    }

    @Override
    public Optional<Dataset> find(String id) {
        return db.read(h -> h.createQuery("SELECT * FROM datasets WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<Dataset> findByTable(String tableName) {
        return db.read(h -> h.createQuery("SELECT * FROM datasets WHERE table_name = :t AND status = :live")
                .bind("t", tableName).bind("live", LIVE).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<Dataset> list(Optional<String> afterId, int limit) {
        return db.read(h -> h.createQuery("SELECT * FROM datasets WHERE status = :live AND id > :after"
                        + " ORDER BY id LIMIT :limit")
                .bind("live", LIVE).bind("after", afterId.orElse("")).bind("limit", limit)
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public Optional<Dataset> update(Dataset d, Optional<String> consumedUpload, Instant deleteAfter) {
        return db.write(h -> {
            Optional<Dataset> before = h.createQuery("SELECT * FROM datasets WHERE id = :id AND status = :live")
                    .bind("id", d.id()).bind("live", LIVE).map((rs, ctx) -> map(rs)).findOne();
            if (before.isEmpty()) {
                return Optional.<Dataset>empty();
            }
            if (nameTaken(h, d.tableName(), d.id())) {
                throw ApiException.conflict("a dataset named " + d.tableName() + " already exists");
            }
            if (consumedUpload.isPresent() && !JdbcUploads.remove(h, consumedUpload.get(), deleteAfter)) {
                throw ApiException.notFound("upload " + consumedUpload.get() + " not found");
            }
            h.createUpdate("""
                            UPDATE datasets SET label = :label, table_name = :table, storage_key = :key,
                                columns_json = :columns, row_count = :rows, bytes = :bytes, created_at = :created,
                                updated_at = :updated
                            WHERE id = :id""")
                    .bindMap(fields(d))
                    .execute();
            if (!before.get().storageKey().equals(d.storageKey())) {
                JdbcBlobDeletions.enqueue(h, before.get().storageKey(), deleteAfter);
            }
            return Optional.of(d);
        });
    }

    @Override
    public Optional<Dataset> tombstone(String id, Instant now, Instant deleteAfter) {
        return db.write(h -> {
            Optional<Dataset> before = h.createQuery("SELECT * FROM datasets WHERE id = :id AND status = :live")
                    .bind("id", id).bind("live", LIVE).map((rs, ctx) -> map(rs)).findOne();
            if (before.isEmpty()) {
                return before;
            }
            h.createUpdate("UPDATE datasets SET status = :deleted, updated_at = :now WHERE id = :id")
                    .bind("deleted", DELETED).bind("now", now.toEpochMilli()).bind("id", id).execute();
            JdbcBlobDeletions.enqueue(h, before.get().storageKey(), deleteAfter);
            return before;
        });
    }

    @Override
    public long liveCount() {
        return db.read(h -> h.createQuery("SELECT count(*) FROM datasets WHERE status = :live").bind("live", LIVE)
                .mapTo(Long.class).one());
    }

    private static java.util.Map<String, Object> fields(Dataset d) {
        return java.util.Map.of("id", d.id(), "label", d.label(), "table", d.tableName(), "key", d.storageKey(),
                "columns", ColumnsJson.toJson(d.columns()), "rows", d.rowCount(), "bytes", d.bytes(),
                "created", d.createdAt().toEpochMilli(), "updated", d.updatedAt().toEpochMilli());
    }

    private static boolean nameTaken(Handle h, String tableName, String exceptId) {
        return h.createQuery("SELECT count(*) FROM datasets WHERE table_name = :t AND status = :live AND id <> :id")
                .bind("t", tableName).bind("live", LIVE).bind("id", exceptId).mapTo(Long.class).one() > 0;
    }

    private static Dataset map(ResultSet rs) throws SQLException {
        return new Dataset(rs.getString("id"), rs.getString("label"), rs.getString("table_name"),
                rs.getString("storage_key"), ColumnsJson.fromJson(rs.getString("columns_json")), rs.getLong("row_count"),
                rs.getLong("bytes"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"),
                DELETED.equals(rs.getString("status")));
    }
}
