package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /results/{id}}: a {@code ready} result carries the columns and the rows {@code offset ..
 * offset + limit} of {@code rowCount}; a {@code processing} or {@code failed} one only its status and error.
 */
public record ResultPage(String resultId, String status, Optional<String> errorMessage, List<String> columns,
                         List<Boolean> nullable, List<List<JsonNode>> rows, long rowCount, long offset, long limit,
                         boolean hasMore) {
    public ResultPage {
        requireNonNull(resultId, "resultId is null");
        requireNonNull(status, "status is null");
        requireNonNull(errorMessage, "errorMessage is null");
        columns = Rows.copyOrEmpty(columns);
        nullable = Rows.copyOrEmpty(nullable);
        rows = Rows.copy(rows);
    }

    public boolean ready() {
        return status.equals("ready");
    }
}
