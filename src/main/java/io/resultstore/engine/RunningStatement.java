package io.resultstore.engine;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The statement a session is running, for a cancel that may come from any thread: before the statement starts
 * (it then never starts), while it runs (the driver stops it), or after (nothing to stop).
 */
public final class RunningStatement {
    private volatile Statement running;
    private volatile boolean canceled;

    /** Registers {@code st} as running; throws when a cancel came first. */
    public void start(Statement st) throws SQLException {
        running = st;
        if (canceled) {
            throw new SQLException("canceled before start");
        }
    }

    public void end() {
        running = null;
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
        }
    }

    public boolean canceled() {
        return canceled;
    }
}
