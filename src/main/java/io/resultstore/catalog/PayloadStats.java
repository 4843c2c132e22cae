package io.resultstore.catalog;

import static java.util.Objects.requireNonNull;

import io.resultstore.payload.PayloadRepository.Removed;
import io.resultstore.payload.PayloadRepository.Stats;
import io.resultstore.payload.PayloadRepository.Totals;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Payload counts for {@code GET /api/result/stats} and the GC totals row. */
final class PayloadStats {
    private final CatalogDb db;

    PayloadStats(CatalogDb db) {
        this.db = requireNonNull(db, "db is null");
    }

    void recordGcRun(Instant at, Removed collected) {
        db.write(h -> h.createUpdate("""
                        UPDATE payload_gc SET collected_count = collected_count + :count,
                            collected_bytes = collected_bytes + :bytes, last_run_at = :at, last_run_collected = :count
                        WHERE id = 1""")
                .bind("count", collected.count())
                .bind("bytes", collected.bytes())
                .bind("at", at.toEpochMilli())
                .execute());
    }

    Stats stats(Instant now) {
        return db.read(h -> {
            Map<String, Totals> byScope = new TreeMap<>();
            Map<String, Totals> byStore = new TreeMap<>();
            h.createQuery("""
                            SELECT scope, store, count(*) AS n, COALESCE(sum(bytes), 0) AS b FROM payloads
                            WHERE state = 'live' AND (expires_at IS NULL OR expires_at > :now) GROUP BY scope, store""")
                    .bind("now", now.toEpochMilli())
                    .map((rs, ctx) -> {
                        Totals t = new Totals(rs.getLong("n"), rs.getLong("b"));
                        byScope.merge(rs.getString("scope"), t, PayloadStats::add);
                        byStore.merge(rs.getString("store"), t, PayloadStats::add);
                        return t;
                    })
                    .list();
            Totals expiredPending = h.createQuery("""
                            SELECT count(*) AS n, COALESCE(sum(bytes), 0) AS b FROM payloads
                            WHERE state = 'live' AND expires_at IS NOT NULL AND expires_at <= :now""")
                    .bind("now", now.toEpochMilli())
                    .map((rs, ctx) -> new Totals(rs.getLong("n"), rs.getLong("b"))).one();
            Totals deleted = h.createQuery("""
                            SELECT count(*) AS n, COALESCE(sum(bytes), 0) AS b FROM payloads WHERE state = 'deleted'""")
                    .map((rs, ctx) -> new Totals(rs.getLong("n"), rs.getLong("b"))).one();
            return h.createQuery("SELECT * FROM payload_gc WHERE id = 1")
                    .map((rs, ctx) -> new Stats(byScope, byStore, expiredPending, deleted,
                            new Totals(rs.getLong("collected_count"), rs.getLong("collected_bytes")),
                            Rows.optionalInstant(rs, "last_run_at"), rs.getLong("last_run_collected")))
                    .one();
        });
    }

    private static Totals add(Totals a, Totals b) {
        return new Totals(a.count() + b.count(), a.bytes() + b.bytes());
    }
}
