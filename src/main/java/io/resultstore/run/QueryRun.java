package io.resultstore.run;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** One execution of a SQL statement, kept as history whether it succeeded or not. */
public record QueryRun(
        String id,
        RunStatus status,
        String sqlText,
        String sqlHash,
        Optional<String> resultId,
        Optional<Long> rowCount,
        Optional<Long> executionTimeMs,
        Optional<String> errorMessage,
        Instant createdAt,
        Optional<Instant> completedAt,
        Optional<String> reusedFrom,
        String engine,
        Optional<String> traceId) {

    public QueryRun {
        requireNonNull(id, "id is null");
        requireNonNull(status, "status is null");
        requireNonNull(sqlText, "sqlText is null");
        requireNonNull(sqlHash, "sqlHash is null");
        requireNonNull(resultId, "resultId is null");
        requireNonNull(rowCount, "rowCount is null");
        requireNonNull(executionTimeMs, "executionTimeMs is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(completedAt, "completedAt is null");
        requireNonNull(reusedFrom, "reusedFrom is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(traceId, "traceId is null");
    }

    /** A run on the local engine. */
    public static QueryRun running(String id, String sqlText, String sqlHash, Instant createdAt) {
        return running(id, sqlText, sqlHash, createdAt, "duckdb", Optional.empty());
    }

    /** {@code traceId}: the W3C trace the run's spans belong to (32 hex digits). */
    public static QueryRun running(String id, String sqlText, String sqlHash, Instant createdAt, String engine,
            Optional<String> traceId) {
        return new QueryRun(id, RunStatus.RUNNING, sqlText, sqlHash, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), createdAt, Optional.empty(), Optional.empty(), engine, traceId);
    }
}
