package io.resultstore.client;

import java.util.List;

/** One page of {@code GET /results}, newest first. */
public record ResultList(List<ResultSummary> results, int count, int offset, int limit, boolean hasMore) {
    public ResultList {
        results = Rows.copyOrEmpty(results);
    }
}
