package io.resultstore.engine;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The statement a session is running, for a cancel that may come from any thread: before the statement starts
 * (it then never starts), while it runs (the driver stops it), or after (nothing to stop).
 */
public final class RunningStatement {
    private volatile Statement running;
    private volatile Runnable interrupt = () -> { };
    private volatile boolean canceled;

    /** Registers {@code st} as running; throws when a cancel came first. */
    public void start(Statement st) throws SQLException {
        start(st, () -> { });
    }

    /**
     * As {@link #start(Statement)}, for a statement whose rows are still being computed after it returned (a
     * streamed result): {@code interrupt} stops that, where the driver's cancel only reaches a statement in
     * progress.
     */
    public void start(Statement st, Runnable interrupt) throws SQLException {
        this.interrupt = interrupt;
        running = st;
        if (canceled) {
            throw new SQLException("canceled before start");
        }
    }

    public void end() {
        running = null;
        interrupt = () -> { };
    }

    public void cancel() {
        canceled = true;
        Statement st = running;
        if (st != null) {
            try {
                st.cancel();
            } catch (SQLException ignored) {
                // the statement finished meanwhile
            }
            interrupt.run();
        }
    }

    public boolean canceled() {
        return canceled;
    }
}
