package io.resultstore.catalog;

import static java.util.Objects.requireNonNull;

import io.resultstore.common.Threads;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's WAL checkpoints, mostly off the write path. Left to SQLite, the commit that grows the WAL past 1,000
 * pages copies them into the database file and syncs both files while every other writer waits behind the one
 * write lock; 1 KiB payload PUTs at concurrency 16 write ~25,000 WAL pages a second, so that was a checkpoint every
 * ~40 ms with two syncs of several ms each on this kind of disk, and a quarter of two cores sat idle.
 *
 * <p>Here a daemon thread checkpoints every {@value #INTERVAL_MS} ms. {@code PASSIVE} passes beside the writers
 * (they wait for nobody) copy nearly everything, syncs included. But a WAL is only started over by a write that
 * finds every frame copied, which never happens while writers keep appending during each pass (the WAL grew to the
 * backstop, 16,000 pages, and the backstop's checkpoint then stalled writes for ~50 ms). So once the WAL holds
 * {@value #RESTART_FRAMES} pages, the round's last pass runs between two writes: it copies the few pages appended
 * during the previous pass (5-12 ms, mostly the two syncs) and the next write starts the WAL over. The writers' own
 * checkpoint stays as a backstop at {@value #BACKSTOP_PAGES} pages (64 MiB of WAL) for when this thread falls
 * behind or stops, and a WAL grown past {@value #WAL_SIZE_LIMIT} bytes is cut back to that when it restarts.
 */
final class WalCheckpointer implements AutoCloseable {
    static final int BACKSTOP_PAGES = 16_384;
    static final long WAL_SIZE_LIMIT = 16L << 20;
    static final long INTERVAL_MS = 250;
    /** A WAL this long is restarted: its last pass runs between two writes. */
    static final long RESTART_FRAMES = 4_096;
    /** Passes beside the writers per round at most, and a rest of frames small enough to copy between writes. */
    private static final int MAX_PASSES = 3;
    private static final long SMALL_REST = 256;
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    private final CatalogDb db;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("catalog-checkpoint"));
    /** The catalog's write count when the last complete round began; only this thread. */
    private long writesSeen;

    WalCheckpointer(CatalogDb db) {
        this.db = requireNonNull(db, "db is null");
        scheduler.scheduleWithFixedDelay(this::checkpoint, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void checkpoint() {
        long writes = db.writes();
        // Idle: nothing to copy, and no statement at all (an idle server does no work here).
        if (writes == writesSeen) {
            return;
        }
        try {
            long frames = db.read(WalCheckpointer::passive);
            // Writers keep appending while a pass copies: pass again beside them while that is much (fewer frames
            // than before: a writer started the WAL over meanwhile).
            for (int pass = 1; pass < MAX_PASSES && frames >= RESTART_FRAMES; pass++) {
                long before = frames;
                frames = db.read(WalCheckpointer::passive);
                if (frames - before < SMALL_REST) {
                    break;
                }
            }
            if (frames >= RESTART_FRAMES) {
                db.betweenWrites(WalCheckpointer::passive);
            }
            writesSeen = writes;
        } catch (RuntimeException e) {
            // The next round tries again, and the writers' backstop bounds the WAL meanwhile.
            log.debug("WAL checkpoint failed: {}", e.toString());
        }
    }

    /** A {@code PASSIVE} checkpoint; the frames in the WAL. */
    private static long passive(Handle h) throws SQLException {
        try (Statement s = h.getConnection().createStatement();
                ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return rs.next() ? rs.getLong(2) : 0;
        }
    }

    @Override
    public void close() {
        Threads.stop(scheduler, 5);
    }
}
