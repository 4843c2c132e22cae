package io.resultstore.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A query's answer: {@code rows} holds the first rows of its result, already encoded for the wire. When the
 * statement ran, its full result sits in the engine's staging table {@code stagedAs} (for
 * {@link QueryEngine#openStagedArrow}); an answer taken from a stored result has none.
 */
public record ExecutedQuery(List<Column> columns, long rowCount, List<Object[]> rows, long executionTimeMs,
        Optional<String> stagedAs) {
    public ExecutedQuery {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        requireNonNull(stagedAs, "stagedAs is null");
    }

    /** An answer with nothing staged. */
    public ExecutedQuery(List<Column> columns, long rowCount, List<Object[]> rows, long executionTimeMs) {
        this(columns, rowCount, rows, executionTimeMs, Optional.empty());
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public List<Boolean> nullable() {
        return columns.stream().map(Column::nullable).toList();
    }
}
