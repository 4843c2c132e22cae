package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** {@code GET /query-runs/{id}}: {@code status} is {@code running | succeeded | failed | canceled}. */
public record QueryRun(String id, String status, String sqlText, String sqlHash, Optional<String> resultId,
                       Optional<String> resultStatus, Optional<Long> rowCount, Optional<Long> executionTimeMs,
                       Optional<String> errorMessage, Instant createdAt, Optional<Instant> completedAt) {
    public QueryRun {
        requireNonNull(id, "id is null");
        requireNonNull(status, "status is null");
        requireNonNull(sqlText, "sqlText is null");
        requireNonNull(sqlHash, "sqlHash is null");
        requireNonNull(resultId, "resultId is null");
        requireNonNull(resultStatus, "resultStatus is null");
        requireNonNull(rowCount, "rowCount is null");
        requireNonNull(executionTimeMs, "executionTimeMs is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(completedAt, "completedAt is null");
    }

    public boolean finished() {
        return !status.equals("running");
    }
}
