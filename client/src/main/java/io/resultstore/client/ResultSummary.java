package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** An item of {@code GET /results}. */
public record ResultSummary(String id, String status, Instant createdAt, Optional<Long> rowCount, Optional<Long> bytes,
                            Optional<String> errorMessage, Optional<Instant> expiresAt) {
    public ResultSummary {
        requireNonNull(id, "id is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(rowCount, "rowCount is null");
        requireNonNull(bytes, "bytes is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }
}
