package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.ArrowStream;
import io.resultstore.engine.ExecutedQuery;
import io.resultstore.engine.QueryEngine;
import io.resultstore.result.Result;
import io.resultstore.result.ResultFiles;
import io.resultstore.result.ResultService;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A finished query's whole result as Arrow batches, for protocols that send Arrow rather than the inline page:
 * read from where the engine staged it, or, for an answer taken from a stored result, from that result's file.
 * Open it before calling {@link QueryAnswer#answered()}: until then the staged result cannot be dropped; once
 * open, the background write may proceed and drop it without disturbing the stream.
 */
public final class ArrowAnswers {
    /** Rows per batch: large enough to amortize per-batch costs, small enough to keep a batch a few MB. */
    static final int BATCH_ROWS = 64 * 1024;
    private final QueryEngine engine;
    private final ResultService results;
    private final ResultFiles files;

    public ArrowAnswers(QueryEngine engine, ResultService results, ResultFiles files) {
        this.engine = requireNonNull(engine, "engine is null");
        this.results = requireNonNull(results, "results is null");
        this.files = requireNonNull(files, "files is null");
    }

    public ArrowStream open(QueryAnswer answer, BufferAllocator allocator) {
        ExecutedQuery executed = answer.executed().orElseThrow(() -> new IllegalStateException("query has not finished"));
        if (executed.stagedAs().isPresent()) {
            return engine.openStagedArrow(executed.stagedAs().get(), allocator, BATCH_ROWS);
        }
        Result stored = results.require(answer.resultId()
                .orElseThrow(() -> new IllegalStateException("answer without rows or result")));
        return engine.openFileArrow(files.localFile(stored), stored.columns(), allocator, BATCH_ROWS);
    }
}
