package io.resultstore.catalog;

import static java.util.Objects.requireNonNull;

import io.resultstore.run.QueryRun;
import io.resultstore.run.QueryRunRepository;
import io.resultstore.run.RunCompletion;
import io.resultstore.run.RunCursor;
import io.resultstore.run.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

final class JdbcQueryRuns implements QueryRunRepository {
    private final CatalogDb db;

    JdbcQueryRuns(CatalogDb db) {
        this.db = requireNonNull(db, "db is null");
    }

    @Override
    public void insert(QueryRun run, String owner) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO query_runs (id, status, sql_text, sql_hash, created_at, owner, engine, trace_id)
                        VALUES (:id, :status, :sql, :hash, :created, :owner, :engine, :trace)""")
                .bind("id", run.id())
                .bind("status", run.status().wire())
                .bind("sql", run.sqlText())
                .bind("hash", run.sqlHash())
                .bind("created", run.createdAt().toEpochMilli())
                .bind("owner", owner)
                .bind("engine", run.engine())
                .bind("trace", run.traceId().orElse(null))
                .execute());
    }

    @Override
    public Optional<QueryRun> find(String id) {
        return db.read(h -> h.createQuery("SELECT * FROM query_runs WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne());
    }

    @Override
    public Map<String, RunStatus> statuses(Collection<String> ids) {
        return OwnedRows.statuses(db, "query_runs", ids, RunStatus::fromWire);
    }

    @Override
    public List<QueryRun> list(Optional<RunCursor> after, int limit) {
        return db.read(h -> {
            Query q = h.createQuery("SELECT * FROM query_runs"
                    + (after.isPresent() ? " WHERE created_at < :at OR (created_at = :at AND id < :id)" : "")
                    + " ORDER BY created_at DESC, id DESC LIMIT :limit");
            after.ifPresent(c -> q.bind("at", c.createdAt().toEpochMilli()).bind("id", c.id()));
            return q.bind("limit", limit).map((rs, ctx) -> map(rs)).list();
        });
    }

    @Override
    public boolean complete(String id, RunCompletion c) {
        return db.write(h -> complete(h, id, c));
    }

    /** Within the caller's transaction. */
    static boolean complete(Handle h, String id, RunCompletion c) {
        return h.createUpdate("""
                        UPDATE query_runs SET status = :status, result_id = :result, row_count = :rows,
                            execution_time_ms = :ms, error_message = :error, completed_at = :completed,
                            reused_from = :reused
                        WHERE id = :id AND status = 'running'""")
                .bind("id", id)
                .bind("status", c.status().wire())
                .bind("result", c.resultId().orElse(null))
                .bind("rows", c.rowCount().orElse(null))
                .bind("ms", c.executionTimeMs())
                .bind("error", c.errorMessage().orElse(null))
                .bind("completed", c.completedAt().toEpochMilli())
                .bind("reused", c.reusedFrom().orElse(null))
                .execute() == 1;
    }

    @Override
    public int failOrphaned(String errorMessage, Instant now, Instant liveSince) {
        return db.write(h -> OwnedRows.bindOrphaned(h.createUpdate(
                        OwnedRows.failOrphanedSql("query_runs", "running", db.dialect())), errorMessage, now, liveSince)
                .execute());
    }

    private static QueryRun map(ResultSet rs) throws SQLException {
        return new QueryRun(
                rs.getString("id"),
                RunStatus.fromWire(rs.getString("status")),
                rs.getString("sql_text"),
                rs.getString("sql_hash"),
                Rows.optionalString(rs, "result_id"),
                Rows.optionalLong(rs, "row_count"),
                Rows.optionalLong(rs, "execution_time_ms"),
                Rows.optionalString(rs, "error_message"),
                Rows.instant(rs, "created_at"),
                Rows.optionalInstant(rs, "completed_at"),
                Rows.optionalString(rs, "reused_from"),
                rs.getString("engine"),
                Rows.optionalString(rs, "trace_id"));
    }
}
