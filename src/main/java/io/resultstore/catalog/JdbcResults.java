package io.resultstore.catalog;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.Column;
import io.resultstore.result.Result;
import io.resultstore.result.ResultRepository;
import io.resultstore.result.ResultStatus;
import io.resultstore.run.RunCompletion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

final class JdbcResults implements ResultRepository {
    private static final String TOMBSTONES = "('deleted','expired')";

    private final CatalogDb db;

    JdbcResults(CatalogDb db) {
        this.db = requireNonNull(db, "db is null");
    }

    @Override
    public void insert(Result r, String owner) {
        db.write(h -> insert(h, r, owner));
    }

    @Override
    public boolean insertCompletingRun(Result r, String owner, RunCompletion completion) {
        return db.write(h -> {
            if (!JdbcQueryRuns.complete(h, r.queryRunId(), completion)) {
                return false;
            }
            insert(h, r, owner);
            return true;
        });
    }

    private static int insert(Handle h, Result r, String owner) {
        return h.createUpdate("""
                        INSERT INTO results (id, status, query_run_id, created_at, completed_at, row_count, bytes,
                            columns_json, storage_key, error_message, expires_at, owner, reuse_key)
                        VALUES (:id, :status, :run, :created, :completed, :rows, :bytes, :columns, :key, :error,
                            :expires, :owner, :reuse)""")
                .bind("id", r.id())
                .bind("status", r.status().wire())
                .bind("run", r.queryRunId())
                .bind("created", r.createdAt().toEpochMilli())
                .bind("completed", Rows.millis(r.completedAt()))
                .bind("rows", r.rowCount())
                .bind("bytes", r.bytes().orElse(null))
                .bind("columns", ColumnsJson.toJson(r.columns()))
                .bind("key", r.storageKey().orElse(null))
                .bind("error", r.errorMessage().orElse(null))
                .bind("expires", Rows.millis(r.expiresAt()))
                .bind("owner", owner)
                .bind("reuse", r.reuseKey().orElse(null))
                .execute();
    }

    @Override
    public Optional<Result> find(String id) {
        return db.read(h -> h.createQuery("SELECT * FROM results WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne());
    }

    @Override
    public Optional<Result> findReusable(String reuseKey, Instant createdSince, Instant now) {
        return db.read(h -> h.createQuery("""
                        SELECT * FROM results WHERE reuse_key = :key AND status = 'ready' AND created_at >= :since
                            AND (expires_at IS NULL OR expires_at > :now)
                        ORDER BY created_at DESC LIMIT 1""")
                .bind("key", reuseKey)
                .bind("since", createdSince.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> map(rs))
                .findOne());
    }

    @Override
    public Map<String, ResultStatus> statuses(Collection<String> ids) {
        return OwnedRows.statuses(db, "results", ids, ResultStatus::fromWire);
    }

    @Override
    public List<Result> list(Optional<ResultStatus> status, int limit, int offset) {
        return db.read(h -> {
            Query q = h.createQuery("SELECT * FROM results WHERE "
                    + (status.isPresent() ? "status = :status" : "status NOT IN " + TOMBSTONES)
                    + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset");
            status.ifPresent(s -> q.bind("status", s.wire()));
            return q.bind("limit", limit).bind("offset", offset).map((rs, ctx) -> map(rs)).list();
        });
    }

    @Override
    public boolean markReady(String id, String key, long bytes, Instant completedAt, Optional<Instant> expiresAt) {
        return db.write(h -> h.createUpdate("""
                        UPDATE results SET status = 'ready', storage_key = :key, bytes = :bytes,
                            completed_at = :completed, expires_at = :expires
                        WHERE id = :id AND status = 'processing'""")
                .bind("id", id)
                .bind("key", key)
                .bind("bytes", bytes)
                .bind("completed", completedAt.toEpochMilli())
                .bind("expires", Rows.millis(expiresAt))
                .execute()) == 1;
    }

    @Override
    public boolean markFailed(String id, String errorMessage, Instant completedAt, Optional<Instant> expiresAt) {
        return db.write(h -> h.createUpdate("""
                        UPDATE results SET status = 'failed', error_message = :error, completed_at = :completed,
                            expires_at = :expires
                        WHERE id = :id AND status = 'processing'""")
                .bind("id", id)
                .bind("error", errorMessage)
                .bind("completed", completedAt.toEpochMilli())
                .bind("expires", Rows.millis(expiresAt))
                .execute()) == 1;
    }

    @Override
    public boolean failReady(String id, String errorMessage) {
        return db.write(h -> h.createUpdate(
                        "UPDATE results SET status = 'failed', error_message = :error WHERE id = :id AND status = 'ready'")
                .bind("id", id)
                .bind("error", errorMessage)
                .execute()) == 1;
    }

    @Override
    public Optional<Result> tombstone(String id, ResultStatus tombstone, Instant now, Instant deleteAfter) {
        if (!tombstone.isTombstone()) {
            throw new IllegalArgumentException(tombstone + " is not a tombstone");
        }
        return db.write(h -> {
            Optional<Result> before = h.createQuery("SELECT * FROM results WHERE id = :id")
                    .bind("id", id).map((rs, ctx) -> map(rs)).findOne()
                    .filter(r -> !r.status().isTombstone());
            if (before.isEmpty()) {
                return before;
            }
            int changed = h.createUpdate("UPDATE results SET status = :status, completed_at = COALESCE(completed_at, :now)"
                            + " WHERE id = :id AND status NOT IN " + TOMBSTONES)
                    .bind("status", tombstone.wire()).bind("now", now.toEpochMilli()).bind("id", id).execute();
            if (changed == 0) {
                return Optional.<Result>empty();
            }
            // A processing result's file may still appear: its writer finds the row gone and removes it itself,
            // and the queued deletion below catches the case where it dies first.
            JdbcBlobDeletions.enqueue(h, Result.storageKeyFor(id), deleteAfter);
            return before;
        });
    }

    @Override
    public List<String> expired(Instant now, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT id FROM results WHERE expires_at IS NOT NULL AND expires_at <= :now
                            AND status IN ('ready','failed') ORDER BY expires_at LIMIT :limit""")
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    }

    @Override
    public int failOrphaned(String errorMessage, Instant now, Instant liveSince) {
        return db.write(h -> {
            List<String> failed = OwnedRows.bindOrphaned(h.createQuery(
                            OwnedRows.failOrphanedSql("results", "processing", db.dialect()) + " RETURNING id"),
                            errorMessage, now, liveSince)
                    .mapTo(String.class)
                    .list();
            // The dead writer may have published its file just before it died: nothing else would remove it.
            for (String id : failed) {
                JdbcBlobDeletions.enqueue(h, Result.storageKeyFor(id), now);
            }
            return failed.size();
        });
    }

    private static Result map(ResultSet rs) throws SQLException {
        return new Result(
                rs.getString("id"),
                ResultStatus.fromWire(rs.getString("status")),
                rs.getString("query_run_id"),
                Rows.instant(rs, "created_at"),
                Rows.optionalInstant(rs, "completed_at"),
                rs.getLong("row_count"),
                Rows.optionalLong(rs, "bytes"),
                ColumnsJson.fromJson(rs.getString("columns_json")),
                Rows.optionalString(rs, "storage_key"),
                Rows.optionalString(rs, "error_message"),
                Rows.optionalInstant(rs, "expires_at"),
                Rows.optionalString(rs, "reuse_key"));
    }
}
