package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.RowTap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One query to run; absent fields take the server's defaults. {@code reuse} false forces the statement to run
 * even when a stored result could answer it; {@code engine} absent means the local one. {@code parameters} are
 * bound in order to the statement's positional placeholders ({@code ?}, {@code $1}); a null element is SQL NULL.
 * They are part of what the query is: the same SQL with other parameters is another query (and reuse key).
 * {@code tap}, when the engine can, sees the rows as Arrow batches while they are produced and staged (a protocol
 * that streams the whole result); the result is staged and persisted as for any query either way.
 */
public record QueryRequest(String sql, Optional<Duration> waitTimeout, Optional<Integer> maxInlineRows,
        boolean reuse, Optional<String> engine, List<Object> parameters, Optional<RowTap> tap) {
    public QueryRequest {
        requireNonNull(tap, "tap is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(waitTimeout, "waitTimeout is null");
        requireNonNull(maxInlineRows, "maxInlineRows is null");
        requireNonNull(engine, "engine is null");
        // Not List.copyOf: a parameter may be null.
        parameters = Collections.unmodifiableList(new ArrayList<>(requireNonNull(parameters, "parameters is null")));
    }

    public QueryRequest(String sql, Optional<Duration> waitTimeout, Optional<Integer> maxInlineRows, boolean reuse,
            Optional<String> engine, List<Object> parameters) {
        this(sql, waitTimeout, maxInlineRows, reuse, engine, parameters, Optional.empty());
    }

    public QueryRequest(String sql, Optional<Duration> waitTimeout, Optional<Integer> maxInlineRows, boolean reuse,
            Optional<String> engine) {
        this(sql, waitTimeout, maxInlineRows, reuse, engine, List.of());
    }

    public QueryRequest(String sql, Optional<Duration> waitTimeout, Optional<Integer> maxInlineRows,
            boolean reuse) {
        this(sql, waitTimeout, maxInlineRows, reuse, Optional.empty());
    }

    public QueryRequest(String sql, Optional<Duration> waitTimeout, Optional<Integer> maxInlineRows) {
        this(sql, waitTimeout, maxInlineRows, true);
    }
}
