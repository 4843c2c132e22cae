package io.resultstore.catalog;

import static java.util.Objects.requireNonNull;

import io.resultstore.payload.Compression;
import io.resultstore.payload.Payload;
import io.resultstore.payload.PayloadRepository;
import io.resultstore.payload.PayloadState;
import io.resultstore.payload.Scope;
import io.resultstore.payload.StoredPayload;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.statement.Query;

final class JdbcPayloads implements PayloadRepository {
    private static final String META = "id, execution_id, name, scope, store, state, bytes, stored_bytes, sha256,"
            + " compression, blob_key, source_step, correlation, extracted, created_at, expires_at";
    private static final String READABLE = "state = 'live' AND (expires_at IS NULL OR expires_at > :now)";
    // Positional: payload inserts are the hottest write, and binding by name costs Jdbi a lookup per argument.
    private static final String INSERT = "INSERT INTO payloads (" + META + ", data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FIND = "SELECT " + META + ", data FROM payloads WHERE id = ?";
    private static final String TOMBSTONE = "SET state = :state, data = NULL, deleted_at = :now";

    private final CatalogDb db;
    private final PayloadStats stats;
    private final GroupCommit<NewRow> inserts;

    JdbcPayloads(CatalogDb db) {
        this.db = requireNonNull(db, "db is null");
        this.stats = new PayloadStats(db);
        this.inserts = new GroupCommit<>(rows -> {
            HandleCallback<Void, SQLException> insert = h -> {
                insertAll(h, rows);
                return null;
            };
            // One row without a blob to claim is one statement: autocommitted on PostgreSQL, a round trip less.
            if (rows.size() == 1 && rows.getFirst().payload().blobKey().isEmpty()) {
                db.writeStatement(insert);
            } else {
                db.write(insert);
            }
        });
    }

    /** The rows and the claims of their blobs (see claimBlob), in the caller's transaction. */
    private void insertAll(Handle h, List<NewRow> rows) throws SQLException {
        try (PreparedStatement ps = h.getConnection().prepareStatement(INSERT)) {
            for (NewRow row : rows) {
                bind(ps, row.payload(), row.inline());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            // Alone (a failed batch is retried row by row), a row whose id is taken is IdTaken: its caller takes
            // another id.
            if (rows.size() == 1 && db.dialect().isUniqueViolation(e)) {
                throw new PayloadRepository.IdTaken(rows.getFirst().payload().id());
            }
            throw e;
        }
        for (NewRow row : rows) {
            claimBlob(h, row.payload());
        }
    }

    private record NewRow(Payload payload, Optional<byte[]> inline) {}

    /** Thrown inside the transaction to roll it back when a concurrent writer took the idempotency key first. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }

    @Override
    public Optional<String> insert(Payload p, Optional<byte[]> inline, Optional<Idempotency> idempotency) {
        if (idempotency.isEmpty()) {
            // Many small inserts share one commit: SQLite takes one writer at a time, and PostgreSQL pays a round
            // trip and a WAL flush per commit (one PUT each was 0.36-0.43 of raw inserts from 16 threads).
            inserts.write(new NewRow(p, inline));
            return Optional.empty();
        }
        Idempotency i = idempotency.get();
        try {
            return db.write(h -> {
                Optional<String> earlier = idempotentResponse(h, p.executionId(), i.key(), i.validSince());
                if (earlier.isPresent()) {
                    return earlier;
                }
                insertAll(h, List.of(new NewRow(p, inline)));
                int claimed = h.createUpdate("""
                                INSERT INTO payload_idempotency (execution_id, idem_key, response, created_at)
                                VALUES (:eid, :key, :response, :at)
                                ON CONFLICT (execution_id, idem_key) DO UPDATE
                                    SET response = excluded.response, created_at = excluded.created_at
                                    WHERE payload_idempotency.created_at < :since""")
                        .bind("eid", p.executionId()).bind("key", i.key()).bind("response", i.response())
                        .bind("at", i.createdAt().toEpochMilli()).bind("since", i.validSince().toEpochMilli())
                        .execute();
                if (claimed == 0) {
                    throw new KeyTaken();
                }
                return Optional.<String>empty();
            });
        } catch (KeyTaken e) {
            return Optional.of(idempotentResponse(p.executionId(), i.key(), i.validSince())
                    .orElseThrow(() -> new IllegalStateException("idempotency key vanished")));
        }
    }

    /** The blob now has its row: take it off the deletion queue it was put on before it was written. */
    private static void claimBlob(Handle h, Payload p) {
        p.blobKey().ifPresent(key -> h.createUpdate("DELETE FROM blob_deletions WHERE storage_key = :key")
                .bind("key", key).execute());
    }

    private static void bind(PreparedStatement ps, Payload p, Optional<byte[]> inline) throws SQLException {
        ps.setLong(1, p.id());
        ps.setString(2, p.executionId());
        ps.setString(3, p.name());
        ps.setString(4, p.scope().wire());
        ps.setString(5, p.store());
        ps.setString(6, p.state().wire());
        ps.setLong(7, p.bytes());
        ps.setLong(8, p.storedBytes());
        ps.setString(9, p.sha256());
        ps.setString(10, p.compression().wire());
        ps.setString(11, p.blobKey().orElse(null));
        ps.setString(12, p.sourceStep().orElse(null));
        ps.setString(13, p.correlation().orElse(null));
        ps.setString(14, p.extracted().orElse(null));
        ps.setLong(15, p.createdAt().toEpochMilli());
        Long expires = Rows.millis(p.expiresAt());
        if (expires == null) {
            ps.setNull(16, Types.BIGINT);
        } else {
            ps.setLong(16, expires);
        }
        if (inline.isPresent()) {
            ps.setBytes(17, inline.get());
        } else {
            ps.setNull(17, Types.BINARY);
        }
    }

    @Override
    public Optional<String> idempotentResponse(String executionId, String key, Instant validSince) {
        return db.read(h -> idempotentResponse(h, executionId, key, validSince));
    }

    private static Optional<String> idempotentResponse(Handle h, String executionId, String key, Instant validSince) {
        return h.createQuery("SELECT response FROM payload_idempotency"
                        + " WHERE execution_id = :eid AND idem_key = :key AND created_at >= :since")
                .bind("eid", executionId).bind("key", key).bind("since", validSince.toEpochMilli())
                .mapTo(String.class).findOne();
    }

    @Override
    public Optional<StoredPayload> find(long id) {
        // Plain JDBC like the insert: resolving a ref is the hottest read, and Jdbi's per-statement work (config
        // lookups, argument binding, cleanables) took about as much CPU as SQLite answering it.
        return db.read(h -> {
            try (PreparedStatement ps = h.getConnection().prepareStatement(FIND)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(stored(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<StoredPayload> latest(String executionId, String name, Instant now) {
        return db.read(h -> h.createQuery("SELECT " + META + ", data FROM payloads"
                        + " WHERE execution_id = :eid AND name = :name AND " + READABLE + " ORDER BY id DESC LIMIT 1")
                .bind("eid", executionId).bind("name", name).bind("now", now.toEpochMilli())
                .map((rs, ctx) -> stored(rs)).findOne());
    }

    @Override
    public boolean exists(String executionId, String name) {
        return db.read(h -> h.createQuery("SELECT 1 FROM payloads WHERE execution_id = :eid AND name = :name LIMIT 1")
                .bind("eid", executionId).bind("name", name).mapTo(Integer.class).findOne().isPresent());
    }

    @Override
    public List<Payload> list(String executionId, Optional<Scope> scope, Optional<String> step, Instant now) {
        return db.read(h -> {
            Query q = h.createQuery("SELECT " + META + " FROM payloads WHERE execution_id = :eid AND " + READABLE
                    + (scope.isPresent() ? " AND scope = :scope" : "")
                    + (step.isPresent() ? " AND (name = :step OR source_step = :step)" : "")
                    + " ORDER BY id");
            scope.ifPresent(s -> q.bind("scope", s.wire()));
            step.ifPresent(s -> q.bind("step", s));
            return q.bind("eid", executionId).bind("now", now.toEpochMilli()).map((rs, ctx) -> map(rs)).list();
        });
    }

    @Override
    public Optional<Payload> delete(long id, Instant now) {
        return db.write(h -> {
            Optional<Payload> before = h.createQuery("SELECT " + META + " FROM payloads WHERE id = :id AND state = 'live'")
                    .bind("id", id).map((rs, ctx) -> map(rs)).findOne();
            if (before.isEmpty()) {
                return before;
            }
            Removed removed = remove(h, tombstone(h, "id = :id", PayloadState.DELETED, now).bind("id", id), now);
            return removed.count() == 1 ? before : Optional.<Payload>empty();
        });
    }

    @Override
    public Removed deleteExecution(String executionId, List<Scope> scopes, Instant now) {
        return db.write(h -> remove(h, tombstone(h, "execution_id = :eid AND scope IN (<scopes>)", PayloadState.DELETED, now)
                .bind("eid", executionId)
                .bindList("scopes", scopes.stream().map(Scope::wire).toList()), now));
    }

    @Override
    public Removed deleteStep(String executionId, String step, Instant now) {
        return db.write(h -> remove(h, tombstone(h,
                        "execution_id = :eid AND scope = 'step' AND (name = :step OR source_step = :step)",
                        PayloadState.DELETED, now)
                .bind("eid", executionId).bind("step", step), now));
    }

    @Override
    public Removed collectExpired(Instant now, int limit) {
        // The sub-select claims rows; on PostgreSQL replicas skip the rows another replica is claiming right now,
        // and the outer state check makes a row count for exactly one of them.
        return db.write(h -> remove(h, tombstone(h, "id IN (SELECT id FROM payloads WHERE state = 'live'"
                        + " AND expires_at IS NOT NULL AND expires_at <= :now ORDER BY expires_at LIMIT :limit"
                        + db.dialect().skipLocked() + ")", PayloadState.EXPIRED, now)
                .bind("limit", limit), now));
    }

    private static Query tombstone(Handle h, String where, PayloadState state, Instant now) {
        return h.createQuery("UPDATE payloads " + TOMBSTONE + " WHERE state = 'live' AND " + where
                        + " RETURNING bytes, blob_key")
                .bind("state", state.wire())
                .bind("now", now.toEpochMilli());
    }

    /** Runs the tombstoning update and queues the blobs it orphaned, in the caller's transaction. */
    private static Removed remove(Handle h, Query update, Instant now) {
        List<String> keys = new ArrayList<>();
        long[] bytes = {0};
        int count = update.map((rs, ctx) -> {
                    bytes[0] += rs.getLong("bytes");
                    String key = rs.getString("blob_key");
                    if (key != null) {
                        keys.add(key);
                    }
                    return 1;
                })
                .list().size();
        for (String key : keys) {
            JdbcBlobDeletions.enqueue(h, key, now);
        }
        return new Removed(count, bytes[0], keys);
    }

    @Override
    public int purge(Instant before, Instant keysBefore, int limit) {
        return db.write(h -> h.createUpdate("DELETE FROM payloads WHERE id IN (SELECT id FROM payloads"
                                + " WHERE deleted_at IS NOT NULL AND deleted_at < :before LIMIT :limit"
                                + db.dialect().skipLocked() + ")")
                        .bind("before", before.toEpochMilli()).bind("limit", limit).execute()
                + h.createUpdate("DELETE FROM payload_idempotency WHERE created_at < :before")
                        .bind("before", keysBefore.toEpochMilli()).execute());
    }

    @Override
    public void recordGcRun(Instant at, Removed collected) {
        stats.recordGcRun(at, collected);
    }

    @Override
    public Stats stats(Instant now) {
        return stats.stats(now);
    }

    private static StoredPayload stored(ResultSet rs) throws SQLException {
        return new StoredPayload(map(rs), Optional.ofNullable(rs.getBytes("data")));
    }

    private static Payload map(ResultSet rs) throws SQLException {
        return new Payload(
                rs.getLong("id"),
                rs.getString("execution_id"),
                rs.getString("name"),
                Scope.parse(rs.getString("scope")),
                rs.getString("store"),
                PayloadState.fromWire(rs.getString("state")),
                rs.getLong("bytes"),
                rs.getLong("stored_bytes"),
                rs.getString("sha256"),
                Compression.fromWire(rs.getString("compression")),
                Rows.optionalString(rs, "blob_key"),
                Rows.optionalString(rs, "source_step"),
                Rows.optionalString(rs, "correlation"),
                Rows.optionalString(rs, "extracted"),
                Rows.instant(rs, "created_at"),
                Rows.optionalInstant(rs, "expires_at"));
    }
}
