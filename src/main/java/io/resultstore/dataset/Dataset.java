package io.resultstore.dataset;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.Column;
import java.time.Instant;
import java.util.List;

/**
 * A named table of a user's own data: one Parquet blob, queryable as {@code datasets."<tableName>"}.
 * {@code deleted} marks a tombstone: reads answer 410 and the name is free again.
 */
public record Dataset(String id, String label, String tableName, String storageKey, List<Column> columns,
        long rowCount, long bytes, Instant createdAt, Instant updatedAt, boolean deleted) {
    public Dataset {
        requireNonNull(id, "id is null");
        requireNonNull(label, "label is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(storageKey, "storageKey is null");
        columns = List.copyOf(columns);
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** Every version of the data gets a key of its own, so a replica's cached copy of an older one is never read. */
    public static String storageKeyFor(String id, String version) {
        return "datasets/" + id + "/" + version + ".parquet";
    }
}
