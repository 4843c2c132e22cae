package io.resultstore.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A query that ran to completion: its full result sits in the engine's staging table, {@code rows} holds the
 * first rows of it, already encoded for the wire. {@code stagedAs} names that table for
 * {@link QueryEngine#openStagedArrow}.
 */
public record ExecutedQuery(List<Column> columns, long rowCount, List<Object[]> rows, long executionTimeMs,
        String stagedAs) {
    public ExecutedQuery {
        requireNonNull(stagedAs, "stagedAs is null");
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public List<Boolean> nullable() {
        return columns.stream().map(Column::nullable).toList();
    }
}
