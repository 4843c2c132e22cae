package io.resultstore.connection;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.Column;
import java.time.Instant;
import java.util.List;

/** One source table as last synced: a Parquet blob of its rows, with the columns and count it held then. */
public record CachedTable(String connectionId, String schema, String table, String storageKey, List<Column> columns,
        long rowCount, long bytes, Instant syncedAt) {
    public CachedTable {
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
        requireNonNull(storageKey, "storageKey is null");
        columns = List.copyOf(columns);
        requireNonNull(syncedAt, "syncedAt is null");
    }

    /** Every sync gets a key of its own, so a replica's cached copy of an older one is never read. */
    public static String storageKeyFor(String connectionId, String version) {
        return "connections/" + connectionId + "/" + version + ".parquet";
    }
}
