package io.resultstore.engine;

/** One query's hold on the engine. {@link #cancel} may be called from any thread. */
public interface QuerySession extends AutoCloseable {
    /** Checks the statement against the sandbox policy. */
    CheckedStatement check(String sql);

    /**
     * Runs the statement into the staging table of {@code resultId} and reads back at most {@code maxRows}
     * rows. Throws {@link io.resultstore.error.ApiException} {@code SQL_ERROR} when the engine refuses it.
     */
    ExecutedQuery execute(CheckedStatement statement, String resultId, int maxRows);

    /** Interrupts a running {@link #execute}; harmless when nothing runs. */
    void cancel();

    boolean wasCanceled();

    @Override
    void close();
}
