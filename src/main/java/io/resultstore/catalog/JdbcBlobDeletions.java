package io.resultstore.catalog;

import static java.util.Objects.requireNonNull;

import io.resultstore.storage.BlobDeletionQueue;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

final class JdbcBlobDeletions implements BlobDeletionQueue {
    private final CatalogDb db;

    JdbcBlobDeletions(CatalogDb db) {
        this.db = requireNonNull(db, "db is null");
    }

    /** For callers that queue a deletion inside their own transaction. */
    static void enqueue(Handle h, String storageKey, Instant notBefore) {
        h.createUpdate("INSERT INTO blob_deletions (storage_key, not_before) VALUES (:key, :at)")
                .bind("key", storageKey)
                .bind("at", notBefore.toEpochMilli())
                .execute();
    }

    @Override
    public void enqueue(String storageKey, Instant notBefore) {
        db.write(h -> {
            enqueue(h, storageKey, notBefore);
            return null;
        });
    }

    @Override
    public List<PendingDeletion> claimDue(Instant now, Instant leaseUntil, int limit) {
        return db.write(h -> h.createQuery("UPDATE blob_deletions SET not_before = :lease, attempts = attempts + 1"
                        + " WHERE id IN (SELECT id FROM blob_deletions WHERE not_before <= :now ORDER BY not_before"
                        + " LIMIT :limit" + db.dialect().skipLocked() + ")"
                        + " RETURNING id, storage_key, attempts")
                .bind("lease", leaseUntil.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> new PendingDeletion(rs.getLong("id"), rs.getString("storage_key"), rs.getInt("attempts")))
                .list());
    }

    @Override
    public void done(long id) {
        db.write(h -> h.createUpdate("DELETE FROM blob_deletions WHERE id = :id").bind("id", id).execute());
    }

    @Override
    public void retryLater(long id, String error, Instant notBefore) {
        db.write(h -> h.createUpdate("UPDATE blob_deletions SET not_before = :at, last_error = :error WHERE id = :id")
                .bind("id", id)
                .bind("at", notBefore.toEpochMilli())
                .bind("error", error)
                .execute());
    }

    @Override
    public long pending() {
        return db.read(h -> h.createQuery("SELECT count(*) FROM blob_deletions").mapTo(Long.class).one());
    }
}
