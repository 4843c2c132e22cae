package io.resultstore.connection;

import static java.util.Objects.requireNonNull;

/** A table (or view) the source's information schema lists. */
public record SourceTable(String schema, String table, String kind) {
    public SourceTable {
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
        requireNonNull(kind, "kind is null");
    }
}
