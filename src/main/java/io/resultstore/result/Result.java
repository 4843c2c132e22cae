package io.resultstore.result;

import io.resultstore.engine.Column;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A result as the catalog knows it. {@code storageKey} is set only once the data file is published. */
public record Result(
        String id,
        ResultStatus status,
        String queryRunId,
        Instant createdAt,
        Optional<Instant> completedAt,
        long rowCount,
        Optional<Long> bytes,
        List<Column> columns,
        Optional<String> storageKey,
        Optional<String> errorMessage,
        Optional<Instant> expiresAt,
        Optional<String> reuseKey) {

    public Result {
        requireNonNull(id, "id is null");
        requireNonNull(status, "status is null");
        requireNonNull(queryRunId, "queryRunId is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(completedAt, "completedAt is null");
        requireNonNull(bytes, "bytes is null");
        columns = List.copyOf(columns);
        requireNonNull(storageKey, "storageKey is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(reuseKey, "reuseKey is null");
    }

    public static Result processing(String id, String queryRunId, Instant createdAt, long rowCount, List<Column> columns) {
        return new Result(id, ResultStatus.PROCESSING, queryRunId, createdAt, Optional.empty(), rowCount,
                Optional.empty(), columns, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Result withExpiresAt(Optional<Instant> at) {
        return new Result(id, status, queryRunId, createdAt, completedAt, rowCount, bytes, columns, storageKey,
                errorMessage, at, reuseKey);
    }

    /** The key under which a repeated deterministic statement finds this result; see the reuse rules. */
    public Result withReuseKey(Optional<String> key) {
        return new Result(id, status, queryRunId, createdAt, completedAt, rowCount, bytes, columns, storageKey,
                errorMessage, expiresAt, key);
    }

    /** Where a result's data file lives in blob storage. */
    public static String storageKeyFor(String id) {
        return "results/" + id + "/data.parquet";
    }
}
