package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What {@code POST /query} answers: either the finished query ({@code executed} present) or, when it
 * outlived the wait timeout, only the run id to poll.
 */
public record QueryAnswer(String queryRunId, Optional<String> resultId, Optional<ExecutedQuery> executed,
        Optional<String> warning) {
    public QueryAnswer {
        requireNonNull(queryRunId, "queryRunId is null");
        requireNonNull(resultId, "resultId is null");
        requireNonNull(executed, "executed is null");
        requireNonNull(warning, "warning is null");
    }

    public static QueryAnswer running(String queryRunId) {
        return new QueryAnswer(queryRunId, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean finished() {
        return executed.isPresent();
    }
}
