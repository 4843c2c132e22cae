package io.resultstore.engine;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The statement a session is running, for a cancel that may come from any thread: before the statement starts
 * (it then never starts), while it runs (the driver stops it), or after (nothing to stop).
 */
public final class RunningStatement {
    /**
     * How often a streamed statement is interrupted again until it ended: an interrupt that lands between the
     * engine's statements (the execute and its first fetch) is reset by the next one.
     */
    static final Duration REINTERRUPT = Duration.ofMillis(50);

    /** Guards the statement's end against an interrupt under way: none reaches a connection after {@link #end}. */
    private final Object lock = new Object();
    private volatile Statement running;
    private Runnable interrupt;
    private boolean interrupting;
    private volatile boolean canceled;

    /** Registers {@code st} as running; throws when a cancel came first. */
    public void start(Statement st) throws SQLException {
        start(st, null);
    }

    /**
     * As {@link #start(Statement)}, for a statement whose rows are still being computed after it returned (a
     * streamed result): a cancel calls {@code interrupt}, which stops that where the driver's cancel only reaches
     * an execute in progress, and calls it again every {@link #REINTERRUPT} until {@link #end}.
     */
    public void start(Statement st, Runnable interrupt) throws SQLException {
        synchronized (lock) {
            this.interrupt = interrupt;
            this.interrupting = false;
            running = st;
        }
        if (canceled) {
            throw new SQLException("canceled before start");
        }
    }

    public void end() {
        synchronized (lock) {
            running = null;
            interrupt = null;
        }
    }

    public void cancel() {
        canceled = true;
        Statement st = running;
        if (st == null) {
            return;
        }
        try {
            st.cancel();
        } catch (SQLException ignored) {
            // the statement finished meanwhile
        }
        synchronized (lock) {
            if (running != st || interrupt == null || interrupting) {
                return;
            }
            interrupting = true;
            interrupt.run();
        }
        Thread.ofVirtual().name("interrupt-statement").start(() -> {
            while (interruptAgain(st)) {
                try {
                    Thread.sleep(REINTERRUPT);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Interrupts {@code st} once more; false once it ended. */
    private boolean interruptAgain(Statement st) {
        synchronized (lock) {
            if (running != st || interrupt == null) {
                return false;
            }
            interrupt.run();
            return true;
        }
    }

    public boolean canceled() {
        return canceled;
    }
}
