package io.resultstore.catalog;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * What results and query runs have in common: a status, and an owner whose heartbeat keeps unfinished rows
 * alive. The lease rule (which rows count as orphaned) lives here once for both tables.
 */
final class OwnedRows {
    private OwnedRows() {}

    /** The status of each of {@code ids} that exists in {@code table}, in one round trip. */
    static <S> Map<String, S> statuses(CatalogDb db, String table, Collection<String> ids, Function<String, S> fromWire) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return db.read(h -> h.createQuery("SELECT id, status FROM " + table + " WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(ids))
                .reduceRows(new HashMap<String, S>(), (map, row) -> {
                    map.put(row.getColumn("id", String.class), fromWire.apply(row.getColumn("status", String.class)));
                    return map;
                }));
    }

    /**
     * Fails the rows of {@code table} still in {@code unfinished} whose owner has not heartbeated since
     * {@code :since}, setting {@code :error} and {@code :now} (see {@link #bindOrphaned}). Claimed with SKIP LOCKED
     * on PostgreSQL: concurrent sweepers split the orphans instead of queueing.
     */
    static String failOrphanedSql(String table, String unfinished, Dialect dialect) {
        return "UPDATE " + table + " SET status = 'failed', error_message = :error, completed_at = :now"
                + " WHERE status = '" + unfinished + "' AND id IN (SELECT id FROM " + table + " WHERE status = '"
                + unfinished + "' AND owner NOT IN (SELECT owner FROM nodes WHERE heartbeat_at >= :since)"
                + dialect.skipLocked() + ")";
    }

    static <T extends SqlStatement<T>> T bindOrphaned(T statement, String errorMessage, Instant now, Instant liveSince) {
        return statement.bind("error", errorMessage)
                .bind("now", now.toEpochMilli())
                .bind("since", liveSince.toEpochMilli());
    }
}
