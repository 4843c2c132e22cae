package io.resultstore.query;

import io.resultstore.result.Column;
import java.nio.file.Path;
import java.util.List;

/**
 * The SQL engine seam. A query's full result is staged inside the engine under the result id, then written
 * out by the persister ({@link StagedResults}); ready results are exposed back as {@code results."<id>"}.
 */
public interface QueryEngine extends StagedResults, AutoCloseable {
    /** A connection for one query; closing it frees everything but the staged result. */
    QuerySession openSession();

    /** Makes {@code results."<id>"} read the given data file. Idempotent. */
    void exposeResult(String resultId, Path dataFile, List<Column> columns);

    /** Forgets {@code results."<id>"}; later statements naming it fail. */
    void hideResult(String resultId);

    /** Rows {@code offset .. offset+limit} of a result file, in file order, typed as {@code columns} say. */
    Page readPage(Path dataFile, List<Column> columns, long offset, int limit);

    @Override
    void close();
}
