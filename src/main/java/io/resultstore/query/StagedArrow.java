package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.ArrowStream;
import io.resultstore.engine.QueryEngine;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A finished query's whole result as Arrow batches, read from where the engine staged it, for protocols that
 * send Arrow rather than the inline page. Open it before calling {@link QueryAnswer#answered()}: until then the
 * staged result cannot be dropped; once open, the background write may proceed and drop it without disturbing
 * the stream.
 */
public final class StagedArrow {
    /** Rows per batch: large enough to amortize per-batch costs, small enough to keep a batch a few MB. */
    static final int BATCH_ROWS = 64 * 1024;
    private final QueryEngine engine;

    public StagedArrow(QueryEngine engine) {
        this.engine = requireNonNull(engine, "engine is null");
    }

    public ArrowStream open(QueryAnswer answer, BufferAllocator allocator) {
        var executed = answer.executed().orElseThrow(() -> new IllegalStateException("query has not finished"));
        return engine.openStagedArrow(executed.stagedAs(), allocator, BATCH_ROWS);
    }
}
