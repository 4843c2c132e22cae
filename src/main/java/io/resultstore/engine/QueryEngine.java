package io.resultstore.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The SQL engine seam. A query's full result is staged inside the engine under the result id, then written
 * out by the persister ({@link StagedResults}); ready results are exposed back as {@code results."<id>"}.
 */
public interface QueryEngine extends StagedResults, AutoCloseable {
    /** What {@code POST /query}'s {@code engine} field calls it, and what a run records. */
    String name();

    /** A connection for one query; closing it frees everything but the staged result. */
    QuerySession openSession();

    /** Makes {@code results."<id>"} read the given data file. Idempotent. */
    void exposeResult(String resultId, Path dataFile, List<Column> columns);

    /** Forgets {@code results."<id>"}; later statements naming it fail. */
    void hideResult(String resultId);

    /**
     * Makes {@code datasets."<name>"} read the given Parquet file. Idempotent. An engine without a schema of
     * named tables refuses.
     */
    default void exposeDataset(String name, Path dataFile, List<Column> columns) {
        throw new io.resultstore.error.ApiException(io.resultstore.error.ErrorCode.FORBIDDEN_STATEMENT,
                "this engine does not serve datasets");
    }

    /** Forgets {@code datasets."<name>"}; later statements naming it fail. */
    default void hideDataset(String name) {}

    /**
     * Makes {@code "<connection>"."<schema>"."<table>"} read the given Parquet file (a connected source's table as
     * last synced). Idempotent. An engine without such names refuses.
     */
    default void exposeSourceTable(SourceTableRef table, Path dataFile, List<Column> columns) {
        throw new io.resultstore.error.ApiException(io.resultstore.error.ErrorCode.FORBIDDEN_STATEMENT,
                "this engine does not serve connected sources");
    }

    /** Forgets every table of that connection; later statements naming one fail. */
    default void hideConnection(String connection) {}

    /** Rows {@code offset .. offset+limit} of a result file, in file order, typed as {@code columns} say. */
    Page readPage(Path dataFile, List<Column> columns, long offset, int limit);

    /**
     * Hands every row of a result file, in file order, to {@code consumer} as one forward-only result set. The
     * engine streams it: only a chunk of rows is held at a time, whatever the file's size.
     */
    void scan(Path dataFile, List<Column> columns, RowScan consumer) throws IOException;

    /**
     * Opens the staged result {@code stagedAs} (see {@link ExecutedQuery#stagedAs}) as Arrow batches of at most
     * {@code batchRows} rows, allocated from {@code allocator}, with the engine's native Arrow types. The stream
     * reads a snapshot: the staged table may be written out and dropped meanwhile without disturbing it.
     */
    default ArrowStream openStagedArrow(String stagedAs, BufferAllocator allocator, int batchRows) {
        throw new UnsupportedOperationException("this engine cannot export Arrow");
    }

    /** A result file's rows, in file order and typed as {@code columns} say, as Arrow batches. */
    default ArrowStream openFileArrow(Path dataFile, List<Column> columns, BufferAllocator allocator, int batchRows) {
        throw new UnsupportedOperationException("this engine cannot export Arrow");
    }

    @FunctionalInterface
    interface RowScan {
        void accept(ResultSet rows) throws SQLException, IOException;
    }

    @Override
    void close();
}
