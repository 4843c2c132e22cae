package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/** A parsed {@code POST /query} body; absent fields take the server's defaults ({@code engine}: the local one). */
public record QueryRequest(String sql, Optional<Duration> waitTimeout, Optional<Integer> maxInlineRows,
        Optional<String> engine) {
    public QueryRequest {
        requireNonNull(sql, "sql is null");
        requireNonNull(waitTimeout, "waitTimeout is null");
        requireNonNull(maxInlineRows, "maxInlineRows is null");
        requireNonNull(engine, "engine is null");
    }

    public QueryRequest(String sql, Optional<Duration> waitTimeout, Optional<Integer> maxInlineRows) {
        this(sql, waitTimeout, maxInlineRows, Optional.empty());
    }
}
