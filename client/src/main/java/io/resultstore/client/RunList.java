package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** One page of {@code GET /query-runs}, newest first; {@code nextCursor} fetches the next one. */
public record RunList(List<QueryRun> queryRuns, int count, int limit, boolean hasMore, Optional<String> nextCursor) {
    public RunList {
        queryRuns = Rows.copyOrEmpty(queryRuns);
        requireNonNull(nextCursor, "nextCursor is null");
    }
}
