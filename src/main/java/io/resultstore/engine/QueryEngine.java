package io.resultstore.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

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

    /** Rows {@code offset .. offset+limit} of a result file, in file order, typed as {@code columns} say. */
    Page readPage(Path dataFile, List<Column> columns, long offset, int limit);

    /**
     * Hands every row of a result file, in file order, to {@code consumer} as one forward-only result set. The
     * engine streams it: only a chunk of rows is held at a time, whatever the file's size.
     */
    void scan(Path dataFile, List<Column> columns, RowScan consumer) throws IOException;

    @FunctionalInterface
    interface RowScan {
        void accept(ResultSet rows) throws SQLException, IOException;
    }

    @Override
    void close();
}
