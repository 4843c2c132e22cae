package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A finished query: the rows the server put inline ({@code truncated} when there are fewer than {@code rowCount}) and
 * the id of the result that keeps all of them. {@code resultId} is empty, with a {@code warning}, when the server
 * could not create the result.
 */
public record QueryAnswer(String queryRunId, Optional<String> resultId, List<String> columns, List<Boolean> nullable,
                          List<List<JsonNode>> rows, long rowCount, boolean truncated, long executionTimeMs,
                          Optional<String> warning) {
    public QueryAnswer {
        requireNonNull(queryRunId, "queryRunId is null");
        requireNonNull(resultId, "resultId is null");
        columns = Rows.copyOrEmpty(columns);
        nullable = Rows.copyOrEmpty(nullable);
        rows = Rows.copy(rows);
        requireNonNull(warning, "warning is null");
    }
}
