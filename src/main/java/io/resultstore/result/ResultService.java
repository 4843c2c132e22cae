package io.resultstore.result;

import static java.util.Objects.requireNonNull;

import io.resultstore.common.Ids;
import io.resultstore.error.ApiException;
import io.resultstore.engine.Page;
import io.resultstore.engine.QueryEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reading, listing and deleting results. */
public final class ResultService {
    private final ResultRepository results;
    private final ResultFiles files;
    private final QueryEngine engine;
    private final Clock clock;
    private final Duration deleteGrace;
    private final int defaultPageRows;
    private final int maxPageRows;

    public ResultService(ResultRepository results, ResultFiles files, QueryEngine engine, Clock clock,
            Duration deleteGrace, int defaultPageRows, int maxPageRows) {
        this.results = requireNonNull(results, "results is null");
        this.files = requireNonNull(files, "files is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.deleteGrace = requireNonNull(deleteGrace, "deleteGrace is null");
        this.defaultPageRows = defaultPageRows;
        this.maxPageRows = maxPageRows;
    }

    /** A result that exists (not a tombstone): 400 for a malformed id, 404 unknown, 410 deleted or expired. */
    public Result require(String id) {
        if (!Ids.isValid(Ids.RESULT, id)) {
            throw ApiException.badRequest("invalid result id: expected 'rslt' followed by 26 characters [0-9a-z]");
        }
        Result r = results.find(id).orElseThrow(() -> ApiException.notFound("result " + id + " not found"));
        if (r.status().isTombstone()) {
            throw ApiException.gone("result " + id + " was " + r.status().wire());
        }
        return r;
    }

    /** The result with one page of its rows when ready. A ready result whose file vanished comes back failed. */
    public ResultPage page(String id, long offset, Optional<Integer> limit) {
        if (offset < 0) {
            throw ApiException.badRequest("offset must not be negative");
        }
        int rows = limit.orElse(defaultPageRows);
        if (rows < 0) {
            throw ApiException.badRequest("limit must not be negative");
        }
        rows = Math.min(rows, maxPageRows);
        Result r = require(id);
        if (r.status() != ResultStatus.READY) {
            return new ResultPage(r, Optional.empty(), offset, rows);
        }
        if (!files.checkExists(r)) {
            return new ResultPage(require(id), Optional.empty(), offset, rows);
        }
        Page page = offset >= r.rowCount() ? new Page(List.of()) : engine.readPage(files.localFile(r), r.columns(), offset, rows);
        return new ResultPage(r, Optional.of(page), offset, rows);
    }

    public List<Result> list(Optional<ResultStatus> status, int limit, int offset) {
        return results.list(status, limit, offset);
    }

    /** Removes the result from the catalog now (later reads: 410) and its file after the grace period. */
    public void delete(String id) {
        require(id);
        results.tombstone(id, ResultStatus.DELETED, clock.instant(), clock.instant().plus(deleteGrace))
                .orElseThrow(() -> ApiException.gone("result " + id + " was deleted"));
        engine.hideResult(id);
    }

    public record ResultPage(Result result, Optional<Page> page, long offset, int limit) {
        public boolean hasMore() {
            return offset + page.map(p -> p.rows().size()).orElse(0) < result.rowCount();
        }
    }
}
