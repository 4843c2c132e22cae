package io.resultstore.query;

import io.resultstore.engine.ExecutedQuery;
import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What {@code POST /query} answers: either the finished query ({@code executed} present) or, when it
 * outlived the wait timeout, only the run id to poll. {@code reused}: the rows come from a stored result. Whoever sends a finished answer must call
 * {@link #answered()} once it is out (or failed): the result's background write waits for that.
 */
public record QueryAnswer(String queryRunId, Optional<String> resultId, Optional<ExecutedQuery> executed,
        Optional<String> warning, PersistHandoff persist, boolean reused) {
    public QueryAnswer {
        requireNonNull(queryRunId, "queryRunId is null");
        requireNonNull(resultId, "resultId is null");
        requireNonNull(executed, "executed is null");
        requireNonNull(warning, "warning is null");
        requireNonNull(persist, "persist is null");
    }

    public static QueryAnswer running(String queryRunId) {
        PersistHandoff none = new PersistHandoff();
        none.answered();
        return new QueryAnswer(queryRunId, Optional.empty(), Optional.empty(), Optional.empty(), none, false);
    }

    /** The answer was sent, or could not be: the result's write may start. */
    public void answered() {
        persist.answered();
    }

    public boolean finished() {
        return executed.isPresent();
    }
}
