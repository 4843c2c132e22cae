package io.resultstore.run;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** How a run ended: written once, from {@code running} only. */
public record RunCompletion(
        RunStatus status,
        Optional<String> resultId,
        Optional<Long> rowCount,
        long executionTimeMs,
        Optional<String> errorMessage,
        Instant completedAt,
        Optional<String> reusedFrom) {

    public RunCompletion {
        requireNonNull(status, "status is null");
        requireNonNull(resultId, "resultId is null");
        requireNonNull(rowCount, "rowCount is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(completedAt, "completedAt is null");
        requireNonNull(reusedFrom, "reusedFrom is null");
    }

    /** A run that ran its statement (not answered from a stored result). */
    public RunCompletion(RunStatus status, Optional<String> resultId, Optional<Long> rowCount, long executionTimeMs,
            Optional<String> errorMessage, Instant completedAt) {
        this(status, resultId, rowCount, executionTimeMs, errorMessage, completedAt, Optional.empty());
    }
}
