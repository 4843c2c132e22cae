package io.resultstore.catalog;

import static java.util.Objects.requireNonNull;

import io.resultstore.dataset.Upload;
import io.resultstore.dataset.UploadRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

public final class JdbcUploads implements UploadRepository {
    private final CatalogDb db;

    JdbcUploads(CatalogDb db) {
        this.db = requireNonNull(db, "db is null");
    }

    @Override
    public void insert(Upload u) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO uploads (id, size_bytes, sha256, content_type, storage_key, created_at, expires_at)
                        VALUES (:id, :size, :sha, :type, :key, :created, :expires)""")
                .bind("id", u.id())
                .bind("size", u.sizeBytes())
                .bind("sha", u.sha256())
                .bind("type", u.contentType())
                .bind("key", u.storageKey())
                .bind("created", u.createdAt().toEpochMilli())
                .bind("expires", u.expiresAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<Upload> find(String id) {
        return db.read(h -> h.createQuery("SELECT * FROM uploads WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<String> expired(Instant now, int limit) {
        return db.read(h -> h.createQuery("SELECT id FROM uploads WHERE expires_at <= :now ORDER BY expires_at LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit).mapTo(String.class).list());
    }

    @Override
    public boolean remove(String id, Instant deleteAfter) {
        return db.write(h -> remove(h, id, deleteAfter));
    }

    /** For callers that consume an upload inside their own transaction. */
    static boolean remove(Handle h, String id, Instant deleteAfter) {
        Optional<String> key = h.createQuery("SELECT storage_key FROM uploads WHERE id = :id").bind("id", id)
                .mapTo(String.class).findOne();
        if (key.isEmpty() || h.createUpdate("DELETE FROM uploads WHERE id = :id").bind("id", id).execute() == 0) {
            return false;
        }
        JdbcBlobDeletions.enqueue(h, key.get(), deleteAfter);
        return true;
    }

    private static Upload map(ResultSet rs) throws SQLException {
        return new Upload(rs.getString("id"), rs.getLong("size_bytes"), rs.getString("sha256"),
                rs.getString("content_type"), rs.getString("storage_key"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "expires_at"));
    }
}
