package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/** A parsed {@code POST /query} body; absent fields take the server's defaults. */
public record QueryRequest(String sql, Optional<Duration> waitTimeout, Optional<Integer> maxInlineRows) {
    public QueryRequest {
        requireNonNull(sql, "sql is null");
        requireNonNull(waitTimeout, "waitTimeout is null");
        requireNonNull(maxInlineRows, "maxInlineRows is null");
    }
}
