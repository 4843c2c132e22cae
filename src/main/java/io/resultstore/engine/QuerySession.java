package io.resultstore.engine;

import io.resultstore.error.ApiException;
import java.util.List;

/** One query's hold on the engine. {@link #cancel} may be called from any thread. */
public interface QuerySession extends AutoCloseable {
    /** Checks the statement against the sandbox policy. */
    CheckedStatement check(String sql);

    /**
     * Runs the statement into the staging table of {@code resultId} and reads back at most {@code maxRows}
     * rows. Throws {@link io.resultstore.error.ApiException} {@code SQL_ERROR} when the engine refuses it.
     */
    ExecutedQuery execute(CheckedStatement statement, String resultId, int maxRows);

    /**
     * As {@link #execute(CheckedStatement, String, int)}, with {@code parameters} bound to the statement's
     * positional placeholders ({@code ?} or {@code $1}); a null element binds SQL NULL.
     */
    default ExecutedQuery execute(CheckedStatement statement, List<Object> parameters, String resultId, int maxRows) {
        if (!parameters.isEmpty()) {
            throw ApiException.badRequest("this engine does not take statement parameters");
        }
        return execute(statement, resultId, maxRows);
    }

    /**
     * As {@link #execute(CheckedStatement, List, String, int)}, and while the rows are staged the engine may also
     * hand them to {@code tap} as they are produced. An engine that cannot never calls the tap.
     */
    default ExecutedQuery execute(CheckedStatement statement, List<Object> parameters, String resultId, int maxRows,
            java.util.Optional<RowTap> tap) {
        return execute(statement, parameters, resultId, maxRows);
    }

    /** The statement's placeholders, learned without running it. */
    default StatementShape describe(CheckedStatement statement) {
        throw ApiException.badRequest("this engine cannot prepare statements");
    }

    /** Interrupts a running {@link #execute}; harmless when nothing runs. */
    void cancel();

    boolean wasCanceled();

    @Override
    void close();
}
