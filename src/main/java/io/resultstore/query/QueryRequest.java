package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * A parsed {@code POST /query} body; absent fields take the server's defaults. {@code reuse} false forces the
 * statement to run even when a stored result could answer it; {@code engine} absent means the local one.
 */
public record QueryRequest(String sql, Optional<Duration> waitTimeout, Optional<Integer> maxInlineRows,
        boolean reuse, Optional<String> engine) {
    public QueryRequest {
        requireNonNull(sql, "sql is null");
        requireNonNull(waitTimeout, "waitTimeout is null");
        requireNonNull(maxInlineRows, "maxInlineRows is null");
        requireNonNull(engine, "engine is null");
    }

    public QueryRequest(String sql, Optional<Duration> waitTimeout, Optional<Integer> maxInlineRows,
            boolean reuse) {
        this(sql, waitTimeout, maxInlineRows, reuse, Optional.empty());
    }

    public QueryRequest(String sql, Optional<Duration> waitTimeout, Optional<Integer> maxInlineRows) {
        this(sql, waitTimeout, maxInlineRows, true);
    }
}
