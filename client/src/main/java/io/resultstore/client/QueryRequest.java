package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The body of {@code POST /query}: the SQL, how long the server may hold the answer before it says 202 (absent = the
 * server's {@code query.wait_timeout}; zero = answer 202 at once) and how many rows it puts inline.
 */
public record QueryRequest(String sql, Optional<Duration> waitTimeout, Optional<Integer> maxInlineRows) {
    public QueryRequest {
        requireNonNull(sql, "sql is null");
        requireNonNull(waitTimeout, "waitTimeout is null");
        requireNonNull(maxInlineRows, "maxInlineRows is null");
    }

    public static QueryRequest of(String sql) {
        return new QueryRequest(sql, Optional.empty(), Optional.empty());
    }

    public QueryRequest withWaitTimeout(Duration timeout) {
        return new QueryRequest(sql, Optional.of(timeout), maxInlineRows);
    }

    public QueryRequest withMaxInlineRows(int rows) {
        return new QueryRequest(sql, waitTimeout, Optional.of(rows));
    }
}
