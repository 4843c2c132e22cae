package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A query that has its run: the run id, and the id its result is stored under once the statement ends (empty
 * with persistence off; a statement answered from a stored result names that result instead).
 */
public record QueryStart(String runId, Optional<String> resultId) {
    public QueryStart {
        requireNonNull(runId, "runId is null");
        requireNonNull(resultId, "resultId is null");
    }
}
