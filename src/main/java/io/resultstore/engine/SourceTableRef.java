package io.resultstore.engine;

import static java.util.Objects.requireNonNull;

/** A table of a connected source as a statement names it: {@code "<connection>"."<schema>"."<table>"}. */
public record SourceTableRef(String connection, String schema, String table) {
    public SourceTableRef {
        requireNonNull(connection, "connection is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
    }

    @Override
    public String toString() {
        return connection + "." + schema + "." + table;
    }
}
